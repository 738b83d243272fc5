import re

import pytest
from playwright.sync_api import expect

from microblog import main

from ..support.live import LiveServer
from .conftest import PASSWORD, sign_in


@pytest.fixture
def gravatar_server(server_settings):
    """The site with ``AVATARS=gravatar``."""
    server = LiveServer(main({}, **{**server_settings, "microblog.avatars": "gravatar"})).start()
    yield server
    server.stop()


def test_a_user_publishes_a_post_and_sees_it_with_a_relative_date(live_server, page):
    live_server.create_user("ana", PASSWORD)
    sign_in(page, live_server, "ana")

    page.fill("textarea[name=post]", "My first post, written in a real browser")
    page.click("#homeviewsubmit")

    expect(page.locator(".alert-success")).to_contain_text("Your post is now live!")
    post = page.locator("article.post").first
    expect(post.locator(".post-body")).to_have_text("My first post, written in a real browser")
    # the <time> element is rewritten by the page's script into words in the page's language
    expect(post.locator("time.rendered")).to_have_text("now")


def test_dates_follow_the_page_language(live_server, new_page):
    live_server.create_user("ana", PASSWORD)
    page = new_page(locale="es-ES")
    sign_in(page, live_server, "ana")
    page.fill("textarea[name=post]", "Una entrada escrita en un navegador de verdad")
    page.click("#homeviewsubmit")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("article.post time.rendered").first).to_have_text("ahora")


def test_unreachable_avatars_are_replaced_by_a_silhouette(gravatar_server, page):
    gravatar_server.create_user("ana", PASSWORD)
    # the opt-in Gravatar, as on a machine without internet: it cannot be reached
    page.route("https://www.gravatar.com/**", lambda route: route.abort())
    sign_in(page, gravatar_server, "ana")
    page.fill("textarea[name=post]", "A post whose author has no reachable avatar")
    page.click("#homeviewsubmit")
    avatar = page.locator("article.post img.avatar").first
    expect(avatar).to_have_attribute("src", re.compile(r"^data:image/svg\+xml,"))
    page.goto(f"{gravatar_server.url}/user/ana")
    expect(page.locator(".profile img.avatar")).to_have_attribute(
        "src", re.compile(r"^data:image/svg\+xml,")
    )


def test_avatars_come_from_the_site_itself_by_default(live_server, page):
    live_server.create_user("ana", PASSWORD)
    sign_in(page, live_server, "ana")
    page.fill("textarea[name=post]", "A post with the avatar the site drew")
    page.click("#homeviewsubmit")
    avatar = page.locator("article.post img.avatar").first
    expect(avatar).to_have_attribute("src", re.compile(rf"^{live_server.url}/avatar/\d+\.svg"))
    # it loads: a picture, not a broken image
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=avatar.element_handle()
    )
