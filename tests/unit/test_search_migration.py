"""The GIN index of the PostgreSQL search backend: its migration, and the planner using it."""

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from alembic import command
from microblog.models.post import SEARCH_CONFIG, Post, body_tsvector

from ..conftest import alembic_config
from ..support.search import on_postgresql

BEFORE_SEARCH = "53d26ab3f379"


@pytest.fixture
def url(database, tmp_path):
    return database[2](tmp_path)


@pytest.fixture
def engine(url):
    engine = create_engine(url)
    yield engine
    engine.dispose()


def search_index_exists(engine):
    return "ix_post_body_tsvector" in {ix["name"] for ix in inspect(engine).get_indexes("post")}


def test_the_search_index_migration_goes_down_and_up_again(database, url, engine):
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, BEFORE_SEARCH)
    assert not search_index_exists(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
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
