"""Statements every list runs read indexes, never a whole table: their cost must not grow
with the number of users. Checked on SQLite, whose plans do not depend on how much data
the tables hold (PostgreSQL's do: on a test's few rows it rightly scans)."""

import pytest

from microblog.models import utcnow
from microblog.models.tags import TRENDING
from microblog.views.lists import EXPLORE_HIDDEN, PROFILE_HIDDEN, TIMELINE_HIDDEN

HIDDEN = {"explore": EXPLORE_HIDDEN, "profile": PROFILE_HIDDEN, "timeline": TIMELINE_HIDDEN}


def plan(engine, statement, **params):
    compiled = statement.compile(engine)
    values = compiled.construct_params(params)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {compiled}", tuple(values[name] for name in compiled.positiontup)
        )
        return [row[-1] for row in rows]


@pytest.fixture
def sqlite_engine(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("query plans are checked on SQLite")
    return engine


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_whom_a_list_hides_is_read_from_indexes(sqlite_engine, kind):
    hidden = HIDDEN[kind]
    steps = plan(sqlite_engine, hidden.select, **{hidden.reader: 1})
    # the suspended accounts and those waiting for removal too: one index each
    assert sum("ix_user_suspended_at" in step for step in steps) == 1
    assert sum("ix_user_deletion_requested_at" in step for step in steps) == 1
    assert not [step for step in steps if step.startswith("SCAN")], steps


def test_trending_tags_are_counted_from_the_days_uses_alone(sqlite_engine):
    steps = plan(sqlite_engine, TRENDING, since=utcnow(), limit=10)
    assert any("ix_post_tag_timestamp (timestamp>?)" in step for step in steps), steps
    assert not [step for step in steps if step.startswith(("SCAN tag", "SCAN post_tag"))], steps
