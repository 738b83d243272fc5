"""``/user/{username}/popup``: the hover card's HTML fragment."""

from ..support.factories import make_posts


def test_the_popup_is_a_fragment_with_the_users_card(as_ana, ana, bob, dbsession):
    bob.about_me = "I <3 <b>bikes</b>"
    make_posts(dbsession, bob, 2)
    ana.follow(bob)
    response = as_ana.get("/user/bob/popup")
    assert response.content_type == "text/html"
    assert "<html" not in response.text and "<nav" not in response.text
    html = response.html
    assert html.select_one("img")["src"] == f"http://example.com/avatar/{bob.id}.svg?v=1"
    name = html.select_one("a.popup-username")
    assert (name.text, name["href"]) == ("bob", "http://example.com/user/bob")
    assert html.select_one(".about-me").text == "I <3 <b>bikes</b>"
    assert "&lt;b&gt;bikes&lt;/b&gt;" in response.text
    assert html.select_one("time[datetime][data-format=full]")
    assert " ".join(html.select_one(".counts").text.split()) == "2 posts, 1 follower, 0 following"


def test_the_popup_offers_follow_or_unfollow_with_a_csrf_token(as_ana, ana, bob):
    form = as_ana.get("/user/bob/popup").forms[0]
    assert form.action == "http://example.com/user/bob/follow"
    assert form["csrf_token"].value
    form.submit(status=303)
    assert ana.is_following(bob)

    form = as_ana.get("/user/bob/popup").forms[0]
    assert form.action == "http://example.com/user/bob/unfollow"
    form.submit(status=303)
    assert not ana.is_following(bob)


def test_ones_own_popup_has_no_follow_button(as_ana):
    response = as_ana.get("/user/ana/popup")
    assert not response.forms
    assert response.html.select_one("a.popup-username").text == "ana"


def test_the_popup_of_an_unknown_user_is_not_found(as_ana):
    as_ana.get("/user/nobody/popup", status=404)


def test_anonymous_visitors_get_no_popup(testapp, bob):
    assert (
        testapp.get("/user/bob/popup", status=303).location
        == "http://example.com/login?next=%2Fuser%2Fbob%2Fpopup"
    )


def test_username_links_carry_the_popup_class_and_the_script_is_loaded(as_ana, ana, dbsession):
    make_posts(dbsession, ana, 1)
    page = as_ana.get("/explore")
    assert page.html.select_one("article.post a.user-link").text == "ana"
    assert page.html.select('script[src*="popups.js"]')
