"""Two transactions that deadlock: the database ends one, and that one is retried (every
database with row locks; SQLite's writers queue on one lock and never deadlock)."""

import threading

import pytest
from pyramid_retry import IRetryableError
from sqlalchemy import update
from sqlalchemy.orm import Session

from microblog.models import User, get_engine, is_deadlock, is_unavailable

from ..support.factories import make_user


@pytest.fixture
def engine(live_settings, database):
    if database[0] == "sqlite":
        pytest.skip("SQLite's writers queue on one lock: they never deadlock")
    engine = get_engine(live_settings)
    yield engine
    engine.dispose()


def test_the_transaction_a_deadlock_ends_is_marked_for_a_retry(engine):
    with Session(engine) as session:
        ids = [make_user(session, name).id for name in ("ana", "bob")]
        session.commit()
    both_hold_one = threading.Barrier(2, timeout=30)
    errors = []

    def cross(first, second):
        try:
            with engine.begin() as connection:
                connection.execute(_write_about(first))
                both_hold_one.wait()
                connection.execute(_write_about(second))
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=cross, args=pair) for pair in (ids, ids[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    (error,) = errors  # the database ended one of the two, the other committed
    assert is_deadlock(error.orig)
    assert IRetryableError.providedBy(error), "pyramid_retry runs the request again"
    assert is_unavailable(error), "deadlocked through every retry: a 503, not a 500"


def _write_about(user_id):
    return update(User).where(User.id == user_id).values(about_me="mine")
