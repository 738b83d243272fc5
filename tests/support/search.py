"""Helpers for the search tests: apps on either backend, real commits, and the index's view."""

import contextlib
from pathlib import Path

import pytest
import webtest
from pyramid.scripting import prepare
from sqlalchemy import select
from whoosh import index

from microblog import main
from microblog.models import Post, User
from microblog.services.search import search_posts

from ..conftest import DATABASES
from .factories import PASSWORD, login


def _backend_pairs():
    pairs = [(kind, "whoosh") for kind in DATABASES]
    if "postgresql" in DATABASES:
        pairs.append(("postgresql", "postgresql"))
    return pairs


# Whoosh on every test database, PostgreSQL's own search on PostgreSQL only: a test module
# sets ``pytestmark = on_each_backend`` and its tests take ``database`` and ``search_backend``
on_each_backend = pytest.mark.parametrize(
    ("database", "search_backend"),
    _backend_pairs(),
    indirect=["database"],
    scope="session",
    ids=[f"{kind}-{backend}" for kind, backend in _backend_pairs()],
)

# for the tests of what exists on PostgreSQL only
on_postgresql = pytest.mark.parametrize(
    "database", [kind for kind in DATABASES if kind == "postgresql"], indirect=True, scope="session"
)


@contextlib.contextmanager
def search_app(live_settings, backend, **extra):
    """An app on a fresh database of its own (real commits) searching with ``backend``."""
    app = main({}, **live_settings, **{"microblog.search_backend": backend}, **extra)
    try:
        yield app
    finally:
        app.registry["dbengine"].dispose()


def index_dir(app):
    return Path(app.registry.settings["microblog.search_index_dir"])


def indexed_ids(app):
    """The ids of the posts in the Whoosh index."""
    ix = index.open_dir(str(index_dir(app)))
    with ix.searcher() as searcher:
        return {int(fields["id"]) for fields in searcher.all_stored_fields()}


def post_ids(app):
    with app.registry["dbsession_factory"]() as session:
        return set(session.scalars(select(Post.id)))


def create_user(app, username):
    with app.registry["dbsession_factory"]() as session:
        user = User(username=username, email=f"{username}@example.com")
        user.set_password(PASSWORD, rounds=4)
        session.add(user)
        session.commit()
        return user.id


def publish(app, user_id, *bodies):
    """Commit posts as the application would (the index hears of them after the commit)."""
    with app.registry["dbsession_factory"]() as session:
        posts = [Post(body=body, user_id=user_id, language="en") for body in bodies]
        session.add_all(posts)
        session.commit()
        return [post.id for post in posts]


def delete(app, *ids):
    with app.registry["dbsession_factory"]() as session:
        for post_id in ids:
            session.delete(session.get(Post, post_id))
        session.commit()


def written_to_index(app):
    """Wait until the posts of the app's web requests are in the index (they are written
    in batches, off the requests' threads: services/index_batches.py)."""
    batches = app.registry.get("search_index_batches")
    assert batches is None or batches.flush(), "the search index was not written in time"


def find(app, text, page=1, per_page=10):
    """``(bodies of the matching posts, total)`` through the function the views use."""
    env = prepare(registry=app.registry)
    try:
        request = env["request"]
        with request.tm:
            posts, total = search_posts(request, text, page, per_page)
            return [post.body for post in posts], total
    finally:
        env["closer"]()


def browser_for(app, username):
    """A WebTest client of ``app`` signed in as ``username``; its requests commit."""
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})
    login(client, username)
    return client
