"""Translating a post in place, in a real browser, with a local LibreTranslate behind."""

import pytest
from playwright.sync_api import expect

from microblog.models import Post

from ..support.fake_translators import libretranslate_answer
from .conftest import PASSWORD, sign_in

SPANISH = "Hola, ¿cómo estás hoy? Hace un día precioso en Madrid."
ENGLISH = "Hello, how are you today? It is a lovely day in Madrid."


@pytest.fixture
def server_settings(server_settings, libre):
    return {
        **server_settings,
        "microblog.translator": "libretranslate",
        "microblog.libretranslate_url": libre.url,
    }


@pytest.fixture
def spanish_post(live_server):
    live_server.create_user("ana", PASSWORD)
    bob = live_server.create_user("bob", PASSWORD)
    with live_server.session() as session:
        post = Post(body=SPANISH, user_id=bob, language="es")
        session.add(post)
        session.commit()
        return post.id


def open_explore_as_english_reader(new_page, live_server):
    page = new_page(locale="en-US")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/explore")
    page.evaluate("window.stillTheSamePage = true")
    return page


def test_an_english_reader_translates_a_spanish_post_in_place(
    live_server, new_page, libre, spanish_post
):
    page = open_explore_as_english_reader(new_page, live_server)
    post = page.locator(f"#post-{spanish_post}")
    libre.hold()

    post.get_by_role("button", name="Translate").click()

    expect(post.get_by_role("status")).to_have_text("Translating…")
    libre.release()
    expect(post.locator(".translated-text")).to_have_text(ENGLISH)
    expect(post.locator(".translated-text")).to_have_attribute("lang", "en")
    expect(post.get_by_role("button", name="Translate")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True, "the page was reloaded"
    assert libre.received[0].body["q"] == SPANISH


def test_a_failed_translation_shows_a_readable_error_and_can_be_retried(
    live_server, new_page, libre, spanish_post
):
    libre.answer = lambda request: (500, {"error": "engine on fire"})
    page = open_explore_as_english_reader(new_page, live_server)
    post = page.locator(f"#post-{spanish_post}")

    post.get_by_role("button", name="Translate").click()

    expect(post.locator(".translation-error")).to_have_text(
        "Error: the translation service failed. Please try again later."
    )
    libre.answer = libretranslate_answer
    post.get_by_role("button", name="Translate").click()
    expect(post.locator(".translated-text")).to_have_text(ENGLISH)


def test_a_translation_that_can_never_work_takes_its_link_away(live_server, new_page, libre):
    live_server.create_user("ana", PASSWORD)
    bob = live_server.create_user("bob", PASSWORD)
    with live_server.session() as session:
        # a language tag /translate refuses (400): asking again would fail the same way
        post = Post(body="Qapla' batlh Daqawlu'taH", user_id=bob, language="xx")
        session.add(post)
        session.commit()
        post_id = post.id
    page = open_explore_as_english_reader(new_page, live_server)
    post = page.locator(f"#post-{post_id}")

    post.get_by_role("button", name="Translate").click()

    expect(post.locator(".translation-error")).to_be_visible()
    expect(post.get_by_role("button", name="Translate")).to_have_count(0)
    assert libre.received == []
