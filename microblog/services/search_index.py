"""Keeping the search index in step with the posts, whatever the backend (``ISearchIndexer``).

As warehouse does it: flushes note the posts written or deleted in ``session.info``, and
the commit hands their ids to the indexer, which reads them back from the database. A
rolled-back post never reaches the index. Posts deleted behind the ORM's back (a cascade,
a bulk delete) are noticed by the searches that find them gone (:func:`note_gone`): the
indexer checks those once the searching transaction is over, whatever its outcome, so a
read stays a read. Indexers read committed rows through the engine (:class:`PostRows`),
never through a request's session.
"""

import logging
from itertools import chain

from sqlalchemy import event, func, select

from ..models import Post
from .interfaces import ISearchIndexer

log = logging.getLogger(__name__)

REBUILD_BATCH = 10_000
# a deleted post kept for its replies (a tombstone) has no author, and nothing to find
LIVE = Post.user_id.is_not(None)
PENDING = "microblog.search.pending"
GONE = "microblog.search.gone"


class PostRows:
    """The posts as an indexer reads them: committed rows, each read on a connection of
    its own."""

    def __init__(self, engine):
        self.engine = engine

    def count(self):
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(Post))

    def bodies(self, ids):
        """``{id: body}`` of those of ``ids`` that the database holds (and are not deleted)."""
        query = select(Post.id, Post.body).where(Post.id.in_(ids), LIVE)
        with self.engine.connect() as connection:
            return dict(connection.execute(query).all())

    def after(self, after_id, size=REBUILD_BATCH):
        """The next ``size`` ``(id, body)`` rows after ``after_id``, in id order."""
        query = (
            select(Post.id, Post.body).where(Post.id > after_id, LIVE).order_by(Post.id).limit(size)
        )
        with self.engine.connect() as connection:
            return connection.execute(query).all()


def count_posts(engine):
    return PostRows(engine).count()


def rebuild_index(request, progress=None):
    """Rebuild the index from the database (``microblog reindex``); return the post count."""
    return request.find_service(ISearchIndexer).rebuild(progress)


def refresh_index(indexer, post_ids):
    """Bring the index in line with the database for ``post_ids``; failures are logged
    (the commit has happened: nobody's request must fail for the index's sake)."""
    try:
        indexer.refresh(post_ids)
    except Exception:
        log.error(
            "The search index missed changes to posts %s; `microblog reindex CONFIG` rebuilds it",
            sorted(post_ids),
            exc_info=True,
        )


def pending_ids(session):
    """The ids of the posts this session's transaction wrote or deleted so far."""
    return session.info.setdefault(PENDING, set())


def note_gone(session, post_ids):
    """Ids that a search found in the index but not in the database: the indexer drops
    those the database indeed no longer has, after this session's transaction."""
    session.info.setdefault(GONE, set()).update(post_ids)


def served(request):
    """True for a request the web server handles (pyramid_retry numbers its attempts), not
    one that a command or a job makes with ``pyramid.scripting``: those may end at once."""
    return request is not None and "retry.attempt" in request.environ


def keep_index_in_step(session_factory, indexer, batches=None):
    """Tell ``indexer`` about the posts of each transaction of ``session_factory``'s
    sessions once, and only if, it commits (those of web requests through ``batches``, an
    ``IndexBatches``, when given); and about the posts its searches found gone once it is
    over (the database's locks released)."""

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
        if ids and batches is not None and served(session.info.get("request")):
            batches.add(ids)
        elif ids:
            refresh_index(indexer, ids)

    def end_transaction(session, transaction):
        if transaction.parent is None:
            session.info.pop(PENDING, None)
            gone = session.info.pop(GONE, None)
            if gone:
                refresh_index(indexer, gone)

    event.listen(session_factory, "after_flush", note_posts)
    event.listen(session_factory, "after_commit", send_posts)
    event.listen(session_factory, "after_transaction_end", end_transaction)
