"""Blocks and mutes: from a profile, by the API, listed in the settings; what they withhold."""

import pytest

from microblog.models import Message
from microblog.models.conversation import publish
from microblog.models.interactions import like
from microblog.models.safety import block, mute

from ..support.concurrency import basic
from ..support.factories import login, make_posts, make_user
from ..support.queries import count_queries


def press(web, path, action):
    """Submit the profile's button whose form posts to ``action``."""
    page = web.get(path)
    (form,) = [f for f in page.forms.values() if f.action.endswith("/" + action)]
    return form.submit()


def bearer(web, username):
    token = web.post("/api/tokens", headers=basic(username)).json["token"]
    return {"Authorization": f"Bearer {token}"}


def test_blocking_from_a_profile_ends_the_follows_both_ways(as_ana, ana, bob, dbsession):
    ana.follow(bob)
    bob.follow(ana)
    done = press(as_ana, "/user/bob", "block")
    assert done.location == "http://example.com/user/bob"
    assert "You blocked bob" in done.follow().text
    assert not ana.is_following(bob) and not bob.is_following(ana)
    profile = as_ana.get("/user/bob")
    assert profile.html.select_one("button.unblock") is not None
    assert not [f for f in profile.forms.values() if f.action.endswith("/follow")]


def test_the_blocked_cannot_follow_message_or_see_the_blockers_posts(testapp, ana, bob, dbsession):
    make_posts(dbsession, ana, 2, body="ana says {i}")
    bob.follow(ana)
    block(dbsession, ana, bob)
    login(testapp, "bob")
    assert "ana says" not in testapp.get("/").text
    assert "ana says" not in testapp.get("/explore").text
    assert "ana says" not in testapp.get("/user/ana").text
    testapp.post("/user/ana/follow", {"csrf_token": csrf(testapp)}, status=403)
    testapp.get("/user/ana/message", status=403)
    assert not bob.is_following(ana)


def test_the_blocker_no_longer_sees_the_blocked_either(as_ana, ana, bob, dbsession):
    make_posts(dbsession, bob, 1, body="bob says {i}")
    block(dbsession, ana, bob)
    assert "bob says" not in as_ana.get("/explore").text


def test_a_blocked_users_api_calls_are_refused(testapp, ana, bob, dbsession):
    make_posts(dbsession, ana, 1, body="ana via api {i}")
    block(dbsession, ana, bob)
    headers = bearer(testapp, "bob")
    answer = testapp.post(f"/api/users/{ana.id}/follow", headers=headers, status=403)
    assert set(answer.json) == {"error", "message"}
    answer = testapp.post_json(
        "/api/messages", {"recipient_id": ana.id, "body": "hi"}, headers=headers, status=400
    )
    assert answer.json["message"]
    assert dbsession.query(Message).count() == 0
    assert "ana via api" not in str(testapp.get("/api/posts", headers=headers).json)
    assert testapp.get(f"/api/users/{ana.id}/posts", headers=headers).json["items"] == []


def test_blocking_and_muting_by_the_api_answer_204_and_are_idempotent(testapp, ana, bob):
    headers = bearer(testapp, "ana")
    for method in ("post", "post", "delete", "delete"):
        for what in ("block", "mute"):
            getattr(testapp, method)(f"/api/users/{bob.id}/{what}", headers=headers, status=204)
    testapp.post(f"/api/users/{bob.id}/block", headers=headers, status=204)
    bobs = bearer(testapp, "bob")
    testapp.post(f"/api/users/{ana.id}/follow", headers=bobs, status=403)
    answer = testapp.post(f"/api/users/{ana.id}/block", headers=headers, status=400)
    assert answer.json["message"] == "You cannot block or mute yourself."


def test_muted_users_vanish_from_timelines_without_knowing(as_ana, ana, bob, dbsession):
    make_posts(dbsession, bob, 1, body="bob mumbles {i}")
    ana.follow(bob)
    press(as_ana, "/user/bob", "mute")
    assert "bob mumbles" not in as_ana.get("/").text
    assert "bob mumbles" not in as_ana.get("/explore").text
    assert "bob mumbles" in as_ana.get("/user/bob").text, "their profile still shows them"
    assert ana.is_following(bob), "a mute keeps the follow"
    as_ana.reset()
    login(as_ana, "bob")
    bob_sees = as_ana.get("/user/ana")
    assert "Unmute" not in bob_sees.text and "muted" not in bob_sees.text.lower()


