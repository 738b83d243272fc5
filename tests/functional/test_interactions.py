"""Likes and reposts on the site: the buttons as plain forms and for scripts, the counts,
reposts in timelines and on profiles, and the Likes tab."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from microblog.models import Like, Post, Repost, utcnow
from microblog.models.conversation import publish
from microblog.models.interactions import like, repost, unlike, unrepost

from ..support.factories import login, make_posts, make_user

JSON = {"Accept": "application/json"}


def button_form(page, post, action):
    """The like or repost form of ``post`` on ``page`` (WebTest's form)."""
    for form in page.forms.values():
        if form.action.endswith(f"/post/{post.id}/{action}"):
            return form
    raise AssertionError(f"no {action} form for post {post.id}")


def card(page, post):
    return page.html.select_one(f"#post-{post.id}")


def csrf(testapp):
    return testapp.get("/").html.select_one("meta[name=csrf-token]")["content"]


def test_the_like_button_works_as_a_plain_form_and_comes_back_to_the_page(
    as_ana, ana, bob, dbsession
):
    (post,) = make_posts(dbsession, bob, 1)
    page = as_ana.get("/explore")
    response = button_form(page, post, "like").submit()
    assert response.status_int == 303
    assert response.location == f"http://example.com/explore#post-{post.id}"
    page = response.follow()
    assert "You like this post." in page.text
    button = card(page, post).select_one("button.like-button")
    assert button["aria-pressed"] == "true" and button.select_one(".like-count").text == "1"
    # now the same button takes the like back
    page = button_form(page, post, "unlike").submit().follow()
    button = card(page, post).select_one("button.like-button")
    assert button["aria-pressed"] == "false" and button.select_one(".like-count").text == "0"


def test_scripts_get_the_new_state_as_json(as_ana, ana, bob, dbsession):
    (post,) = make_posts(dbsession, bob, 1)
    token = csrf(as_ana)
    state = as_ana.post(f"/post/{post.id}/repost", {"csrf_token": token}, headers=JSON).json
    assert state == {"liked": False, "reposted": True, "like_count": 0, "repost_count": 1}
    state = as_ana.post(f"/post/{post.id}/like", headers={**JSON, "X-CSRF-Token": token}).json
    assert state == {"liked": True, "reposted": True, "like_count": 1, "repost_count": 1}


def test_liking_twice_counts_once_and_unliking_what_is_not_liked_changes_nothing(
    as_ana, ana, bob, dbsession
):
    (post,) = make_posts(dbsession, bob, 1)
    token = csrf(as_ana)
    for _ in range(2):
        state = as_ana.post(f"/post/{post.id}/like", {"csrf_token": token}, headers=JSON).json
        assert state["like_count"] == 1
    assert dbsession.scalar(select(func.count()).select_from(Like)) == 1
    for _ in range(2):
        state = as_ana.post(f"/post/{post.id}/unlike", {"csrf_token": token}, headers=JSON).json
        assert state == {"liked": False, "reposted": False, "like_count": 0, "repost_count": 0}


def test_the_buttons_need_the_csrf_token_and_a_signed_in_user(testapp, as_ana, bob, dbsession):
    (post,) = make_posts(dbsession, bob, 1)
    as_ana.post(f"/post/{post.id}/like", status=400)
    as_ana.post(f"/post/{post.id}/like", {"csrf_token": "forged"}, status=400)
    as_ana.post("/logout", {"csrf_token": csrf(as_ana)})
    token = testapp.get("/login").html.select_one("meta[name=csrf-token]")["content"]
    response = testapp.post(f"/post/{post.id}/like", {"csrf_token": token})
    assert response.status_int == 303 and "/login" in response.location
    assert dbsession.scalar(select(func.count()).select_from(Like)) == 0


def test_every_post_shows_its_counts(as_ana, ana, bob, dbsession):
    (post,) = make_posts(dbsession, bob, 1)
    carol = make_user(dbsession, "carol")
    for user in (ana, carol):
        like(user, post)
    repost(carol, post)
    shown = card(as_ana.get(f"/post/{post.id}"), post)
    assert shown.select_one(".like-count").text == "2"
    assert shown.select_one(".repost-count").text == "1"
    assert shown.select_one("button.like-button")["aria-pressed"] == "true"
    assert shown.select_one("button.repost-button")["aria-pressed"] == "false"


def test_a_repost_reaches_the_reposters_followers_as_reposted_by(testapp, ana, bob, dbsession):
    carol = make_user(dbsession, "carol")
    (post,) = make_posts(dbsession, carol, 1, start=utcnow() - timedelta(days=2))
    (own,) = make_posts(dbsession, ana, 1, start=utcnow() - timedelta(days=1))
    ana.follow(bob)
    repost(bob, post)
    login(testapp, "ana")
    home = testapp.get("/")
    assert [a["id"] for a in home.html.select("article.post")] == [
        f"post-{post.id}",  # reposted a moment ago: newer than ana's own of yesterday
        f"post-{own.id}",
    ]
    line = card(home, post).select_one(".reposted-by")
    assert "Reposted by" in line.text and line.select_one("a").text == "bob"
    # bob's profile lists his reposts with his posts
    profile = testapp.get("/user/bob")
    assert card(profile, post).select_one(".reposted-by a").text == "bob"


def test_an_undone_repost_leaves_the_timelines(testapp, ana, bob, dbsession):
    carol = make_user(dbsession, "carol")
    (post,) = make_posts(dbsession, carol, 1)
    ana.follow(bob)
    repost(bob, post)
    unrepost(bob, post)
    login(testapp, "ana")
    assert testapp.get("/").html.select("article.post") == []
    assert testapp.get("/user/bob").html.select("article.post") == []


def test_the_likes_tab_lists_what_one_liked_latest_first_and_only_to_oneself(
    testapp, ana, bob, dbsession
):
    older, newer = make_posts(dbsession, bob, 2)
    like(ana, newer)
    like(ana, older)  # liked last: listed first
    unlike(ana, newer)
    like(ana, newer)
    login(testapp, "ana")
    page = testapp.get("/user/ana/likes")
    assert [a["id"] for a in page.html.select("article.post")] == [
        f"post-{newer.id}",
        f"post-{older.id}",
    ]
    tabs = page.html.select(".profile-tabs a")
    assert [(t.text, "active" in t["class"]) for t in tabs] == [("Posts", False), ("Likes", True)]
    testapp.get("/user/bob/likes", status=403)
    assert testapp.get("/user/bob").html.select(".profile-tabs") == []


def test_deleting_a_liked_post_takes_its_likes_and_reposts_with_it(as_ana, ana, bob, dbsession):
    (post,) = make_posts(dbsession, ana, 1)
    like(bob, post)
    repost(bob, post)
    page = as_ana.get(f"/post/{post.id}")
    next(f for f in page.forms.values() if f.action.endswith("/delete")).submit()
    assert dbsession.scalar(select(func.count()).select_from(Like)) == 0
    assert dbsession.scalar(select(func.count()).select_from(Repost)) == 0
    assert dbsession.get(Post, post.id) is None


@pytest.mark.parametrize("action", ["like", "repost"])
def test_the_counts_follow_users_who_leave(ana, bob, dbsession, action):
    (post,) = make_posts(dbsession, ana, 1)
    carol = make_user(dbsession, "carol")
    do = {"like": like, "repost": repost}[action]
    do(bob, post)
    do(carol, post)
    reply_author = make_user(dbsession, "dave")
    publish(dbsession, reply_author, "answer", in_reply_to=post)
    for user in (carol, reply_author):
        dbsession.delete(user)
    dbsession.flush()
    dbsession.refresh(post)
    assert getattr(post, f"{action}_count") == 1
    assert post.reply_count == 0


def test_walking_a_timeline_with_reposts_shows_each_entry_once_newest_first(
    testapp, ana, bob, dbsession, app_settings
):
    carol = make_user(dbsession, "carol")
    ana.follow(bob)
    start = utcnow() - timedelta(days=1)
    carols = make_posts(dbsession, carol, 20, start=start)
    bobs = make_posts(dbsession, bob, 20, start=start + timedelta(seconds=30))
    expected = [(post.timestamp, post.id, 0) for post in bobs]
    for i, post in enumerate(carols):
        # reposted later, in between bob's own posts (and one of his own posts too)
        repost(bob, post)
        moment = start + timedelta(minutes=i, seconds=45)
        dbsession.execute(
            update(Repost)
            .where(Repost.user_id == bob.id, Repost.post_id == post.id)
            .values(timestamp=moment)
        )
        expected.append((moment, post.id, bob.id))
    expected.sort(reverse=True)
    login(testapp, "ana")
    expected = [(post_id, "bob" if by else None) for _at, post_id, by in expected]

    def walk(url, rel):
        pages = []
        while url:
            page = testapp.get(url)
            pages.append(
                [
                    (
                        int(a["id"].removeprefix("post-")),
                        "bob" if a.select_one(".reposted-by") else None,
                    )
                    for a in page.html.select("article.post")
                ]
            )
            link = page.html.select_one(f"a[rel={rel}]")
            url = link["href"] if link else None
            assert not url or ("before=" if rel == "next" else "after=") in url or url.endswith("/")
        return pages, page.request.url

    forward, last = walk("/", "next")
    assert [entry for page in forward for entry in page] == expected
    backward, _first = walk(last, "prev")
    assert backward == forward[::-1]
