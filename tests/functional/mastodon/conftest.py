"""Fixtures of the Mastodon API's tests: applications registered and authorised through
the real endpoints and the real consent page, as a client and a browser would."""

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from ...support.factories import login

REDIRECT = "https://client.example/callback"
OOB = "urn:ietf:wg:oauth:2.0:oob"


def register(testapp, scopes="read write follow push", redirect_uris=REDIRECT, name="Client"):
    answer = testapp.post(
        "/api/v1/apps",
        {"client_name": name, "redirect_uris": redirect_uris, "scopes": scopes},
    )
    return answer.json


def pkce_pair():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.decode().rstrip("=")


def consent_page(testapp, app, scope, redirect_uri=REDIRECT, status=200, headers=None, **extra):
    query = {
        "client_id": app["client_id"],
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "scope": scope,
        **extra,
    }
    return testapp.get("/oauth/authorize", query, status=status, headers=headers)


def approve(page, decision="approve"):
    """Submit the consent form as the browser would (its CSRF token included)."""
    form = page.forms["consent"]
    return form.submit("decision", value=decision)


def code_from(answer):
    if answer.status_int == 302:
        return parse_qs(urlsplit(answer.location).query)["code"][0]
    return re.search(r'id="authorization-code" value="([^"]+)"', answer.text).group(1)


def exchange(testapp, app, code, redirect_uri=REDIRECT, status=200, **extra):
    return testapp.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "code": code,
            "redirect_uri": redirect_uri,
            **extra,
        },
        status=status,
    )


def authorise(testapp, username, scope="read write follow push", app=None):
    """A token of ``username`` for an application, through the whole real flow (the
    browser's session is signed out again afterwards)."""
    app = app or register(testapp, scope)
    login(testapp, username)
    code = code_from(approve(consent_page(testapp, app, scope)))
    testapp.reset()
    return exchange(testapp, app, code).json["access_token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def ana_token(testapp, ana):
    return authorise(testapp, "ana")


@pytest.fixture
def bob_token(testapp, bob):
    return authorise(testapp, "bob")


@pytest.fixture
def ana_auth(ana_token):
    return bearer(ana_token)


@pytest.fixture
def bob_auth(bob_token):
    return bearer(bob_token)
