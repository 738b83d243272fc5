"""``/user/{username}/feed.atom``: a public Atom feed (RFC 4287) of a user's latest posts."""

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from ..support.factories import make_posts
from ..support.queries import count_queries

NS = {"atom": "http://www.w3.org/2005/Atom"}


def parse(response):
    assert response.content_type == "application/atom+xml"
    assert response.charset == "utf-8"
    return ET.fromstring(response.body)


def entries(feed):
    return feed.findall("atom:entry", NS)


def text(element, path):
    return element.find(path, NS).text


def test_the_feed_is_public_and_lists_the_latest_20_posts_newest_first(
    testapp, ana, bob, dbsession
):
    make_posts(dbsession, ana, 25)
    make_posts(dbsession, bob, 3)
    feed = parse(testapp.get("/user/ana/feed.atom"))
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    bodies = [text(entry, "atom:content") for entry in entries(feed)]
    assert bodies == [f"Post number {i} by ana" for i in range(24, 4, -1)]
    stamps = [text(entry, "atom:updated") for entry in entries(feed)]
    assert stamps == sorted(stamps, reverse=True)
    assert text(feed, "atom:updated") == stamps[0]


def test_the_feed_has_what_rfc_4287_requires(testapp, ana, dbsession):
    post = make_posts(dbsession, ana, 1)[0]
    feed = parse(testapp.get("/user/ana/feed.atom"))
    assert text(feed, "atom:id") == f"tag:example.com,2024:user/{ana.id}"
    assert text(feed, "atom:title") == "Posts by ana on Microblog"
    assert text(feed, "atom:subtitle") == "I write about Pyramid."
    datetime.strptime(text(feed, "atom:updated"), "%Y-%m-%dT%H:%M:%SZ")
    assert text(feed, "atom:author/atom:name") == "ana"
    assert text(feed, "atom:author/atom:uri") == "http://example.com/user/ana"
    links = {link.get("rel"): link for link in feed.findall("atom:link", NS)}
    assert links["alternate"].get("href") == "http://example.com/user/ana"
    assert links["self"].get("href") == "http://example.com/user/ana/feed.atom"
    assert links["self"].get("type") == "application/atom+xml"

    (entry,) = entries(feed)
    assert text(entry, "atom:id") == f"tag:example.com,2024:post/{post.id}"
    assert text(entry, "atom:title") == post.body
    assert text(entry, "atom:updated") == post.timestamp.replace(microsecond=0).isoformat() + "Z"
    assert text(entry, "atom:published") == text(entry, "atom:updated")
    assert (
        entry.find("atom:link[@rel='alternate']", NS).get("href")
        == f"http://example.com/post/{post.id}"
    )
    content = entry.find("atom:content", NS)
    assert content.get("type") == "text"
    assert content.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_entry_ids_survive_a_change_of_username(testapp, ana, dbsession):
    make_posts(dbsession, ana, 2)
    before = parse(testapp.get("/user/ana/feed.atom"))
    ana.username = "ana2"
    dbsession.flush()
    after = parse(testapp.get("/user/ana2/feed.atom"))
    assert text(after, "atom:id") == text(before, "atom:id")
    assert [text(e, "atom:id") for e in entries(after)] == [
        text(e, "atom:id") for e in entries(before)
    ]


def test_post_text_is_escaped_and_characters_xml_cannot_hold_are_dropped(testapp, ana, dbsession):
    body = "1 < 2 && <script>alert('x')</script> ]]> caf\u00e9 \U0001f600\x0b\x1fend"
    make_posts(dbsession, ana, 1, body=body)
    response = testapp.get("/user/ana/feed.atom")
    assert b"<script>" not in response.body
    (entry,) = entries(parse(response))
    assert text(entry, "atom:content") == body.replace("\x0b", "").replace("\x1f", "")


def test_long_posts_get_a_short_title_cut_at_a_word(testapp, ana, dbsession):
    body = "word " * 27 + "end"
    make_posts(dbsession, ana, 1, body=body)
    (entry,) = entries(parse(testapp.get("/user/ana/feed.atom")))
    title = text(entry, "atom:title")
    assert title.endswith("…") and len(title) <= 61
    assert body.startswith(title[:-1])
    assert text(entry, "atom:content") == body


def test_a_user_without_posts_has_a_valid_empty_feed(testapp, bob):
    feed = parse(testapp.get("/user/bob/feed.atom"))
    assert entries(feed) == []
    assert feed.find("atom:updated", NS).text.endswith("Z")
    assert feed.find("atom:subtitle", NS) is None


def test_the_feed_of_an_unknown_user_is_not_found(testapp):
    testapp.get("/user/nobody/feed.atom", status=404)


def test_the_profile_announces_its_feed(as_ana, bob):
    link = as_ana.get("/user/bob").html.select_one(
        'head link[rel=alternate][type="application/atom+xml"]'
    )
    assert link["href"] == "http://example.com/user/bob/feed.atom"
    assert link["title"] == "Posts by bob on Microblog"


@pytest.mark.parametrize("posts", [1, 20])
def test_the_feed_costs_three_queries(testapp, ana, dbsession, engine, posts, visits_already_noted):
    # the user, the posts, and the pictures of all of them at once
    make_posts(dbsession, ana, posts)
    with count_queries(engine) as statements:
        testapp.get("/user/ana/feed.atom")
    assert len(statements) == 3


def test_feed_readers_get_a_304_while_nothing_changed(testapp, ana, dbsession):
    make_posts(dbsession, ana, 2)
    etag = testapp.get("/user/ana/feed.atom").headers["ETag"]
    testapp.get("/user/ana/feed.atom", headers={"If-None-Match": etag}, status=304)
    make_posts(dbsession, ana, 1)
    changed = testapp.get("/user/ana/feed.atom", headers={"If-None-Match": etag}, status=200)
    assert changed.headers["ETag"] != etag
