"""``/avatar/{id}.svg``: pictures the app serves itself, and the Gravatar opt-in."""

import pytest
import webtest

from microblog import main

from ..conftest import shared_environ
from ..support.factories import login
from ..support.queries import count_queries


def test_pages_show_the_generated_avatar_of_each_author(as_ana, ana):
    page = as_ana.get("/user/ana")
    assert (
        page.html.select_one(".profile img")["src"] == f"http://example.com/avatar/{ana.id}.svg?v=1"
    )
    assert "gravatar" not in page.text


def test_an_avatar_is_public_cacheable_svg_and_costs_no_query(
    testapp, engine, ana, visits_already_noted
):
    with count_queries(engine) as queries:
        response = testapp.get(f"/avatar/{ana.id}.svg?v=1")
    assert response.content_type == "image/svg+xml"
    assert response.body.startswith(b"<svg")
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert len(queries) == 0
    again = testapp.get(
        f"/avatar/{ana.id}.svg?v=1", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_int == 304


@pytest.mark.parametrize("path", ["/avatar/ana.svg", "/avatar/1.png", "/avatar/0.svg", "/avatar/1"])
def test_a_malformed_avatar_path_is_not_found(testapp, path):
    testapp.get(path, status=404)


@pytest.fixture
def gravatar_app(app_settings, tm, dbsession):
    """The app with ``AVATARS=gravatar``, on the test's session and transaction."""
    app = main({}, **{**app_settings, "microblog.avatars": "gravatar"})
    yield webtest.TestApp(
        app,
        extra_environ=shared_environ(tm, dbsession),
    )
    app.registry["dbengine"].dispose()


def test_gravatar_is_an_opt_in(gravatar_app, ana):
    ana.email = "John@Example.com"
    login(gravatar_app, "ana")
    page = gravatar_app.get("/user/ana")
    assert page.html.select_one(".profile img")["src"] == (
        "https://www.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?d=identicon&s=128"
    )
