"""The API keeps to its OpenAPI document where the probe found it did not."""

import pytest

from .conftest import bearer, token_for


def test_an_unknown_property_is_refused_as_the_document_says(api, ana_auth, openapi_document):
    new_post = openapi_document["components"]["schemas"]["NewPost"]
    assert new_post["additionalProperties"] is False
    answer = api.post_json("/api/posts", {"body": "hi", "bodyy": "x"}, headers=ana_auth, status=400)
    assert answer.json["message"].startswith("bodyy: not a field of this object")


def test_a_per_page_of_any_length_is_capped_not_refused(api, ana_auth):
    answer = api.get("/api/posts?per_page=" + "9" * 31, headers=ana_auth, status=200)
    assert answer.json["_meta"]["per_page"] == 100


def test_a_page_of_too_many_digits_is_refused_saying_the_range(api, ana_auth):
    answer = api.get("/api/posts?page=" + "9" * 31, headers=ana_auth, status=400)
    assert answer.json["message"] == "page: must be an integer from 1 to 1000000000."


@pytest.mark.parametrize(
    "path, method, rule",
    [
        ("/api/users", "post", "another account has"),
        ("/api/users/{id}", "put", "another account has"),
        ("/api/users/{id}/follow", "post", "own id"),
        ("/api/users/{id}/follow", "delete", "own id"),
        ("/api/messages", "post", "caller's own"),
    ],
)
def test_the_document_names_each_rule_a_400_stands_for(openapi_document, path, method, rule):
    bad_request = openapi_document["paths"][path][method]["responses"]["400"]
    assert rule in bad_request["description"]


def test_following_oneself_is_a_documented_400(api, ana, ana_auth):
    answer = api.post(f"/api/users/{ana.id}/follow", headers=ana_auth, status=400)
    assert answer.json["error"] == "Bad Request"


def test_a_taken_name_in_another_case_is_a_documented_400(api, ana, bob):
    auth = bearer(token_for(api, "bob"))
    answer = api.put_json(f"/api/users/{bob.id}", {"username": "ANA"}, headers=auth, status=400)
    assert answer.json["message"] == "username: Please use a different username."
