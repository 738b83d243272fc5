"""``/healthz``: the database decides the status code; Redis and search are reported."""

import socket
import tempfile
from pathlib import Path

import pytest
import webtest
from pyramid.scripting import prepare
from zope.interface import Interface

from microblog import main
from microblog.services.interfaces import ISearch
from microblog.services.search_whoosh import WhooshSearch
from microblog.views.health import optional_service

from ..conftest import make_settings
from ..support.redis_server import ThrowawayRedis

# where no database listens: a folder that does not exist, an empty socket directory, a
# closed port (PyMySQL leaks the socket of a refused Unix-socket connection)
UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent/folder/microblog.sqlite",
    "postgresql": "postgresql+psycopg://postgres@/microblog?host={empty}&port=5432",
    "mariadb": "mysql+pymysql://root@127.0.0.1:{closed_port}/microblog",
}


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    server = ThrowawayRedis(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def served(app_settings, redis_server, tmp_path):
    """A fresh app on the shared test database with its real services: the job queue on
    ``redis_server``, and a Whoosh index of its own under its VAR_DIR."""
    settings = {
        **app_settings,
        "microblog.var_dir": str(tmp_path / "var"),
        "microblog.redis_url": redis_server.url,
    }
    app = main({}, **settings)
    yield app
    app.registry["dbengine"].dispose()


def break_search_index(app):
    index_dir = Path(app.registry.settings["microblog.search_index_dir"])
    tables = list(index_dir.glob("_MAIN_*.toc"))
    assert tables, "the app made no index"
    for table in tables:
        table.write_bytes(b"this is not an index")


def test_a_reachable_database_answers_200_without_signing_in(served):
    response = webtest.TestApp(served).get("/healthz")
    assert response.status_int == 200
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "search": "ok",
        "mail": "ok",
        "mail_backlog": 0,
    }
    assert "no-store" in response.headers["Cache-Control"]


def test_redis_and_search_are_reported_by_their_services(served, redis_server):
    testapp = webtest.TestApp(served)
    assert testapp.get("/healthz").json == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "search": "ok",
        "mail": "ok",
        "mail_backlog": 0,
    }

    redis_server.stop()
    break_search_index(served)
    response = testapp.get("/healthz")
    assert response.status_int == 200
    assert response.json == {
        "status": "degraded",
        "database": "ok",
        "redis": "down",
        "search": "down",
        "mail": "ok",
        "mail_backlog": 0,
    }


def test_a_service_that_is_not_registered_is_not_configured(served):
    class IUnregistered(Interface):
        """No backend provides this."""

    with prepare(registry=served.registry) as env:
        assert optional_service(env["request"], IUnregistered) is None
        assert isinstance(optional_service(env["request"], ISearch), WhooshSearch)


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_an_unreachable_database_answers_503_even_to_a_signed_in_browser(kind, tmp_path):
    empty = tempfile.mkdtemp(dir=tmp_path)
    url = UNREACHABLE[kind].format(empty=empty, closed_port=closed_port())
    app = main({}, **make_settings(url, tmp_path / "var"))
    try:
        testapp = webtest.TestApp(app)
        # a session cookie makes the app look the session up, unless /healthz skips that
        testapp.set_cookie("session", "s" * 43)
        response = testapp.get("/healthz", status=503)
        assert response.json["status"] == "down"
        assert response.json["database"] == "down"
        assert "Traceback" not in response.text and empty not in response.text
    finally:
        app.registry["dbengine"].dispose()
