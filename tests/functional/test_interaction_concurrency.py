"""Likes and replies arriving at the same moment: every one is counted, none twice."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import transaction
from sqlalchemy import func, select

from microblog import main
from microblog.models import Like, Post, User, get_tm_session
from microblog.models.conversation import publish
from microblog.models.interactions import like

from ..support.factories import make_posts, make_user

WRITERS = 8


@pytest.fixture
def served(live_settings):
    app = main({}, **live_settings)
    yield app
    app.registry["dbengine"].dispose()


def in_transaction(app, work):
    """Run ``work(session)`` in a transaction of its own, retried as pyramid_retry would."""
    manager = transaction.TransactionManager(explicit=True)
    for attempt in manager.attempts(5):
        with attempt:
            work(get_tm_session(app.registry["dbsession_factory"], manager))


@pytest.fixture
def people(served):
    with served.registry["dbsession_factory"]() as session:
        users = [make_user(session, f"user{i}") for i in range(WRITERS)]
        (post,) = make_posts(session, users[0], 1)
        session.commit()
        return [user.id for user in users], post.id


def count(app, query):
    with app.registry["dbsession_factory"]() as session:
        return session.scalar(query)


def test_simultaneous_likes_are_all_counted(served, people):
    user_ids, post_id = people

    def like_as(user_id):
        in_transaction(
            served,
            lambda session: like(session.get(User, user_id), session.get(Post, post_id)),
        )

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(like_as, user_ids))
    assert count(served, select(Post.like_count).where(Post.id == post_id)) == WRITERS
    assert count(served, select(func.count()).select_from(Like)) == WRITERS


def test_the_same_like_sent_at_once_counts_once(served, people):
    user_ids, post_id = people

    def like_again(_):
        in_transaction(
            served,
            lambda session: like(session.get(User, user_ids[1]), session.get(Post, post_id)),
        )

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(like_again, range(WRITERS)))
    assert count(served, select(Post.like_count).where(Post.id == post_id)) == 1
    assert count(served, select(func.count()).select_from(Like)) == 1


def test_simultaneous_replies_are_all_counted(served, people):
    user_ids, post_id = people

    def answer_as(user_id):
        in_transaction(
            served,
            lambda session: publish(
                session, session.get(User, user_id), "an answer", session.get(Post, post_id)
            ),
        )

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(answer_as, user_ids))
    assert count(served, select(Post.reply_count).where(Post.id == post_id)) == WRITERS
