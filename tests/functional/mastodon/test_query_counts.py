"""A page of the Mastodon API runs a fixed number of SQL queries, however long it is."""

import pytest

from microblog.models.conversation import publish
from microblog.models.interactions import like, repost

from ...support.factories import make_posts, make_user
from ...support.queries import count_queries


def queries_for(testapp, engine, path, headers):
    testapp.get(path, headers=headers)  # warm up: last_seen, caches
    with count_queries(engine) as statements:
        answer = testapp.get(path, headers=headers)
    return len(statements), len(answer.json)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/timelines/home", "/api/v1/timelines/public", "/api/v1/notifications"],
)
def test_a_page_costs_the_same_queries_with_3_or_10_items(
    testapp, engine, dbsession, ana, ana_auth, path
):
    bob = make_user(dbsession, "bob")
    ana.follow(bob)

    def grow(n):
        for post in make_posts(dbsession, bob, n, body="@ana number {i} #tag"):
            like(bob, post)
            publish(dbsession, bob, f"@ana again {post.id}")
        repost(bob, post)

    grow(3)
    few, shown = queries_for(testapp, engine, path + "?limit=3", ana_auth)
    assert shown == 3
    carol = make_user(dbsession, "carol")
    ana.follow(carol)
    make_posts(dbsession, carol, 5)
    grow(10)
    many, shown = queries_for(testapp, engine, path + "?limit=10", ana_auth)
    assert shown == 10
    assert many == few
