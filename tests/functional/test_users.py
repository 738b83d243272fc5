from datetime import datetime

from ..support.factories import login, make_posts, make_user


def test_profile_shows_avatar_about_me_counts_and_posts(as_ana, ana, bob, dbsession):
    make_posts(dbsession, bob, 2)
    bob.follow(ana)
    page = as_ana.get("/user/bob")
    assert (
        page.html.select_one(".profile img")["src"] == f"http://example.com/avatar/{bob.id}.svg?v=1"
    )
    assert "User: bob" in page.text
    counts = page.html.select_one(".counts").get_text(" ", strip=True)
    assert "2 posts" in counts and "0 followers" in counts and "1 following" in counts
    assert len(page.html.select(".post-body")) == 2
    assert page.html.select_one(".profile time[data-format=full]")["datetime"].endswith("Z")
    mine = as_ana.get("/user/ana")
    assert "I write about Pyramid." in mine.text
    assert "1 follower" in mine.html.select_one(".counts").get_text(" ", strip=True)
    assert mine.html.find("a", string="Edit your profile")


def test_follow_and_unfollow_are_post_forms(as_ana, ana, bob):
    page = as_ana.get("/user/bob")
    response = page.forms[
        next(k for k, f in page.forms.items() if f.action.endswith("/user/bob/follow"))
    ].submit()
    assert response.location == "http://example.com/user/bob"
    page = response.follow()
    assert "You are following bob!" in page.text
    assert ana.is_following(bob)
    response = page.forms[
        next(k for k, f in page.forms.items() if f.action.endswith("/user/bob/unfollow"))
    ].submit()
    assert "You are not following bob." in response.follow().text
    assert not ana.is_following(bob)


def test_follow_needs_a_post_with_csrf_and_never_oneself(as_ana, ana, bob):
    as_ana.get("/user/bob/follow", status=404)
    as_ana.post("/user/bob/follow", status=400)
    token = as_ana.get("/").html.select_one('meta[name="csrf-token"]')["content"]
    as_ana.post("/user/ana/follow", {"csrf_token": token}, status=403)
    assert not ana.is_following(ana)
    assert not ana.is_following(bob)


def test_followed_users_posts_reach_the_home_page(as_ana, ana, bob, dbsession):
    make_posts(dbsession, bob, 1, body="bob's news")
    assert "bob&#39;s news" not in as_ana.get("/").text
    ana.follow(bob)
    assert "bob&#39;s news" in as_ana.get("/").text


def test_unknown_user_is_not_found(as_ana):
    page = as_ana.get("/user/nobody", status=404)
    assert "does not exist" in page.text


def test_edit_profile(as_ana, ana):
    assert as_ana.get("/edit_profile", status=303).location == "http://example.com/user/ana/edit"
    form = as_ana.get("/user/ana/edit").forms["editprofileview"]
    assert form["username"].value == "ana"
    form["username"] = "ana2"
    form["about_me"] = "New about me"
    response = form.submit()
    assert response.location == "http://example.com/user/ana2"
    page = response.follow()
    assert "Your changes have been saved." in page.text and "New about me" in page.text
    assert ana.username == "ana2"


def test_edit_profile_refuses_a_taken_username_on_the_field(as_ana, ana, bob):
    form = as_ana.get("/user/ana/edit").forms["editprofileview"]
    form["username"] = "bob"
    page = form.submit()
    assert page.status_int == 200
    assert "Please use a different username." in page.html.select_one(".invalid-feedback").text
    assert ana.username == "ana"


def test_edit_profile_keeps_ones_own_name_and_limits_about_me(as_ana, ana):
    form = as_ana.get("/user/ana/edit").forms["editprofileview"]
    form["about_me"] = "x" * 141
    page = form.submit()
    assert "Must be at most 140 characters long." in page.text
    form = page.forms["editprofileview"]
    form["about_me"] = "fine"
    assert form.submit().status_int == 303


def test_editing_another_users_profile_is_forbidden(testapp, ana, bob):
    login(testapp, "bob")
    page = testapp.get("/user/ana/edit", status=403)
    assert "not allowed" in page.text
    token = page.html.select_one('meta[name="csrf-token"]')["content"]
    testapp.post("/user/ana/edit", {"csrf_token": token, "username": "hacked"}, status=403)
    assert ana.username == "ana"


def test_last_seen_is_refreshed_on_visits(testapp, dbsession):
    from datetime import timedelta

    from microblog.models import utcnow

    user = make_user(dbsession, "eve")
    user.last_seen = utcnow() - timedelta(days=3)
    login(testapp, "eve")
    testapp.get("/")
    assert utcnow() - user.last_seen < timedelta(minutes=1)


def test_following_from_a_script_answers_json_and_stays_put(as_ana, ana, bob):
    token = as_ana.get("/explore").html.find("meta", attrs={"name": "csrf-token"})["content"]
    headers = {"Accept": "application/json", "X-CSRF-Token": token}
    followed = as_ana.post("/user/bob/follow", headers=headers)
    assert followed.json == {"following": True, "message": "You are following bob!"}
    unfollowed = as_ana.post("/user/bob/unfollow", headers=headers)
    assert unfollowed.json == {"following": False, "message": "You are not following bob."}
    assert not ana.is_following(bob)


def test_a_new_users_empty_timeline_suggests_people_and_explore(as_ana, ana, bob, dbsession):
    carol = make_user(dbsession, "carol")
    ana.follow(carol)  # followed already, with no posts: not suggested again
    home = as_ana.get("/")
    welcome = home.html.select_one("section.welcome")
    assert "Your timeline is empty for now" in welcome.text
    assert welcome.find("a", href="http://example.com/explore")
    suggested = [a.text for a in welcome.select(".suggestions a.user-link")]
    assert suggested == ["bob"]
    form = home.forms[next(k for k, f in home.forms.items() if f.action.endswith("/bob/follow"))]
    assert form.submit().location == "http://example.com/"
    assert ana.is_following(bob)


def test_the_post_box_does_not_grab_the_focus_but_sign_in_does(testapp, as_ana):
    home = as_ana.get("/")
    assert not home.html.select_one("textarea[name=post]").has_attr("autofocus")
    assert home.html.select_one("textarea[name=post]")["data-maxlength"] == "140"
    assert not home.html.select_one("textarea[name=post]").has_attr("maxlength")
    testapp.reset()
    assert testapp.get("/login").html.select_one("input[name=username]").has_attr("autofocus")


def test_the_profile_says_since_when_the_user_is_a_member(as_ana, ana, dbsession):
    ana.created_at = datetime(2024, 3, 9, 22, 15)
    ana.last_seen = datetime(2026, 1, 2, 3, 4)
    dbsession.flush()
    since = as_ana.get("/user/ana").html.select_one(".profile .member-since")
    assert since.get_text(" ", strip=True) == "Member since 2024-03-09"
    assert since.time["datetime"] == "2024-03-09T22:15:00Z"
    assert since.time["data-format"] == "date"
    spanish = as_ana.get("/user/ana", headers={"Accept-Language": "es"}).html
    assert spanish.select_one(".member-since").get_text(" ", strip=True).startswith("Miembro desde")
