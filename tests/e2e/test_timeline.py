import re

from playwright.sync_api import expect

from .conftest import PASSWORD, sign_in


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


def test_unreachable_avatars_are_replaced_by_a_silhouette(live_server, page):
    live_server.create_user("ana", PASSWORD)
    # as on a machine without internet: Gravatar cannot be reached
    page.route("https://www.gravatar.com/**", lambda route: route.abort())
    sign_in(page, live_server, "ana")
    page.fill("textarea[name=post]", "A post whose author has no reachable avatar")
    page.click("#homeviewsubmit")
    avatar = page.locator("article.post img.avatar").first
    expect(avatar).to_have_attribute("src", re.compile(r"^data:image/svg\+xml,"))
    page.goto(f"{live_server.url}/user/ana")
    expect(page.locator(".profile img.avatar")).to_have_attribute(
        "src", re.compile(r"^data:image/svg\+xml,")
    )
