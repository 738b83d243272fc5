"""Full-text search of posts (tutorial chapter 16).

The backend comes from ``SEARCH_BACKEND``: ``whoosh`` (an index in ``SEARCH_INDEX_DIR``,
``search_whoosh``) or ``postgresql`` (the database's own full-text search, ``search_pg``).
Each gives two services: an ``ISearch`` that answers queries, and an ``ISearchIndexer``
that keeps the index in step with the posts (``search_index``; PostgreSQL's needs no
upkeep). Views and the API call :func:`search_posts`.
"""

import re
from functools import partial

from pyramid.exceptions import ConfigurationError
from sqlalchemy import case

from ..models import Post, reading
from .index_batches import IndexBatches
from .interfaces import ISearch, ISearchIndexer, SearchUnavailable  # noqa: F401  (re-exported)
from .search_index import PostRows, keep_index_in_step, note_gone, refresh_index
from .search_pg import PostgresIndexer, PostgresSearch
from .search_whoosh import WhooshIndex, WhooshIndexer, WhooshSearch

# A post holds 140 characters: a much longer query cannot match more posts, it only makes
# the backend parse and look up hundreds of words.
MAX_QUERY_LENGTH = 500
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


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
    ids, total = request.find_service(ISearch).query(text, page, per_page)
    if not ids:
        return [], total
    rank = case({post_id: n for n, post_id in enumerate(ids)}, value=Post.id)
    query = Post.newest_first(Post.id.in_(ids)).order_by(None).order_by(rank)
    posts = request.dbsession.scalars(query).unique().all()
    if len(posts) < len(ids):
        # posts deleted behind the ORM's back (a cascade, a bulk delete)
        note_gone(request.dbsession, set(ids) - {post.id for post in posts})
    return posts, total


def includeme(config):
    settings = config.registry.settings
    engine = config.registry["dbengine"]
    # an indexer's reads never take SQLite's write lock
    rows, batches = PostRows(reading(engine)), None
    if settings["microblog.search_backend"] == "postgresql":
        if engine.dialect.name != "postgresql":
            raise ConfigurationError(
                "SEARCH_BACKEND=postgresql needs a PostgreSQL database (DATABASE_URL); "
                f"this one is {engine.dialect.name}: use SEARCH_BACKEND=whoosh"
            )
        config.register_service_factory(
            lambda context, request: PostgresSearch(request.dbsession), ISearch
        )
        indexer = PostgresIndexer(rows)
    else:
        index = WhooshIndex.from_settings(settings)
        config.register_service(WhooshSearch(index), ISearch)
        indexer = WhooshIndexer(index, rows)
        delay = settings["microblog.search_index_delay"]
        if delay > 0:
            batches = IndexBatches(partial(refresh_index, indexer), delay)
    config.register_service(indexer, ISearchIndexer)
    config.registry["search_index_batches"] = batches
    keep_index_in_step(config.registry["dbsession_factory"], indexer, batches)
