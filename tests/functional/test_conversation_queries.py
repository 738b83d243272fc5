"""Conversations' lists run a fixed number of SQL queries, however long they are: the
reader's likes and reposts, the counts, whom posts answer and mention come with the page."""

import pytest

from microblog.models.conversation import publish
from microblog.models.interactions import like, repost

from ..support.factories import login, make_user
from ..support.queries import count_queries


class Conversation:
    """A conversation that ana follows, growing: each answer is tagged, mentions ana and
    bob, is liked by ana, reposted by bob and answered again; its author is followed by
    ana, likes and reposts the root. Every step notifies ana or bob."""

    def __init__(self, dbsession, ana, bob):
        self.dbsession, self.ana, self.bob = dbsession, ana, bob
        ana.follow(bob)
        self.root = publish(dbsession, bob, "root #topic")
        like(ana, self.root)

    def grow(self, n):
        for i in range(n):
            author = make_user(self.dbsession)
            self.ana.follow(author)
            reply = publish(self.dbsession, author, f"@ana @bob answer {i} #topic", self.root)
            like(self.ana, reply)
            repost(self.bob, reply)  # on bob's profile
            like(author, self.root)
            repost(author, self.root)
            publish(self.dbsession, author, f"@ana deeper {i}", in_reply_to=reply)
        return self.root


@pytest.fixture
def conversation(dbsession, ana, bob):
    return Conversation(dbsession, ana, bob).grow


PAGES = [
    "/",
    "/explore",
    "/user/{bob}",
    "/user/ana/likes",
    "/post/{root}",
    "/tag/topic",
    "/notifications/all",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_costs_the_same_queries_with_2_or_12_rows(
    testapp, ana, bob, engine, conversation, path
):
    login(testapp, "ana")

    def cost():
        url = path.format(root=root.id, bob="bob")
        testapp.get(url)  # warm up: last_seen, the notifications read
        with count_queries(engine) as statements:
            page = testapp.get(url)
        return len(statements), len(page.html.select("article"))

    root = conversation(2)
    few, shown_few = cost()
    conversation(10)
    many, shown_many = cost()
    assert shown_many > shown_few > 0
    assert many == few, path
