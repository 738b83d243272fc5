"""Hashtags and mentions: links when a post is shown, ``/tag/{name}`` and its feed, the
trend on explore, and the mentioned users' notifications."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from sqlalchemy import select

from microblog.models import Activity, Mention, PostTag, Tag, utcnow
from microblog.models.conversation import edit, publish

from ..support.factories import make_posts, make_user

NS = {"atom": "http://www.w3.org/2005/Atom"}


def bodies(page):
    return [p.text for p in page.html.select("article.post .post-body")]


def test_tags_mentions_and_links_become_links_and_html_stays_text(as_ana, ana, bob, dbsession):
    post = publish(
        dbsession,
        ana,
        "<b>hi</b> @bob and @nobody, see #Pyramid at https://trypyramid.com.",
    )
    body = as_ana.get(f"/post/{post.id}").html.select_one(f"#post-body-{post.id}")
    assert body.text == "<b>hi</b> @bob and @nobody, see #Pyramid at https://trypyramid.com."
    assert body.select("b") == []
    links = {a.text: a for a in body.select("a")}
    assert set(links) == {"@bob", "#Pyramid", "https://trypyramid.com"}
    assert links["@bob"]["href"] == "http://example.com/user/bob"
    assert links["#Pyramid"]["href"] == "http://example.com/tag/pyramid"
    assert links["https://trypyramid.com"]["rel"] == ["nofollow", "noopener", "ugc"]
    # stored as typed, never as HTML
    assert post.body.startswith("<b>hi</b> @bob")


def test_tags_and_mentions_inside_words_are_plain_text(as_ana, ana, bob, dbsession):
    post = publish(dbsession, ana, "mail bob@example.com about C#, foo#bar and issue #1")
    assert dbsession.scalars(select(PostTag)).all() == []
    assert dbsession.scalars(select(Mention)).all() == []
    body = as_ana.get(f"/post/{post.id}").html.select_one(f"#post-body-{post.id}")
    assert body.select("a") == []


def test_a_mentioned_user_is_notified_and_an_unknown_one_is_nobody(ana, bob, dbsession):
    post = publish(dbsession, ana, "Hello @BOB, @nobody and @ana")
    (mention,) = dbsession.scalars(select(Activity))
    assert (mention.user_id, mention.actor_id, mention.kind) == (bob.id, ana.id, "mention")
    assert mention.post_id == post.id
    assert bob.unread_notification_count() == 1
    assert sorted(dbsession.scalars(select(Mention.user_id))) == sorted([ana.id, bob.id])


def test_a_reply_to_the_mentioned_author_is_one_notification(ana, bob, dbsession):
    (question,) = make_posts(dbsession, bob, 1)
    publish(dbsession, ana, "@bob here is my answer", in_reply_to=question)
    assert [a.kind for a in dbsession.scalars(select(Activity))] == ["reply"]


def test_the_tag_page_lists_its_posts_newest_first_whatever_the_case(as_ana, ana, bob, dbsession):
    publish(dbsession, ana, "first about #Python")
    publish(dbsession, bob, "second about #python and #web")
    publish(dbsession, bob, "nothing to see")
    page = as_ana.get("/tag/PYTHON")
    assert bodies(page) == ["second about #python and #web", "first about #Python"]
    assert page.html.select_one("h1").text == "#python"
    feed_link = page.html.select_one('head link[type="application/atom+xml"]')
    assert feed_link["href"] == "http://example.com/tag/python/feed.atom"
    as_ana.get("/tag/unknown", status=404)
    as_ana.get("/tag/" + "x" * 65, status=404)


def test_the_tag_page_is_paginated(as_ana, ana, dbsession):
    for i in range(27):
        publish(dbsession, ana, f"number {i} #many")
    first = as_ana.get("/tag/many")
    assert len(bodies(first)) == 25
    second = as_ana.get(first.html.select_one("a[rel=next]")["href"])
    assert bodies(second) == ["number 1 #many", "number 0 #many"]


def test_the_tag_feed_is_public_atom(testapp, ana, bob, dbsession):
    publish(dbsession, ana, "about #feeds by ana")
    publish(dbsession, bob, "about #feeds by bob")
    response = testapp.get("/tag/Feeds/feed.atom")
    assert response.content_type == "application/atom+xml"
    feed = ET.fromstring(response.body)
    assert feed.find("atom:title", NS).text == "Posts tagged #feeds on Microblog"
    entries = feed.findall("atom:entry", NS)
    assert [e.find("atom:content", NS).text for e in entries] == [
        "about #feeds by bob",
        "about #feeds by ana",
    ]
    assert [e.find("atom:author/atom:name", NS).text for e in entries] == ["bob", "ana"]


def test_explore_shows_the_tags_trending_over_the_last_day(as_ana, ana, bob, dbsession):
    for i in range(3):
        publish(dbsession, ana, f"#busy number {i}")
    publish(dbsession, bob, "#quiet once and #busy again")
    old = publish(dbsession, bob, "#forgotten long ago")
    for row in dbsession.scalars(select(PostTag).where(PostTag.post_id == old.id)):
        row.timestamp = utcnow() - timedelta(days=2)
    dbsession.flush()
    trend = as_ana.get("/explore").html.select_one(".trending")
    assert [a.text for a in trend.select("a.hashtag")] == ["#busy", "#quiet"]
    assert "(4 posts)" in trend.text and "(1 post)" in trend.text


def test_editing_a_post_moves_it_between_tags(ana, dbsession):
    post = publish(dbsession, ana, "#before")
    edit(dbsession, post, "#after")
    tags = dbsession.execute(
        select(Tag.name).join(PostTag, PostTag.tag_id == Tag.id).where(PostTag.post_id == post.id)
    ).scalars()
    assert list(tags) == ["after"]


def test_a_new_user_mentioned_later_is_linked_from_then_on(as_ana, ana, dbsession):
    early = publish(dbsession, ana, "waiting for @carol")
    make_user(dbsession, "carol")
    later = publish(dbsession, ana, "welcome @carol")
    page = as_ana.get("/user/ana")
    assert page.html.select_one(f"#post-body-{early.id}").select("a") == []
    assert page.html.select_one(f"#post-body-{later.id} a")["href"].endswith("/user/carol")
