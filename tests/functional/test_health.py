"""``/healthz``: the database decides the status code; Redis and search are reported."""

import socket
import tempfile

import pytest
import redis
import webtest
from pyramid.authentication import AuthTicket
from pyramid.scripting import prepare
from pyramid_services import IServiceRegistry
from zope.interface import Interface

from microblog import main
from microblog.services.interfaces import IQueue, ISearch
from microblog.views.health import optional_service

from ..conftest import SECRET, make_settings
from ..support.redis_server import ThrowawayRedis

# where no database listens: a folder that does not exist, an empty socket directory, a
# closed port (PyMySQL leaks the socket of a refused Unix-socket connection)
UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent/folder/microblog.sqlite",
    "postgresql": "postgresql+psycopg://postgres@/microblog?host={empty}&port=5432",
    "mariadb": "mysql+pymysql://root@127.0.0.1:{closed_port}/microblog",
}


class RedisQueue:
    """Just enough of a queue for the health check: its ``available`` pings a real Redis."""

    def __init__(self, url):
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    @property
    def available(self):
        try:
            return self.client.ping()
        except redis.RedisError:
            return False


class SearchIndex:
    """A search service whose index is there or not."""

    def __init__(self, available):
        self.available = available


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def register(app, iface, service):
    # replaces whatever the app registered for ``iface`` (the real backends, once merged)
    app.registry.getUtility(IServiceRegistry).register_factory(lambda container: service, iface)


@pytest.fixture
def served(app_settings, tmp_path):
    """A fresh app on the shared test database (services can be replaced in it)."""
    app = main({}, **{**app_settings, "microblog.var_dir": str(tmp_path / "var")})
    yield app
    app.registry["dbengine"].dispose()


@pytest.fixture
def redis_server(tmp_path):
    server = ThrowawayRedis(tmp_path / "redis").start()
    yield server
    server.stop()


def test_a_reachable_database_answers_200_without_signing_in(served):
    response = webtest.TestApp(served).get("/healthz")
    assert response.status_int == 200
    assert response.json["database"] == "ok"
    assert response.json["status"] in ("ok", "degraded")
    assert set(response.json) == {"status", "database", "redis", "search"}
    assert "no-store" in response.headers["Cache-Control"]


def test_redis_and_search_are_reported_by_their_services(served, redis_server):
    register(served, IQueue, RedisQueue(redis_server.url))
    register(served, ISearch, SearchIndex(available=True))
    testapp = webtest.TestApp(served)
    assert testapp.get("/healthz").json == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "search": "ok",
    }

    redis_server.stop()
    register(served, ISearch, SearchIndex(available=False))
    response = testapp.get("/healthz")
    assert response.status_int == 200
    assert response.json == {
        "status": "degraded",
        "database": "ok",
        "redis": "down",
        "search": "down",
    }


def test_a_service_that_is_not_registered_is_not_configured(served):
    class IUnregistered(Interface):
        """No backend provides this."""

    search = SearchIndex(available=True)
    register(served, ISearch, search)
    env = prepare(registry=served.registry)
    try:
        assert optional_service(env["request"], IUnregistered) is None
        assert optional_service(env["request"], ISearch) is search
    finally:
        env["closer"]()


@pytest.mark.parametrize("kind", sorted(UNREACHABLE))
def test_an_unreachable_database_answers_503_even_to_a_signed_in_browser(kind, tmp_path):
    empty = tempfile.mkdtemp(dir=tmp_path)
    url = UNREACHABLE[kind].format(empty=empty, closed_port=closed_port())
    app = main({}, **make_settings(url, tmp_path / "var"))
    try:
        testapp = webtest.TestApp(app)
        # a signed-in user's cookie makes the app look the user up, unless /healthz skips that
        ticket = AuthTicket(SECRET, "1", "0.0.0.0", hashalg="sha512").cookie_value()
        testapp.set_cookie("microblog_auth", ticket)
        response = testapp.get("/healthz", status=503)
        assert response.json["status"] == "down"
        assert response.json["database"] == "down"
        assert "Traceback" not in response.text and empty not in response.text
    finally:
        app.registry["dbengine"].dispose()
