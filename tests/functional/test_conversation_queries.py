"""Conversations' lists run a fixed number of SQL queries, however long they are: the
reader's likes and reposts, the counts, whom posts answer and mention come with the page."""

import pytest

from ..support.factories import login
from ..support.queries import count_queries

pytestmark = pytest.mark.usefixtures("visits_already_noted")

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
