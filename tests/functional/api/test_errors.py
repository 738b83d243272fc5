"""Every API error has the JSON error shape; elsewhere the client's ``Accept`` decides."""

import pytest
from sqlalchemy import select, text

from microblog import main
from microblog.models import Message, User
from microblog.security.tokens import issue_token

from ...support.factories import login, make_user
from ...support.openapi import OpenApiChecker, OpenApiTestApp

WRONG_METHODS = [
    ("PUT", "/api/tokens", "DELETE, POST"),
    ("DELETE", "/api/users", "GET, HEAD, POST"),
    ("PATCH", "/api/users/{ana}", "GET, HEAD, PUT"),
    ("POST", "/api/users/{ana}", "GET, HEAD, PUT"),
    ("POST", "/api/users/{ana}/followers", "GET, HEAD"),
    ("DELETE", "/api/users/{ana}/followed", "GET, HEAD"),
    ("PUT", "/api/users/{ana}/posts", "GET, HEAD"),
    ("GET", "/api/users/{ana}/follow", "DELETE, POST"),
    ("PUT", "/api/posts", "GET, HEAD, POST"),
    ("POST", "/api/posts/{post}", "DELETE, GET, HEAD, PUT"),
    ("GET", "/api/posts/{post}/like", "DELETE, POST"),
    ("PUT", "/api/posts/{post}/context", "GET, HEAD"),
    ("POST", "/api/feed", "GET, HEAD"),
    ("DELETE", "/api/messages", "GET, HEAD, POST"),
    ("DELETE", "/api/messages/{message}", "GET, HEAD"),
    ("POST", "/api/search", "GET, HEAD"),
    ("POST", "/api/openapi.json", "GET, HEAD"),
]


@pytest.fixture
def ids(dbsession, api, ana, bob, ana_auth):
    post = api.post_json("/api/posts", {"body": "a post"}, headers=ana_auth).json["id"]
    message = api.post_json(
        "/api/messages", {"recipient_id": bob.id, "body": "hi"}, headers=ana_auth
    ).json["id"]
    return {"ana": ana.id, "post": post, "message": message}


@pytest.mark.parametrize("method, url, allowed", WRONG_METHODS)
@pytest.mark.parametrize("signed_in", [True, False])
def test_a_wrong_method_is_a_405_with_allow(api, ids, ana_auth, method, url, allowed, signed_in):
    response = api.request(
        url.format(**ids), method=method, status=405, headers=ana_auth if signed_in else {}
    )
    assert response.headers["Allow"] == allowed
    assert response.json["error"] == "Method Not Allowed"
    assert method in response.json["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/nothing",
        "/api/users/1/nothing",
        "/api/posts/x",
        "/api/feed/more",
        "/api/openapi.json/x",
        "/api",
    ],
)
def test_unknown_api_urls_are_json_404s(api, ana, ana_auth, url):
    response = api.get(url, headers=ana_auth, status=404)
    assert response.content_type == "application/json"
    assert set(response.json) == {"error", "message"}
    assert response.json["error"] == "Not Found"


def test_api_errors_are_json_whatever_the_client_accepts(api, ana_auth):
    response = api.get("/api/posts/999999", headers={**ana_auth, "Accept": "text/html"}, status=404)
    assert response.json["error"] == "Not Found"
    response = api.get("/api/posts", headers={"Accept": "text/html"}, status=401)
    assert response.json["error"] == "Unauthorized"


def test_head_answers_like_get_without_a_body(api, ana, ana_auth):
    response = api.head(f"/api/users/{ana.id}", headers=ana_auth)
    assert response.content_type == "application/json"
    assert response.body == b""


def test_the_openapi_document_is_public(api):
    document = api.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://example.com"}]


# outside /api ---------------------------------------------------------------------------


def test_a_client_preferring_json_gets_the_error_shape_outside_the_api(testapp, ana, bob):
    login(testapp, "ana")
    forbidden = testapp.get("/user/bob/edit", headers={"Accept": "application/json"}, status=403)
    assert forbidden.json == {"error": "Forbidden", "message": "You are not allowed to do that."}
    missing = testapp.get(
        "/post/424242", headers={"Accept": "application/json, */*;q=0.5"}, status=404
    )
    assert missing.json["error"] == "Not Found"


def test_a_browser_gets_the_error_page_outside_the_api(testapp, ana, bob):
    login(testapp, "ana")
    accept = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    page = testapp.get("/user/bob/edit", headers=accept, status=403)
    assert page.content_type == "text/html"
    assert page.html.select_one("nav.navbar") is not None
    assert "You are not allowed to do that." in page.text


# a real failure -------------------------------------------------------------------------


@pytest.fixture
def broken_api(live_settings, database):
    """An app whose ``notification`` table has gone missing: telling a user about a new
    message fails in the database."""
    app = main({}, **live_settings)
    with app.registry["dbsession_factory"]() as session:
        user = make_user(session, "ana")
        make_user(session, "bob")
        token = issue_token(user, 3600)
        session.commit()
        session.execute(text("ALTER TABLE notification RENAME TO notification_gone"))
        session.commit()
    client = OpenApiTestApp(app, extra_environ={"HTTP_HOST": "example.com"})
    client.checker = OpenApiChecker(client.get("/api/openapi.json").json)
    yield client, {"Authorization": f"Bearer {token}"}
    app.registry["dbengine"].dispose()


def test_an_unexpected_failure_is_a_json_500_and_changes_nothing(broken_api, caplog):
    client, auth = broken_api
    # the message is written, then raising the recipient's unread badge fails
    response = client.post_json(
        "/api/messages", {"recipient_id": 2, "body": "hello"}, headers=auth, status=500
    )
    assert response.json == {
        "error": "Internal Server Error",
        "message": "An unexpected error has occurred. The administrator has been notified. "
        "Sorry for the inconvenience!",
    }
    assert any(record.levelname == "ERROR" for record in caplog.records)
    with client.app.registry["dbsession_factory"]() as session:
        assert session.scalars(select(Message)).all() == []
        assert session.get(User, 2).message_count == 0
