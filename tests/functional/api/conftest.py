"""API test fixtures: a WebTest client that holds every answer to ``/api/openapi.json``."""

import base64

import pytest
import webtest

from ...conftest import shared_environ
from ...support.factories import PASSWORD
from ...support.openapi import OpenApiChecker, OpenApiTestApp


@pytest.fixture(scope="session")
def openapi_document(app):
    served = webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})
    return served.get("/api/openapi.json").json


@pytest.fixture
def api(app, tm, dbsession, openapi_document, fresh_redis_url):
    """Like ``testapp``; every ``/api`` response is checked against the OpenAPI document."""
    client = OpenApiTestApp(app, extra_environ=shared_environ(tm, dbsession))
    client.checker = OpenApiChecker(openapi_document)
    return client


def basic(username, password=PASSWORD):
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {credentials}"}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def token_for(api, username, password=PASSWORD):
    return api.post("/api/tokens", headers=basic(username, password)).json["token"]


@pytest.fixture
def ana_auth(api, ana):
    """Headers that authenticate ana (with a token got through the real endpoint)."""
    return bearer(token_for(api, "ana"))


@pytest.fixture
def bob_auth(api, bob):
    return bearer(token_for(api, "bob"))
