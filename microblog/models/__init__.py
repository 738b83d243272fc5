"""Engine, session factory and one transaction-bound session per request."""

import logging
import sys
from contextlib import contextmanager

from pyramid.events import ApplicationCreated
from pyramid_retry import RetryableExecutionPolicy, is_last_attempt, mark_error_retryable
from sqlalchemy import engine_from_config, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.orm import configure_mappers, sessionmaker
from transaction._transaction import Status as TransactionStatus
from transaction.interfaces import NoTransaction
from zope.sqlalchemy.datamanager import STATUS_CHANGED, join_transaction

from . import sqlite
from .activity import Activity  # noqa: F401
from .counters import POSTS, USERS, Counter, recount, total  # noqa: F401
from .edits import PostEdit  # noqa: F401
from .interactions import Like, Repost  # noqa: F401
from .media import Media  # noqa: F401
from .message import Message  # noqa: F401
from .meta import MAX_ID, Base, isoformat, utcnow  # noqa: F401
from .moderation import AuditEntry, Report  # noqa: F401
from .notification import Notification, add_notification  # noqa: F401
from .oauth import Marker, OAuthApplication, OAuthCode, OAuthToken, PostIdempotency  # noqa: F401
from .outbox import OutboxMail  # noqa: F401
from .post import Post  # noqa: F401
from .safety import blocks, mutes  # noqa: F401
from .sqlite import reading
from .tags import Mention, PostTag, Tag  # noqa: F401
from .task import Task  # noqa: F401
from .translation import Translation  # noqa: F401
from .two_factor import RecoveryCode  # noqa: F401
from .user import ReservedUsername, User, followers  # noqa: F401
from .web_session import WebSession  # noqa: F401

configure_mappers()
log = logging.getLogger(__name__)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_engine(settings, prefix="sqlalchemy."):
    engine = engine_from_config(settings, prefix, future=True)
    if engine.dialect.name == "sqlite":
        sqlite.prepare(engine)
    event.listen(engine, "handle_error", conflicts_are_retried)
    return engine


# SQLite's extended codes for a UNIQUE and a PRIMARY KEY refusal, PostgreSQL's SQLSTATE,
# MySQL's and MariaDB's error number
SQLITE_DUPLICATES = {2067, 1555}
POSTGRESQL_DUPLICATE = "23505"
MYSQL_DUPLICATE = 1062


# a transaction the database chose to end so that another could go on: PostgreSQL's
# serialization failure and deadlock, MySQL's and MariaDB's deadlock ("try restarting
# transaction")
POSTGRESQL_CONFLICTS = {"40001", "40P01"}
MYSQL_DEADLOCK = 1213


def is_deadlock(error):
    """True when the driver's ``error`` ended the transaction to break a deadlock (or, on
    PostgreSQL, a serialization conflict): the same work, run again, goes through."""
    if getattr(error, "sqlstate", None) in POSTGRESQL_CONFLICTS:
        return True
    args = getattr(error, "args", ())
    return bool(args) and args[0] == MYSQL_DEADLOCK


def is_duplicate(error):
    """True when the driver's ``error`` is a unique or primary key refusing a row."""
    if getattr(error, "sqlite_errorcode", None) in SQLITE_DUPLICATES:
        return True
    if getattr(error, "sqlstate", None) == POSTGRESQL_DUPLICATE:
        return True
    args = getattr(error, "args", ())
    return bool(args) and args[0] == MYSQL_DUPLICATE


# SQLite: busy, locked, I/O error, cannot open the file; MySQL and MariaDB: cannot connect,
# server gone, connection lost, lock wait timeout
SQLITE_UNAVAILABLE = {5, 6, 10, 14}
MYSQL_UNAVAILABLE = {2002, 2003, 2006, 2013, 1205}


