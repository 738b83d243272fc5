"""Engine, session factory and one transaction-bound session per request."""

import logging
from contextlib import contextmanager

import zope.sqlalchemy
from sqlalchemy import engine_from_config, event
from sqlalchemy.orm import configure_mappers, sessionmaker
from transaction.interfaces import NoTransaction

from .media import Media  # noqa: F401
from .message import Message  # noqa: F401
from .meta import MAX_ID, Base, isoformat, utcnow  # noqa: F401
from .notification import Notification, add_notification  # noqa: F401
from .post import Post  # noqa: F401
from .task import Task  # noqa: F401
from .translation import Translation  # noqa: F401
from .user import User, followers  # noqa: F401

configure_mappers()
log = logging.getLogger(__name__)


def get_engine(settings, prefix="sqlalchemy."):
    engine = engine_from_config(settings, prefix, future=True)
    if engine.dialect.name == "sqlite":
        _prepare_sqlite(engine)
    return engine


def _prepare_sqlite(engine):
    # pysqlite runs SELECTs outside any transaction by default, so under waitress threads
    # concurrent read-modify-write requests silently lose updates, and "database is locked"
    # surfaces as a 500. Taking the write lock at BEGIN (with WAL and a busy timeout) makes
    # each request's transaction serializable and lets writers queue instead of failing.
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "busy_timeout=5000",
            "foreign_keys=ON",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def get_session_factory(engine):
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_tm_session(session_factory, transaction_manager, request=None):
    """A session joined to ``transaction_manager``: committed or aborted with it."""
    dbsession = session_factory(info={"request": request})
    zope.sqlalchemy.register(dbsession, transaction_manager=transaction_manager)
    return dbsession


@contextmanager
def unit_of_work(request):
    """Database work inside the request's transaction, or, where none is open, inside a
    short one of its own (committed at the end of the block, aborted if it raises).

    pyramid_tm opens one transaction per request, except for the paths declared with
    ``config.add_path_without_transaction``: those wait on something slow (a remote
    service) or must not need the database, and keep their transactions short with this.
    """
    manager = request.tm
    try:
        manager.get()
    except NoTransaction:
        with manager:
            yield request.dbsession
    else:
        yield request.dbsession


PATHS_WITHOUT_TRANSACTION = "microblog.paths_without_transaction"


def add_path_without_transaction(config, path):
    """Let requests for ``path`` run outside pyramid_tm (see :func:`unit_of_work`)."""
    config.registry.setdefault(PATHS_WITHOUT_TRANSACTION, set()).add(path.rstrip("/"))


def has_request_transaction(request):
    """pyramid_tm's activate hook."""
    path = request.path_info.rstrip("/")
    return path not in request.registry.get(PATHS_WITHOUT_TRANSACTION, ())


def includeme(config):
    """Set up the engine and ``request.dbsession`` (one per request, one transaction)."""
    settings = config.get_settings()
    settings["tm.manager_hook"] = "pyramid_tm.explicit_manager"
    settings["tm.activate_hook"] = has_request_transaction
    config.add_directive("add_path_without_transaction", add_path_without_transaction)
    config.include("pyramid_tm")
    config.include("pyramid_retry")

    engine = get_engine(settings)
    session_factory = get_session_factory(engine)
    config.registry["dbsession_factory"] = session_factory
    config.registry["dbengine"] = engine

    def dbsession(request):
        # tests hand in their own session bound to a doomed transaction
        session = request.environ.get("app.dbsession")
        if session is None:
            session = get_tm_session(session_factory, request.tm, request=request)
        return session

    config.add_request_method(dbsession, reify=True)
