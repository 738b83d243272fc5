"""Full-text search of posts (tutorial chapter 16).

The backend comes from ``SEARCH_BACKEND``: ``whoosh`` (an index in ``SEARCH_INDEX_DIR``,
``search_whoosh``) or ``postgresql`` (the database's own full-text search, ``search_pg``).
Views and the API call :func:`search_posts`. An index of its own (Whoosh) hears about
posts only after their transaction commits, as warehouse does it: flushes note the posts
written or deleted in ``session.info``, and the commit hands their ids to the index, which
reads them back from the database. A rolled-back post never reaches the index.
"""

import logging
import re
from functools import partial
from itertools import chain

from pyramid.exceptions import ConfigurationError
from sqlalchemy import case, event, func, select
from zope.sqlalchemy import mark_changed

from ..models import Post
from .interfaces import ISearch, SearchUnavailable  # noqa: F401  (re-exported)
from .search_pg import PostgresSearch
from .search_whoosh import WhooshSearch

log = logging.getLogger(__name__)

# A post holds 140 characters: a much longer query cannot match more posts, it only makes
# the backend parse and look up hundreds of words.
MAX_QUERY_LENGTH = 500
REBUILD_BATCH = 10_000
PENDING = "microblog.search.pending"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# a deleted post kept for its replies (a tombstone) has no author, and nothing to find
LIVE = Post.user_id.is_not(None)


def clean_query(text):
    """The query as the backends get it: without control characters (PostgreSQL refuses
    NUL), with runs of spaces made one, at most ``MAX_QUERY_LENGTH`` characters."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "").split())[:MAX_QUERY_LENGTH]


def search_posts(request, text, page, per_page):
    """One page of the posts matching ``text``, best first: ``(posts, total matches)``.

    The posts come with their authors, in one query. Raises :class:`SearchUnavailable`
    when the index cannot answer.
    """
    text = clean_query(text)
    if not text:
        return [], 0
    search = request.find_service(ISearch)
    ids, total = search.query(text, page, per_page)
    if not ids:
        return [], total
    rank = case({post_id: n for n, post_id in enumerate(ids)}, value=Post.id)
    query = Post.newest_first(Post.id.in_(ids)).order_by(None).order_by(rank)
    posts = request.dbsession.scalars(query).unique().all()
    if len(posts) < len(ids) and search.needs_updates:
        # posts deleted behind the ORM's back (a cascade, a bulk delete): let the commit
        # of this request drop them from the index
        found = {post.id for post in posts}
        pending_ids(request.dbsession).update(set(ids) - found)
        mark_changed(request.dbsession)
    return posts, total


def rebuild_index(request, progress=None):
    """Rebuild the index from the database (``microblog reindex``); return the post count."""
    search = request.find_service(ISearch)
    fetch = partial(_posts_after, request.registry["dbengine"])
    with request.tm:
        return search.rebuild(fetch, progress)


def count_posts(engine):
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Post))


def _posts_after(engine, after_id, size=REBUILD_BATCH):
    query = select(Post.id, Post.body).where(Post.id > after_id, LIVE).order_by(Post.id).limit(size)
    with engine.connect() as connection:
        return connection.execute(query).all()


def _bodies(engine, ids):
    query = select(Post.id, Post.body).where(Post.id.in_(ids), LIVE)
    with engine.connect() as connection:
        return dict(connection.execute(query).all())


# after commit ----------------------------------------------------------------------------
def pending_ids(session):
    """The ids of the posts this session's transaction wrote or deleted so far."""
    return session.info.setdefault(PENDING, set())


def keep_index_in_step(session_factory, search, engine):
    """Tell ``search`` about the posts of each transaction of ``session_factory``'s
    sessions once, and only if, it commits."""

    def note_posts(session, flush_context):
        changed = chain(session.new, session.dirty, session.deleted)
        ids = {obj.id for obj in changed if isinstance(obj, Post)}
        if ids:
            pending_ids(session).update(ids)

    def send_posts(session):
        # a savepoint's release fires this too; only the real commit counts
        if session.in_nested_transaction():
            return
        ids = session.info.pop(PENDING, None)
        if ids:
            update_index(search, engine, ids)

    def forget_posts(session, transaction):
        if transaction.parent is None:
            session.info.pop(PENDING, None)

    event.listen(session_factory, "after_flush", note_posts)
    event.listen(session_factory, "after_commit", send_posts)
    event.listen(session_factory, "after_transaction_end", forget_posts)


def update_index(search, engine, post_ids):
    """Bring the index in line with the database for ``post_ids``; failures are logged
    (the commit has happened: the user's request must not fail for the index's sake)."""
    try:
        search.refresh(post_ids, partial(_bodies, engine))
    except Exception:
        log.error(
            "The search index missed changes to posts %s; `microblog reindex CONFIG` rebuilds it",
            sorted(post_ids),
            exc_info=True,
        )


def includeme(config):
    settings = config.registry.settings
    engine = config.registry["dbengine"]
    backend = settings["microblog.search_backend"]
    if backend == "postgresql":
        if engine.dialect.name != "postgresql":
            raise ConfigurationError(
                "SEARCH_BACKEND=postgresql needs a PostgreSQL database (DATABASE_URL); "
                f"this one is {engine.dialect.name}: use SEARCH_BACKEND=whoosh"
            )
        config.register_service_factory(
            lambda context, request: PostgresSearch(request.dbsession), ISearch
        )
    else:
        search = WhooshSearch.from_settings(settings)
        config.register_service(search, ISearch)
        keep_index_in_step(config.registry["dbsession_factory"], search, engine)
