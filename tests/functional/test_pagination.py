"""Every list pages the same way: numbered pages, and next/previous links holding cursors
that keep their place while the list grows."""

from datetime import timedelta

import pytest

from microblog.models import Message, Post, utcnow

from ..support.factories import make_posts


def bodies(page):
    return [p.text for p in page.html.select(".post-body, .message-body")]


def walk(client, url, rel):
    """Follow ``rel`` links from ``url``: the pages' bodies, and the URLs visited."""
    pages, urls = [], []
    while url:
        urls.append(url)
        page = client.get(url)
        pages.append(bodies(page))
        link = page.html.select_one(f"a[rel={rel}]")
        url = link["href"] if link else None
    return pages, urls


@pytest.mark.parametrize("path", ["/", "/explore", "/user/ana", "/messages"])
def test_next_links_walk_the_whole_list_once_and_previous_links_walk_back(
    as_ana, ana, bob, dbsession, app, path
):
    per_page = app.registry.settings["microblog.posts_per_page"]
    count = 2 * per_page + 3
    if path == "/messages":
        start = utcnow() - timedelta(hours=1)
        dbsession.add_all(
            Message(
                sender=bob,
                recipient=ana,
                body=f"Message {i}",
                timestamp=start + timedelta(minutes=i),
            )
            for i in range(count)
        )
        dbsession.flush()
        expected = [f"Message {i}" for i in reversed(range(count))]
    else:
        make_posts(dbsession, ana, count)
        expected = [f"Post number {i} by ana" for i in reversed(range(count))]
    pages, urls = walk(as_ana, path, "next")
    assert [len(page) for page in pages] == [per_page, per_page, 3]
    assert [body for page in pages for body in page] == expected
    assert "before=" in urls[1] and "page=2" in urls[1]
    back, _urls = walk(as_ana, urls[-1], "prev")
    assert back == list(reversed(pages))


def test_a_cursor_keeps_its_place_while_new_posts_arrive(as_ana, ana, dbsession, app):
    per_page = app.registry.settings["microblog.posts_per_page"]
    make_posts(dbsession, ana, per_page + 5)
    first = as_ana.get("/explore")
    next_url = first.html.select_one("a[rel=next]")["href"]
    make_posts(dbsession, ana, 3, start=utcnow(), body="Newer {i}")
    second = as_ana.get(next_url)
    # a numbered page 2 would now repeat the last three posts of the first page
    assert bodies(second) == [f"Post number {i} by ana" for i in (4, 3, 2, 1, 0)]
    assert bodies(as_ana.get("/explore?page=2"))[:3] == bodies(first)[-3:]
    top = as_ana.get(second.html.select_one("a[rel=prev]")["href"])
    assert bodies(top)[:3] == ["Newer 2", "Newer 1", "Newer 0"]


def test_posts_written_at_the_same_moment_are_neither_lost_nor_repeated(
    as_ana, ana, dbsession, app
):
    per_page = app.registry.settings["microblog.posts_per_page"]
    moment = utcnow() - timedelta(minutes=5)
    dbsession.add_all(
        Post(body=f"Same moment {i}", author=ana, timestamp=moment) for i in range(per_page * 2)
    )
    dbsession.flush()
    pages, _urls = walk(as_ana, "/explore", "next")
    shown = [body for page in pages for body in page]
    assert sorted(shown) == sorted(f"Same moment {i}" for i in range(per_page * 2))


@pytest.mark.parametrize("query", ["before=nonsense", "after=2026-01-01T00:00:00", "before=1,2,3"])
def test_a_cursor_that_is_not_a_position_is_not_found(as_ana, ana, query):
    as_ana.get(f"/explore?{query}", status=404)


def test_numbered_pages_still_work_at_any_depth(as_ana, ana, dbsession, app):
    per_page = app.registry.settings["microblog.posts_per_page"]
    make_posts(dbsession, ana, per_page * 3 + 1)
    assert bodies(as_ana.get("/user/ana?page=4")) == ["Post number 0 by ana"]
    third = as_ana.get("/user/ana?page=3")
    assert bodies(third)[0] == f"Post number {per_page} by ana"
    assert third.html.select_one("a[rel=prev]")["href"].startswith(
        "http://example.com/user/ana?page=2&after="
    )