def test_the_settings_list_blocked_and_muted_accounts_and_take_them_back(
    as_ana, ana, bob, dbsession
):
    make_user(dbsession, "carol")
    press(as_ana, "/user/bob", "block")
    press(as_ana, "/user/carol", "mute")
    blocked = as_ana.get("/settings/blocked")
    assert [a.text.strip() for a in blocked.html.select("li.person a")] == ["bob"]
    muted = as_ana.get("/settings/muted")
    assert [a.text.strip() for a in muted.html.select("li.person a")] == ["carol"]
    (form,) = [
        f
        for f in blocked.forms.values()
        if f.action.endswith("/unblock?next=%2Fsettings%2Fblocked")
    ]
    assert form.submit().location == "http://example.com/settings/blocked"
    assert "You have not blocked anyone." in as_ana.get("/settings/blocked").text


def test_nobody_blocks_themself(as_ana):
    as_ana.post("/user/ana/block", {"csrf_token": csrf(as_ana)}, status=403)


@pytest.mark.usefixtures("visits_already_noted")
@pytest.mark.parametrize("path", ["/", "/explore"])
def test_timelines_cost_the_same_queries_with_or_without_blocks(
    as_ana, ana, engine, dbsession, path
):
    bob, carol, dave = (make_user(dbsession, n) for n in ("bob", "carol", "dave"))
    ana.follow(bob)
    make_posts(dbsession, bob, 3)
    as_ana.get(path)
    dbsession.expire_all()
    with count_queries(engine) as before:
        as_ana.get(path)
    block(dbsession, ana, carol)
    mute(dbsession, ana, dave)
    block(dbsession, dave, ana)
    as_ana.get(path)
    dbsession.expire_all()
    with count_queries(engine) as after:
        as_ana.get(path)
    assert len(after) == len(before)


def csrf(web):
    return web.get("/").html.select_one('meta[name="csrf-token"]')["content"]


def test_notifications_never_come_from_the_muted_or_across_a_block(as_ana, ana, bob, dbsession):
    from microblog.models.activity import Activity

    carol = make_user(dbsession, "carol")
    mute(dbsession, ana, bob)
    block(dbsession, carol, ana)
    bob.follow(ana)
    carol.follow(ana)  # (refused by the site; even done behind its back, nobody is told)
    assert dbsession.query(Activity).filter_by(user_id=ana.id).count() == 0
    dave = make_user(dbsession, "dave")
    dave.follow(ana)
    page = as_ana.get("/notifications/all")
    assert "dave" in page.text
    mute(dbsession, ana, dave)
    assert "dave" not in as_ana.get("/notifications/all").text, "earlier ones vanish too"


@pytest.mark.usefixtures("visits_already_noted")
@pytest.mark.parametrize("path", ["/settings/blocked", "/settings/muted"])
def test_the_lists_in_settings_cost_the_same_queries_with_2_or_12_people(
    as_ana, ana, engine, dbsession, path
):
    keep_away = block if path.endswith("blocked") else mute

    def cost():
        as_ana.get(path)
        dbsession.expire_all()  # (both counts start from the same session state)
        with count_queries(engine) as statements:
            page = as_ana.get(path)
        return len(statements), len(page.html.select("li.person"))

    for _ in range(2):
        keep_away(dbsession, ana, make_user(dbsession))
    few, shown = cost()
    assert shown == 2
    for _ in range(10):
        keep_away(dbsession, ana, make_user(dbsession))
    many, shown = cost()
    assert shown == 12
    assert many == few


def test_tag_pages_and_likes_leave_out_the_blocked_muted_and_suspended(as_ana, ana, bob, dbsession):
    carol, dave = make_user(dbsession, "carol"), make_user(dbsession, "dave")
    posts = {
        user.username: publish(dbsession, user, f"{user.username} on #topic")
        for user in (bob, carol, dave)
    }
    for post in posts.values():
        like(ana, post)
    block(dbsession, ana, bob)
    mute(dbsession, ana, carol)
    dave.suspended_at = dave.last_seen
    dbsession.flush()
    assert "dave on" not in as_ana.get("/tag/topic/feed.atom").text
    for path in ("/tag/topic", "/user/ana/likes"):
        page = as_ana.get(path).text
        assert "bob on" not in page and "carol on" not in page and "dave on" not in page, path
    dave.suspended_at = None
    dbsession.flush()
    assert "dave on" in as_ana.get("/tag/topic").text
    assert "dave on" in as_ana.get("/user/ana/likes").text
    assert "dave on" in as_ana.get("/tag/topic/feed.atom").text
