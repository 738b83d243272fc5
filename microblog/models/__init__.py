"""Engine, session factory and one transaction-bound session per request."""

import logging

import zope.sqlalchemy
from pyramid_retry import is_last_attempt, mark_error_retryable
from sqlalchemy import engine_from_config, event
from sqlalchemy.orm import configure_mappers, sessionmaker

from .counters import POSTS, USERS, Counter, recount, total  # noqa: F401
from .message import Message  # noqa: F401
from .meta import Base, isoformat, utcnow  # noqa: F401
from .notification import Notification, add_notification  # noqa: F401
from .post import Post  # noqa: F401
from .task import Task  # noqa: F401
from .translation import Translation  # noqa: F401
from .user import User, followers  # noqa: F401

configure_mappers()
log = logging.getLogger(__name__)


# SQLite's lock modes, chosen per transaction through this execution option (see below)
SQLITE_BEGIN = "microblog.sqlite_begin"
IMMEDIATE, DEFERRED = "IMMEDIATE", "DEFERRED"
SQLITE_BUSY = 5  # the primary result code of SQLITE_BUSY and its extended codes
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_engine(settings, prefix="sqlalchemy."):
    engine = engine_from_config(settings, prefix, future=True)
    if engine.dialect.name == "sqlite":
        _prepare_sqlite(engine)
    return engine


def reading(engine):
    """``engine`` for transactions that only read: on SQLite they never take the write lock
    (elsewhere this changes nothing)."""
    return engine.execution_options(**{SQLITE_BEGIN: DEFERRED})


def _prepare_sqlite(engine):
    # pysqlite runs SELECTs outside any transaction by default, so under waitress threads
    # concurrent read-modify-write requests would silently lose updates. Every transaction
    # here opens with an explicit BEGIN, in WAL mode. One that writes says IMMEDIATE: it
    # takes the write lock at once and waits for it (busy_timeout), so writers queue and
    # none of them reads a row that another is about to change. One that only reads says
    # DEFERRED and takes no lock at all: WAL serves it a snapshot beside the writer.
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
        mode = connection.get_execution_options().get(SQLITE_BEGIN, IMMEDIATE)
        connection.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "handle_error")
    def busy_is_retryable(context):
        # A DEFERRED transaction that turns out to write needs the lock then; if another
        # writer holds it, or committed after this one's snapshot was taken, SQLite answers
        # SQLITE_BUSY at once. pyramid_retry then runs the request again, with IMMEDIATE.
        error = context.original_exception
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == SQLITE_BUSY and context.sqlalchemy_exception:
            mark_error_retryable(context.sqlalchemy_exception)


def get_session_factory(engine):
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_tm_session(session_factory, transaction_manager, request=None, **options):
    """A session joined to ``transaction_manager``: committed or aborted with it."""
    dbsession = session_factory(info={"request": request}, **options)
    zope.sqlalchemy.register(dbsession, transaction_manager=transaction_manager)
    return dbsession


def includeme(config):
    """Set up the engine and ``request.dbsession`` (one per request, one transaction)."""
    settings = config.get_settings()
    settings["tm.manager_hook"] = "pyramid_tm.explicit_manager"
    config.include("pyramid_tm")
    config.include("pyramid_retry")

    engine = get_engine(settings)
    session_factory = get_session_factory(engine)
    config.registry["dbsession_factory"] = session_factory
    config.registry["dbengine"] = engine

    reader = reading(engine)

    def dbsession(request):
        # tests hand in their own session bound to a doomed transaction
        session = request.environ.get("app.dbsession")
        if session is None:
            # a page that writes all the same (last_seen, an inbox marked read) is retried,
            # and its next attempt takes the write lock from the start
            reads = request.method in SAFE_METHODS and not is_last_attempt(request)
            options = {"bind": reader} if reads else {}
            session = get_tm_session(session_factory, request.tm, request=request, **options)
        return session

    config.add_request_method(dbsession, reify=True)