def is_unavailable(error):
    """True when SQLAlchemy's ``error`` says the database cannot serve right now (down,
    restarting, unreachable, busy, its pool exhausted), not that a statement is wrong."""
    if isinstance(error, SQLAlchemyTimeoutError | sqlite.WriterWaitedTooLong):
        return True
    if getattr(error, "connection_invalidated", 0):
        return True
    original = getattr(error, "orig", None)
    if is_deadlock(original):
        return True  # deadlocked through every retry: busy
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in SQLITE_UNAVAILABLE
    state = getattr(original, "sqlstate", "")
    if isinstance(error, OperationalError) and hasattr(original, "sqlstate"):
        # psycopg: no state when the server could not be reached; 08 (connection), 57P0x
        # (the server shutting down)
        return not state or state.startswith(("08", "57P"))
    args = getattr(original, "args", ())
    return bool(args) and args[0] in MYSQL_UNAVAILABLE


def conflicts_are_retried(context):
    """A unique row refused because a concurrent request wrote it first (two registrations
    of one name, a double follow) makes pyramid_retry run the request again: its checks
    then see that row, so the answer is the one a second request would get (the field's
    "already taken", a follow that is already there) instead of a 500. So does a
    transaction the database ended to break a deadlock between concurrent writers."""
    error, original = context.sqlalchemy_exception, context.original_exception
    if (isinstance(error, IntegrityError) and is_duplicate(original)) or is_deadlock(original):
        mark_error_retryable(error)


def answer_everything(policy):
    """``policy``, wrapped so that an error that escapes every tween and view (a failing
    commit hook, a tween's bug) is still answered by the exception views, on a fresh
    request of a visitor, instead of being waitress's bare 500."""

    def answered(environ, router):
        try:
            return policy(environ, router)
        except Exception:
            exc_info = sys.exc_info()
            with router.request_context(environ) as request:
                request.user = None
                request.root = request.context = router.root_factory(request)
                return request.invoke_exception_view(exc_info)

    return answered


TRANSACTION_MANAGER = "transaction_manager"  # in a session's ``info``: the one it joins


def get_session_factory(engine):
    """Sessions of ``engine``; one made by :func:`get_tm_session` joins its transaction
    manager's transaction when it begins (or is handed a row).

    zope.sqlalchemy's ``register`` does this with seven listeners added to each session,
    which cost a request more than its hello-world answer; listening on the factory once
    costs nothing per session. Only the joining is needed: a session joins "changed" (see
    :func:`get_tm_session`), so the listeners that note a change have nothing to do.
    """
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "after_begin", _join_its_transaction)
    event.listen(factory, "after_attach", _join_its_transaction)
    event.listen(factory, "before_commit", _committed_by_its_manager)
    return factory


def _join_its_transaction(session, *_):
    manager = session.info.get(TRANSACTION_MANAGER)
    if manager is not None:
        join_transaction(session, STATUS_CHANGED, manager)


def _committed_by_its_manager(session):
    manager = session.info.get(TRANSACTION_MANAGER)
    if manager is not None and not session.in_nested_transaction():
        # as zope.sqlalchemy checks: a view must not commit the request's transaction
        assert manager.get().status == TransactionStatus.COMMITTING, (
            "Transaction must be committed using the transaction manager"
        )


def fill_event_lists(session_factory):
    """Have SQLAlchemy fill the listener lists of ``session_factory``'s sessions now, while
    the app starts on one thread. It fills a list the first time its event fires; two
    threads firing it first at once race (one runs the listeners while the other is still
    adding them: "deque mutated during iteration"), which failed a commit under load."""
    session = session_factory()
    try:
        for name in session.dispatch._event_names:
            getattr(session.dispatch, name)
    finally:
        session.close()


def get_tm_session(session_factory, transaction_manager, request=None, **options):
    """A session joined to ``transaction_manager``: committed or aborted with it.

    Its transaction ends with a COMMIT even when it only read ("changed" from the start):
    zope.sqlalchemy would end a read with a ROLLBACK, and on PostgreSQL every ROLLBACK
    empties psycopg's cache of prepared statements, so that each page's statements were
    planned again on every request.
    """
    return session_factory(
        info={"request": request, TRANSACTION_MANAGER: transaction_manager}, **options
    )


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
    # pyramid_retry's policy, wrapped (this one wins over the one it sets itself)
    attempts = int(settings.get("retry.attempts") or 3)
    config.set_execution_policy(answer_everything(RetryableExecutionPolicy(attempts)))

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
    # after every area has added its listeners (search, media, counters)
    config.add_subscriber(lambda event: fill_event_lists(session_factory), ApplicationCreated)
