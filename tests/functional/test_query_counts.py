"""A page runs a fixed number of SQL queries, however many posts it shows."""

import pytest

from ..support.factories import add_pictures, make_posts, make_user
from ..support.queries import count_queries


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
    assert few <= 7
