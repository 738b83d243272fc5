"""A page of the API costs the same number of queries whatever it holds (no N+1)."""

import pytest

from microblog.models import Message

from ...support.factories import add_pictures, make_posts, make_user
from ...support.queries import count_queries

pytestmark = pytest.mark.usefixtures("visits_already_noted")


def queries_for(api, engine, url, headers):
    with count_queries(engine) as statements:
        api.get(url, headers=headers)
    return len(statements)


@pytest.mark.parametrize(
    "url", ["/api/users", "/api/users/{ana}/followers", "/api/users/{ana}/followed"]
)
def test_a_page_of_users_with_their_counts_is_a_fixed_number_of_queries(
    api, dbsession, engine, ana, ana_auth, url
):
    def grow(n):
        for _ in range(n):
            user = make_user(dbsession)
            make_posts(dbsession, user, 2)
            user.follow(ana)
            ana.follow(user)

    url = url.format(ana=ana.id)
    grow(2)
    few = queries_for(api, engine, url + "?per_page=50", ana_auth)
    grow(20)
    many = queries_for(api, engine, url + "?per_page=50", ana_auth)
    assert few == many <= 4


@pytest.mark.parametrize(
    "url", ["/api/posts", "/api/feed", "/api/users/{ana}/posts", "/api/messages"]
)
def test_a_page_of_posts_or_messages_is_a_fixed_number_of_queries(
    api, dbsession, engine, ana, ana_auth, url
):
    url = url.format(ana=ana.id) + "?per_page=50"
    others = [make_user(dbsession) for _ in range(3)]
    for user in others:
        ana.follow(user)

    def grow(n):
        for user in others:
            add_pictures(dbsession, make_posts(dbsession, user, n)[::2])
            dbsession.add_all(
                Message(sender_id=user.id, recipient_id=ana.id, body="hi") for _ in range(n)
            )
        make_posts(dbsession, ana, n)
        dbsession.flush()

    grow(1)
    few = queries_for(api, engine, url, ana_auth)
    grow(10)
    many = queries_for(api, engine, url, ana_auth)
    # reading the inbox also resets the unread badge: one notification replaced by another;
    # posts come with the caller's likes and reposts, and their pictures; the authors a
    # list hides (blocked, muted, suspended) are read before its page
    assert few == many <= 6


@pytest.mark.parametrize(
    "url", ["/api/posts", "/api/feed", "/api/users/{ana}/posts", "/api/messages", "/api/users"]
)
def test_deep_numbered_pages_and_cursor_pages_cost_the_queries_of_the_first(
    api, dbsession, engine, ana, ana_auth, url
):
    url = url.format(ana=ana.id)
    for _ in range(7):
        user = make_user(dbsession)
        ana.follow(user)
        make_posts(dbsession, user, 10)
        dbsession.add_all(
            Message(sender_id=user.id, recipient_id=ana.id, body="hi") for _ in range(10)
        )
    make_posts(dbsession, ana, 10)
    dbsession.flush()
    api.get(url, headers=ana_auth)  # the inbox leaves a notification for the next flush
    first = queries_for(api, engine, url + "?per_page=2", ana_auth)
    link = url + "?per_page=2"
    for _page in range(2):
        link = api.get(link, headers=ana_auth).json["_links"]["next"]
    third = api.get(link, headers=ana_auth).json["_links"]
    assert "before=" in third["next"] and "after=" in third["prev"]
    for page in (url + "?per_page=2&page=3", third["next"], third["prev"]):
        assert queries_for(api, engine, page, ana_auth) == first, page
