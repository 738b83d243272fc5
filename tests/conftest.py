"""Fixtures shared by every test.

The database-backed tests run once on SQLite and once on a throwaway PostgreSQL cluster
(``MICROBLOG_TEST_DATABASES=sqlite`` narrows that; ``sqlite,postgresql,mariadb`` adds a
throwaway MariaDB server, as ``.ci/run`` does where Debian's ``mariadb-server`` is
installed). Each database is migrated once with alembic; each test then runs in one
transaction that is rolled back at the end, shared with the WebTest requests through
``extra_environ``. Tests of what happens after a commit ask for
``live_settings`` instead: a fresh database of their own.
"""

import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
import transaction
import webtest
from alembic.config import Config
from pyramid import testing
from pyramid.scripting import prepare
from sqlalchemy import create_engine

import microblog.models.user
import microblog.models.web_session
from alembic import command
from microblog import main
from microblog.logs import HANDLER_NAME as LOG_HANDLER_NAME
from microblog.logs import remove_root_handler
from microblog.models import get_tm_session
from microblog.services.embedded_redis import EmbeddedRedis
from microblog.services.error_reports import HANDLER_NAME as REPORTS_HANDLER_NAME
from microblog.settings import OVERRIDES

from .support import mariadb, postgres, s3_server
from .support.factories import login, make_user
from .support.fake_translators import FakeTranslator, libretranslate_answer

ROOT = Path(__file__).resolve().parent.parent
DATABASES = os.environ.get("MICROBLOG_TEST_DATABASES", "sqlite,postgresql").split(",")
# the database servers the tests start, by the fixture that starts them
SERVERS = {"postgresql": "pg_cluster", "mariadb": "mariadb_server"}
SECRET = "a-test-secret-that-is-long-enough"


@pytest.fixture(scope="session", autouse=True)
def clean_environment():
    """The tests decide every setting: none leaks in from the shell."""
    for _key, variable, *_ in OVERRIDES:
        os.environ.pop(variable, None)


@pytest.fixture(autouse=True)
def root_log_handlers_removed():
    """An application hangs handlers on the root logger: its log file (in a VAR_DIR that
    goes with the test), and with admins to mail reports to, the mailer. They go with the
    test that built it, so that no later test logs into a deleted folder."""
    yield
    remove_root_handler(REPORTS_HANDLER_NAME)
    remove_root_handler(LOG_HANDLER_NAME)


def alembic_config(url):
    config = Config(str(ROOT / "development.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", url)
    return config


def migrate(url):
    engine = create_engine(url)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    engine.dispose()


@pytest.fixture(scope="session")
def pg_cluster(tmp_path_factory):
    with postgres.running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def mariadb_server():
    if not mariadb.available():
        pytest.skip(
            "MariaDB binaries (mariadb-install-db, mariadbd) not found on this machine "
            "(apt-get install mariadb-server)"
        )
    directory = tempfile.mkdtemp(prefix="microblog-mariadb-")
    server = mariadb.ThrowawayMariaDB(directory)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def s3():
    """moto's S3 server, for the ``s3`` media backend; ``s3.create_bucket(name)``."""
    if not s3_server.available():
        pytest.skip("moto_server not found (the test extras install moto[server])")
    server = s3_server.ThrowawayS3().start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=DATABASES)
def database(request, tmp_path_factory):
    """``(kind, url of the migrated template database, maker of fresh copies)``."""
    kind = request.param
    if kind == "sqlite":
        template = tmp_path_factory.mktemp("sqlite") / "template.sqlite"
        url = f"sqlite:///{template}"
        migrate(url)

        def fresh(directory):
            path = Path(directory) / "microblog.sqlite"
            shutil.copy(template, path)
            return f"sqlite:///{path}"

        yield kind, url, fresh
    elif kind in SERVERS:
        server = request.getfixturevalue(SERVERS[kind])
        migrate(server.create_database("microblog_template"))
        # the template only serves as a source of copies: nothing may stay connected to it
        url = server.create_database("microblog_shared", template="microblog_template")
        serial = iter(range(1, 10**6))

        def fresh(directory):
            return server.create_database(
                f"microblog_{next(serial)}", template="microblog_template"
            )

        yield kind, url, fresh
    else:
        raise pytest.UsageError(f"unknown test database {kind!r}")


