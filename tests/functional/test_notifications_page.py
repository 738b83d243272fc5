"""``/notifications/all``: follows, replies, mentions, likes and reposts, grouped, and the
bell's unread count (in the navbar, and through the live polling)."""

from datetime import timedelta

from sqlalchemy import select

from microblog.models import Activity, utcnow
from microblog.models.conversation import publish
from microblog.models.interactions import like, repost, unlike

from ..support.factories import login, make_posts, make_user


def summaries(page):
    """Each notification's sentence, without its time and "New" badge."""
    lines = []
    for summary in page.html.select(".notification-summary"):
        for extra in summary.select("span"):
            extra.decompose()
        lines.append(" ".join(summary.text.split()))
    return lines


def bell(page):
    badge = page.html.select_one("#notification-count")
    shown = "invisible" not in badge["class"]
    return badge.select_one(".notification-count-number").text if shown else None


def test_everything_that_concerns_a_user_is_there_newest_first(testapp, ana, bob, dbsession):
    (post,) = make_posts(dbsession, ana, 1, body="My first post")
    bob.follow(ana)
    like(bob, post)
    repost(bob, post)
    reply = publish(dbsession, bob, "nice one", in_reply_to=post)
    publish(dbsession, bob, "hey @ana, look")
    login(testapp, "ana")
    page = testapp.get("/notifications/all")
    assert len(page.html.select(".notification-unread")) == 5
    assert summaries(page) == [
        "bob mentioned you",
        "bob replied to your post",
        "bob reposted your post",
        "bob liked your post",
        "bob followed you",
    ]
    posts = page.html.select(".notification-post")
    assert posts[1]["href"] == f"http://example.com/post/{reply.id}"
    assert posts[2].text == "My first post"


def test_likes_of_one_post_are_grouped_with_the_latest_name(testapp, ana, dbsession):
    (post,) = make_posts(dbsession, ana, 1)
    (other,) = make_posts(dbsession, ana, 1, body="another")
    fans = [make_user(dbsession, f"fan{i}") for i in range(4)]
    for fan in fans:
        like(fan, post)
    like(fans[0], other)
    for fan in fans[:2]:
        fan.follow(ana)
    login(testapp, "ana")
    assert summaries(testapp.get("/notifications/all")) == [
        "fan1 and 1 other followed you",  # the newest group first: the follows came last
        "fan0 liked your post",
        "fan3 and 3 others liked your post",
    ]


def test_opening_the_page_reads_it_all_and_the_bell_goes_quiet(testapp, ana, bob, dbsession):
    bob.follow(ana)
    login(testapp, "ana")
    assert bell(testapp.get("/")) == "1"
    page = testapp.get("/notifications/all")
    assert page.html.select(".notification-unread") != []
    assert bell(testapp.get("/")) is None
    polled = testapp.get("/notifications", headers={"Accept": "application/json"}).json
    assert {"name": "unread_notification_count", "data": 0} in [
        {k: n[k] for k in ("name", "data")} for n in polled
    ]
    assert testapp.get("/notifications/all").html.select(".notification-unread") == []


def test_the_live_polling_carries_the_unread_count(testapp, ana, bob, dbsession):
    (post,) = make_posts(dbsession, ana, 1)
    login(testapp, "ana")
    like(bob, post)
    bob.follow(ana)
    polled = testapp.get("/notifications?since=0").json
    counts = [n["data"] for n in polled if n["name"] == "unread_notification_count"]
    assert counts == [2]


def test_taking_back_a_like_or_a_follow_takes_back_its_notification(testapp, ana, bob, dbsession):
    (post,) = make_posts(dbsession, ana, 1)
    like(bob, post)
    bob.follow(ana)
    unlike(bob, post)
    bob.unfollow(ana)
    login(testapp, "ana")
    assert bell(testapp.get("/")) is None
    page = testapp.get("/notifications/all")
    assert summaries(page) == []
    assert "Nothing has happened yet" in page.text


def test_nobody_hears_of_what_they_did_themselves(testapp, ana, dbsession):
    (post,) = make_posts(dbsession, ana, 1)
    like(ana, post)
    repost(ana, post)
    publish(dbsession, ana, "talking to myself @ana", in_reply_to=post)
    login(testapp, "ana")
    assert summaries(testapp.get("/notifications/all")) == []


def test_the_page_is_paginated(testapp, ana, dbsession):
    posts = make_posts(dbsession, ana, 27)
    fan = make_user(dbsession, "fan")
    for post in posts:
        like(fan, post)
    login(testapp, "ana")
    first = testapp.get("/notifications/all")
    assert len(summaries(first)) == 25
    second = testapp.get(first.html.select_one("a[rel=next]")["href"])
    assert len(summaries(second)) == 2
    assert second.html.select_one("a[rel=prev]")["href"] == "http://example.com/notifications/all"


def test_the_page_needs_a_signed_in_user(testapp):
    response = testapp.get("/notifications/all")
    assert response.status_int == 303 and "/login?next=%2Fnotifications%2Fall" in response.location


def test_an_old_notification_shows_when_it_happened(testapp, ana, bob, dbsession):
    bob.follow(ana)
    then = utcnow() - timedelta(days=3)
    for activity in dbsession.scalars(select(Activity)):
        activity.timestamp = then
    dbsession.flush()
    login(testapp, "ana")
    time = testapp.get("/notifications/all").html.select_one(".notification time")
    assert time["datetime"] == then.replace(microsecond=0).isoformat() + "Z"
