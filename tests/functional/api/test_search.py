"""``/api/search``: posts matching words, through the search service (``ISearch``)."""

import pytest

from microblog import main

from ...support.openapi import OpenApiChecker, OpenApiTestApp
from ...support.search import written_to_index
from .conftest import basic, bearer


def test_search_needs_words(api, ana_auth):
    for query in ("", "?q=", "?q=%20%20"):
        response = api.get(f"/api/search{query}", headers=ana_auth, status=400)
        assert response.json["message"] == "q: This field is required."


def test_bad_page_parameters_are_refused(api, ana_auth):
    api.get("/api/search?q=hello&page=0", headers=ana_auth, status=400)


def test_search_needs_a_token(api):
    api.get("/api/search?q=hello", status=401)


@pytest.fixture
def live_api(live_settings, openapi_document):
    """The API on a database of its own: posts are committed, so they reach the index."""
    app = main({}, **live_settings)
    client = OpenApiTestApp(app, extra_environ={"HTTP_HOST": "example.com"})
    client.checker = OpenApiChecker(openapi_document)
    yield client
    app.registry["dbengine"].dispose()


def test_posts_published_through_the_api_are_found(live_api):
    live_api.post_json(
        "/api/users",
        {"username": "ana", "email": "ana@example.com", "password": "correct horse"},
        status=201,
    )
    auth = bearer(live_api.post("/api/tokens", headers=basic("ana")).json["token"])
    for body in ("Pyramid traversal is neat", "I had lunch", "Pyramid, Pyramid, Pyramid!"):
        live_api.post_json("/api/posts", {"body": body}, headers=auth, status=201)
    written_to_index(live_api.app)
    found = live_api.get("/api/search?q=pyramid&per_page=1", headers=auth).json
    assert found["_meta"]["total_items"] == 2
    assert found["_links"]["next"] == "http://example.com/api/search?q=pyramid&page=2&per_page=1"
    second = live_api.get(found["_links"]["next"], headers=auth).json
    assert {post["body"] for post in found["items"] + second["items"]} == {
        "Pyramid traversal is neat",
        "Pyramid, Pyramid, Pyramid!",
    }
