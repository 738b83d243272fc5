"""A page runs a fixed number of SQL queries, however many posts it shows."""

import pytest

from ..support.factories import add_pictures, make_messages, make_posts, make_user
from ..support.queries import count_queries

pytestmark = pytest.mark.usefixtures("visits_already_noted")


def queries_for(testapp, engine, path):
    testapp.get(path)  # warm up: last_seen, caches
    with count_queries(engine) as statements:
        page = testapp.get(path)
    return len(statements), len(page.html.select("article.post"))


@pytest.mark.parametrize("path", ["/", "/explore", "/user/bob"])
def test_a_page_costs_the_same_queries_with_3_or_25_posts(as_ana, ana, engine, dbsession, path):
    bob = make_user(dbsession, "bob")
    ana.follow(bob)
    add_pictures(dbsession, make_posts(dbsession, bob, 3)[:1])
    few, shown = queries_for(as_ana, engine, path)
    assert shown == 3
    add_pictures(dbsession, make_posts(dbsession, bob, 22))
    carol = make_user(dbsession, "carol")
    make_posts(dbsession, carol, 5)  # more authors must not mean more queries
    ana.follow(carol)
    many, shown = queries_for(as_ana, engine, path)
    assert shown == 25
    assert many == few
    assert few <= MOST_QUERIES[path]


# the session with its reader; whom the list hides (and whom a block stands between the
# reader and: the cards' permissions ask no more); the posts with their authors; their
# pictures; their mentions and parents; and what the page adds
MOST_QUERIES = {
    "/": 5,
    "/explore": 6,  # trending tags
    "/user/bob": 7,  # the user, where the reader stands with them
}


@pytest.mark.parametrize("path", ["/", "/explore", "/user/bob", "/messages"])
def test_deep_numbered_pages_and_cursor_pages_cost_the_queries_of_the_first(
    as_ana, ana, engine, dbsession, path
):
    bob = make_user(dbsession, "bob")
    ana.follow(bob)
    add_pictures(dbsession, make_posts(dbsession, bob, 80)[::3])
    make_messages(dbsession, bob, ana, 80)

    def queries(url):
        as_ana.get(url)  # warm up: last_seen, caches
        dbsession.flush()  # what the warm-up left for the end of its transaction
        with count_queries(engine) as statements:
            as_ana.get(url)
        return len(statements)

    first = queries(path)
    older = as_ana.get(path).html.select_one("a[rel=next]")["href"]
    third = as_ana.get(as_ana.get(older).html.select_one("a[rel=next]")["href"])
    newer = third.html.select_one("a[rel=prev]")["href"]
    assert "before=" in older and "after=" in newer
    for url in (f"{path}?page=3", older, newer):
        assert queries(url) == first, url
