"""The GIN index of the PostgreSQL search backend: its migration, and the planner using it."""

import pytest
from sqlalchemy import func, inspect, select, text

from microblog.models.post import SEARCH_CONFIG, Post, body_tsvector

from ..support.migrations import Migrations
from ..support.search import on_postgresql

BEFORE_SEARCH = "53d26ab3f379"


@pytest.fixture
def migrations(database, tmp_path):
    with Migrations(database[2](tmp_path)) as migrations:
        yield migrations


@pytest.fixture
def engine(migrations):
    return migrations.engine


def search_index_exists(engine):
    return "ix_post_body_tsvector" in {ix["name"] for ix in inspect(engine).get_indexes("post")}


def test_the_search_index_migration_goes_down_and_up_again(database, migrations, engine):
    migrations.downgrade(BEFORE_SEARCH)
    assert not search_index_exists(engine)
    migrations.upgrade()
    assert search_index_exists(engine) == (database[0] == "postgresql")


@on_postgresql
def test_postgresql_answers_a_search_from_the_gin_index(engine):
    query = select(Post.id).where(
        body_tsvector().op("@@")(func.websearch_to_tsquery(SEARCH_CONFIG, "owls"))
    )
    sql = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(connection.exec_driver_sql(f"EXPLAIN {sql}").scalars())
    assert "ix_post_body_tsvector" in plan
