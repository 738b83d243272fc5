"""Engine, session factory and one transaction-bound session per request."""

import logging

import zope.sqlalchemy
from pyramid_retry import is_last_attempt
from sqlalchemy import engine_from_config
from sqlalchemy.orm import configure_mappers, sessionmaker

from . import sqlite
from .counters import POSTS, USERS, Counter, recount, total  # noqa: F401
from .message import Message  # noqa: F401
from .meta import Base, isoformat, utcnow  # noqa: F401
from .notification import Notification, add_notification  # noqa: F401
from .post import Post  # noqa: F401
from .sqlite import reading
from .task import Task  # noqa: F401
from .translation import Translation  # noqa: F401
from .user import User, followers  # noqa: F401

configure_mappers()
log = logging.getLogger(__name__)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_engine(settings, prefix="sqlalchemy."):
    engine = engine_from_config(settings, prefix, future=True)
    if engine.dialect.name == "sqlite":
        sqlite.prepare(engine)
    return engine


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
