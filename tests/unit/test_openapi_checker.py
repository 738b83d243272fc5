"""The harness that holds API answers to the document can fail (so its passes mean something)."""

import json

import pytest

from microblog.views.api.openapi import document

from ..support.openapi import OpenApiChecker

JSON = {"Content-Type": "application/json"}
POST = {
    "id": 1,
    "body": "hi",
    "timestamp": "2024-01-02T03:04:05Z",
    "language": None,
    "author_id": 1,
    "in_reply_to_id": None,
    "reply_count": 0,
    "like_count": 0,
    "repost_count": 0,
    "liked": False,
    "reposted": False,
    "edited_at": None,
    "media": [],
    "_links": {"self": "http://x/api/posts/1", "author": "http://x/api/users/1"},
}


@pytest.fixture(scope="module")
def checker():
    return OpenApiChecker(document("http://x"))


def test_a_documented_answer_passes(checker):
    checker.check_answer("GET", "/api/posts/1", 200, JSON, json.dumps(POST).encode())


@pytest.mark.parametrize(
    "method, path, status, headers, body",
    [
        ("GET", "/api/posts/1", 200, JSON, {**POST, "extra": 1}),
        ("GET", "/api/posts/1", 200, JSON, {**POST, "timestamp": "2024-01-02 03:04:05"}),
        ("GET", "/api/posts/1", 200, {"Content-Type": "text/html"}, POST),
        ("GET", "/api/posts/1", 403, JSON, {"error": "Forbidden", "message": "no"}),
        ("GET", "/api/posts", 401, JSON, {"error": "Unauthorized", "message": "who?"}),
        ("POST", "/api/posts", 201, JSON, POST),
        ("GET", "/api/posts/1", 404, JSON, {"error": "Not Found"}),
        ("PATCH", "/api/posts/1", 404, JSON, {"error": "Not Found", "message": "?"}),
        ("DELETE", "/api/posts/1", 204, JSON, POST),
    ],
)
def test_an_answer_the_document_does_not_allow_fails(checker, method, path, status, headers, body):
    with pytest.raises(AssertionError):
        checker.check_answer(method, path, status, headers, json.dumps(body).encode())
