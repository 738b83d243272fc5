"""The API's conversation collections cost a fixed number of queries, however long."""

import pytest

from ...support.queries import count_queries
from .conftest import bearer, token_for

pytestmark = pytest.mark.usefixtures("visits_already_noted")

API = [
    "/api/posts",
    "/api/feed",
    "/api/posts/{root}/context",
    "/api/posts/{root}/likes",
    "/api/posts/{root}/reposts",
    "/api/tags/topic/posts",
    "/api/notifications",
]


@pytest.mark.parametrize("path", API)
def test_an_api_collection_costs_the_same_queries_with_2_or_12_rows(
    api, ana, bob, engine, conversation, path
):
    headers = bearer(token_for(api, "ana"))

    def cost():
        url = path.format(root=root.id, bob=bob.id)
        api.get(url, headers=headers)
        with count_queries(engine) as statements:
            answer = api.get(url, headers=headers).json
        shown = len(answer.get("items", answer.get("descendants", [])))
        return len(statements), shown

    root = conversation(2)
    few, shown_few = cost()
    conversation(10)
    many, shown_many = cost()
    assert shown_many > shown_few > 0
    assert many == few, path