def make_settings(database_url, var_dir, **extra):
    settings = {
        "sqlalchemy.url": database_url,
        "microblog.var_dir": str(var_dir),
        "microblog.secret_key": SECRET,
        "pyramid.default_locale_name": "en",
    }
    settings.update(extra)
    return settings


@pytest.fixture(scope="session")
def shared_redis():
    """One Redis for the apps of this test process (their job queue and throttles), rather
    than an embedded one under each test's VAR_DIR; emptied for each test (``fresh_redis_url``)."""
    directory = Path(tempfile.mkdtemp(prefix="mb-"))
    server = EmbeddedRedis(directory).ensure_running()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def fresh_redis_url(shared_redis):
    """The shared Redis's URL, with nothing in it: no count or job of an earlier test."""
    shared_redis.client().flushdb()
    return shared_redis.url


@pytest.fixture(scope="session")
def app_settings(database, tmp_path_factory, shared_redis):
    return make_settings(
        database[1], tmp_path_factory.mktemp("var"), **{"microblog.redis_url": shared_redis.url}
    )


@pytest.fixture(scope="session")
def app(app_settings):
    wsgi_app = main({}, **app_settings)
    yield wsgi_app
    wsgi_app.registry["dbengine"].dispose()


@pytest.fixture
def engine(app):
    return app.registry["dbengine"]


@pytest.fixture
def tm():
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    manager.doom()
    yield manager
    manager.abort()


@pytest.fixture
def dbsession(app, tm):
    return get_tm_session(app.registry["dbsession_factory"], tm)


def shared_environ(tm, dbsession):
    """WebTest's environ for an app that works in the test's session and transaction."""
    return {
        "HTTP_HOST": "example.com",
        "tm.active": True,
        "tm.manager": tm,
        "app.dbsession": dbsession,
    }


@pytest.fixture
def testapp(app, tm, dbsession, fresh_redis_url):
    return webtest.TestApp(app, extra_environ=shared_environ(tm, dbsession))


@pytest.fixture
def visits_already_noted(monkeypatch):
    """Query counts that do not hang on the clock: the once-a-minute notes of a visit (a
    user's ``last_seen``, a session's) never fall due between two counted requests."""
    for module in (microblog.models.user, microblog.models.web_session):
        monkeypatch.setattr(module, "LAST_SEEN_RESOLUTION", timedelta.max)


@pytest.fixture
def ana(dbsession):
    return make_user(dbsession, "ana", about_me="I write about Pyramid.")


@pytest.fixture
def bob(dbsession):
    return make_user(dbsession, "bob")


@pytest.fixture
def as_ana(testapp, ana):
    """``testapp`` signed in as ana."""
    login(testapp, "ana")
    return testapp


@pytest.fixture
def live_settings(database, tmp_path, fresh_redis_url):
    """Settings for an app on a fresh database of its own, for tests that need commits."""
    return make_settings(
        database[2](tmp_path), tmp_path / "var", **{"microblog.redis_url": fresh_redis_url}
    )


@pytest.fixture
def redis_var_dir():
    """A VAR_DIR short enough for the embedded Redis's Unix socket to live in it; its
    server (if a test started one) is shut down afterwards."""
    directory = Path(tempfile.mkdtemp(prefix="mb-"))
    yield directory
    EmbeddedRedis(directory).stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def libre():
    """A local server speaking LibreTranslate's protocol (translation is a paid service)."""
    server = FakeTranslator(libretranslate_answer).start()
    yield server
    server.stop()


# Requests without an HTTP round trip (pyramid-cookiecutter-starter's fixtures), sharing the
# test's session and doomed transaction: ``app_request`` is a real request of the app
# (services, settings, ``request.user`` and ``resource_url`` work), ``dummy_request`` a
# ``testing.DummyRequest`` for code that needs only a few of its attributes.
@pytest.fixture
def app_request(app, tm, dbsession):
    with prepare(registry=app.registry) as env:
        request = env["request"]
        request.host = "example.com"
        # without these, request.dbsession would join the same transaction manager with a
        # session and a database transaction of its own
        request.dbsession = dbsession
        request.tm = tm
        yield request


@pytest.fixture
def dummy_request(app, tm, dbsession):
    request = testing.DummyRequest(registry=app.registry)
    request.host = "example.com"
    request.dbsession = dbsession
    request.tm = tm
    return request
