"""HTML kept for many readers (a post's card, per process: ``cards.card_html``; the home
page's blank post form, per application and language: ``FormView.blank_form_kept``) must
never show one reader's token to another, nor a count or a state that has since changed."""

import webtest

from ..conftest import shared_environ
from ..support.factories import login, make_posts, make_user


def _browser(app, tm, dbsession, username):
    browser = webtest.TestApp(app, extra_environ=shared_environ(tm, dbsession))
    login(browser, username)
    return browser


def _like_button(page, post):
    return page.html.select_one(f"#post-{post.id} .like-button")


def test_kept_cards_carry_each_readers_own_token_and_the_current_counts(
    app, tm, dbsession, ana, bob
):
    [post] = make_posts(dbsession, make_user(dbsession, "carol"), 1)
    ana_browser, bob_browser = (_browser(app, tm, dbsession, name) for name in ("ana", "bob"))
    bob_browser.get("/explore")  # the card is kept from bob's page on
    page = ana_browser.get("/explore")
    like = next(f for f in page.forms.values() if f.action.endswith(f"/post/{post.id}/like"))
    bob_like = next(
        f
        for f in bob_browser.get("/explore").forms.values()
        if f.action.endswith(f"/post/{post.id}/like")
    )
    assert like["csrf_token"].value != bob_like["csrf_token"].value
    assert like.submit().status_int == 303  # ana's own token: the like is taken

    ana_button = _like_button(ana_browser.get("/explore"), post)
    bob_button = _like_button(bob_browser.get("/explore"), post)
    assert ana_button["aria-pressed"] == "true" and bob_button["aria-pressed"] == "false"
    assert ana_button.select_one(".like-count").text == "1"
    assert bob_button.select_one(".like-count").text == "1"


def test_a_body_cannot_take_the_place_of_the_token(app, tm, dbsession, ana):
    [post] = make_posts(dbsession, make_user(dbsession, "carol"), 1)
    post.body = "<csrf-token> here"
    dbsession.flush()
    page = _browser(app, tm, dbsession, "ana").get("/explore")
    body = page.html.select_one(f"#post-body-{post.id}")
    assert body.text == "<csrf-token> here"
    assert "&lt;csrf-token&gt; here" in page.text


def test_the_kept_post_form_carries_each_readers_own_token_in_their_language(
    app, tm, dbsession, ana, bob
):
    ana_browser, bob_browser = (_browser(app, tm, dbsession, name) for name in ("ana", "bob"))
    bob_form = bob_browser.get("/").forms["homeview"]  # the form is kept from bob's page on
    page = ana_browser.get("/")
    form = page.forms["homeview"]
    assert form["csrf_token"].value != bob_form["csrf_token"].value
    assert "<csrf-token>" not in page.text
    form["post"] = "Sent with the kept form"
    assert form.submit().status_int == 303  # ana's own token: the post is taken
    assert "Sent with the kept form" in ana_browser.get("/").text

    spanish = bob_browser.get("/", headers={"Accept-Language": "es"})
    assert spanish.html.select_one("#homeview button[type=submit]").text.strip() == "Enviar"
    assert bob_browser.get("/").html.select_one("#homeview button[type=submit]").text.strip() == (
        "Submit"
    )
