"""``/api/tokens``: Basic credentials for a token, bearer tokens for everything else."""

import base64
from datetime import timedelta

import pytest

from microblog.models import utcnow

from ...support.factories import login
from .conftest import basic, bearer, token_for


def test_basic_credentials_get_a_token(api, ana):
    response = api.post("/api/tokens", headers=basic("ana"))
    assert set(response.json) == {"token"}
    assert len(response.json["token"]) >= 32
    assert response.headers["Cache-Control"] == "no-store"
    assert ana.token == response.json["token"]


def test_the_token_lives_token_expires_seconds(api, ana, app):
    before = utcnow()
    token_for(api, "ana")
    lifetime = app.registry.settings["microblog.token_expires"]
    assert lifetime == 3600
    assert before + timedelta(seconds=lifetime - 5) < ana.token_expiration
    assert ana.token_expiration <= utcnow() + timedelta(seconds=lifetime)


def test_the_same_token_comes_back_while_more_than_a_minute_is_left(api, ana):
    first = token_for(api, "ana")
    assert token_for(api, "ana") == first
    ana.token_expiration = utcnow() + timedelta(seconds=61)
    assert token_for(api, "ana") == first


def test_a_token_with_less_than_a_minute_left_is_replaced(api, ana):
    first = token_for(api, "ana")
    ana.token_expiration = utcnow() + timedelta(seconds=59)
    second = token_for(api, "ana")
    assert second != first
    api.get("/api/users", headers=bearer(second))
    api.get("/api/users", headers=bearer(first), status=401)


def test_a_token_authenticates_api_calls(api, ana):
    response = api.get(f"/api/users/{ana.id}", headers=bearer(token_for(api, "ana")))
    assert response.json["email"] == "ana@example.com"


def test_an_expired_token_is_refused(api, ana):
    token = token_for(api, "ana")
    ana.token_expiration = utcnow() - timedelta(seconds=1)
    response = api.get("/api/users", headers=bearer(token), status=401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoking_answers_204_and_ends_the_token(api, ana):
    token = token_for(api, "ana")
    response = api.delete("/api/tokens", headers=bearer(token), status=204)
    assert response.body == b""
    api.get("/api/users", headers=bearer(token), status=401)
    assert token_for(api, "ana") != token


def test_revoking_needs_a_bearer_token(api, ana):
    response = api.delete("/api/tokens", headers=basic("ana"), status=401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Microblog API"'


@pytest.mark.parametrize("password", ["wrong password", ""])
def test_a_wrong_password_gets_a_basic_challenge(api, ana, password):
    response = api.post("/api/tokens", headers=basic("ana", password), status=401)
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Microblog API"'
    assert response.json["error"] == "Unauthorized"
    assert ana.token is None


def test_an_unknown_username_gets_the_same_challenge(api, ana):
    unknown = api.post("/api/tokens", headers=basic("nobody"), status=401)
    wrong = api.post("/api/tokens", headers=basic("ana", "wrong password"), status=401)
    assert unknown.json == wrong.json


@pytest.mark.parametrize(
    "header",
    [
        "Basic",
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"\xff\xfe:x").decode(),
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Digest abc",
        "",
    ],
)
def test_malformed_credentials_are_a_401_not_a_500(api, ana, header):
    response = api.post("/api/tokens", headers={"Authorization": header}, status=401)
    assert response.headers["WWW-Authenticate"].startswith("Basic ")


def test_a_token_cannot_get_a_token(api, ana):
    """Only a password gets a token, as in the tutorial."""
    api.post("/api/tokens", headers=bearer(token_for(api, "ana")), status=401)


def test_basic_credentials_open_nothing_but_the_tokens_endpoint(api, ana):
    response = api.get("/api/users", headers=basic("ana"), status=401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Microblog API"'


@pytest.mark.parametrize("token", ["not-a-token", "x" * 500, ""])
def test_unknown_tokens_are_refused(api, ana, token):
    token_for(api, "ana")
    api.get("/api/users", headers=bearer(token), status=401)


def test_the_web_session_does_not_authenticate_the_api(api, ana):
    login(api, "ana")
    assert api.get("/").status_int == 200
    response = api.get("/api/users", status=401)
    assert response.json["error"] == "Unauthorized"


def test_an_api_call_refreshes_last_seen(api, ana):
    ana.last_seen = utcnow() - timedelta(days=3)
    api.get("/api/users", headers=bearer(token_for(api, "ana")))
    assert utcnow() - ana.last_seen < timedelta(minutes=1)
