"""The scale-out search backend: PostgreSQL's own full-text search over the post table.

Posts are matched with ``websearch_to_tsquery`` (words, "phrases", ``or``, ``-word``; it
never rejects its input) against the ``to_tsvector`` expression that the GIN index of the
``post`` table holds, so the database keeps the index in step with every commit itself:
its indexer has nothing to do but rebuild that index on demand.
"""

import logging

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import SQLAlchemyError
from zope.interface import implementer

from ..models.post import SEARCH_CONFIG, Post, body_search_index, body_tsvector
from .interfaces import ISearch, ISearchIndexer, SearchUnavailable

log = logging.getLogger(__name__)

# ts_rank_cd (cover density: how often and how close together the words appear) with
# normalization 1 (divided by 1 + log of the post's length): a post that says the words
# often, or side by side, or says little else, ranks first
RANK_NORMALIZATION = 1


@implementer(ISearch)
class PostgresSearch:
    """Full-text search run by PostgreSQL, in the request's own transaction."""

    available = True

    def __init__(self, dbsession):
        self.dbsession = dbsession

    def query(self, text, page, per_page):
        words = func.websearch_to_tsquery(SEARCH_CONFIG, text)
        matches = body_tsvector().op("@@")(words)
        rank = func.ts_rank_cd(body_tsvector(), words, RANK_NORMALIZATION)
        query = (
            select(Post.id, func.count().over())
            .where(matches)
            .order_by(rank.desc(), Post.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        try:
            # a savepoint: a failed search leaves the rest of the request's transaction usable
            with self.dbsession.begin_nested():
                rows = self.dbsession.execute(query).all()
                if rows or page == 1:
                    total = rows[0][1] if rows else 0
                else:
                    total = self.dbsession.scalar(
                        select(func.count()).select_from(Post).where(matches)
                    )
        except SQLAlchemyError as error:
            log.error("PostgreSQL full-text search failed", exc_info=True)
            raise SearchUnavailable(str(error)) from error
        return [row[0] for row in rows], total


@implementer(ISearchIndexer)
class PostgresIndexer:
    """PostgreSQL updates its index as posts are written: nothing to refresh; a rebuild
    reindexes (or recreates) the GIN index."""

    def __init__(self, rows):
        self.rows = rows

    def refresh(self, post_ids):
        pass

    def rebuild(self, progress=None):
        # CONCURRENTLY waits for every transaction that could use the index: autocommit,
        # on a connection of its own
        autocommit = self.rows.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        with autocommit as connection:
            body_search_index.create(connection, checkfirst=True)
            connection.execute(sql(f"REINDEX INDEX CONCURRENTLY {body_search_index.name}"))
        total = self.rows.count()
        if progress:
            progress(total)
        return total
