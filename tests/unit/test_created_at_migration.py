"""The migration that gives accounts a registration time: the accounts it finds get the
earliest trace they left, on every database."""

from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import create_engine

from alembic import command

from ..conftest import alembic_config

BEFORE_CREATED_AT = "5e3751833ab7"
LAST_SEEN = datetime(2026, 6, 1, 12, 30)
FIRST_POST = datetime(2025, 1, 2, 3, 4, 5)

user = sa.table(
    "user",
    sa.column("id"),
    sa.column("username"),
    sa.column("email"),
    sa.column("last_seen"),
)
post = sa.table("post", sa.column("body"), sa.column("timestamp"), sa.column("user_id"))


@pytest.fixture
def url(database, tmp_path):
    return database[2](tmp_path)


@pytest.fixture
def engine(url):
    engine = create_engine(url)
    yield engine
    engine.dispose()


def migrate(engine, url, step, target):
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, target)


def test_existing_accounts_get_their_first_post_or_their_last_visit_as_registration_time(
    engine, url
):
    migrate(engine, url, command.downgrade, BEFORE_CREATED_AT)
    with engine.begin() as connection:
        connection.execute(
            user.insert(),
            [
                {"id": 1, "username": "ana", "email": "ana@example.com", "last_seen": LAST_SEEN},
                {"id": 2, "username": "bob", "email": "bob@example.com", "last_seen": LAST_SEEN},
            ],
        )
        connection.execute(
            post.insert(),
            [
                {"body": "first", "timestamp": FIRST_POST, "user_id": 1},
                {"body": "later", "timestamp": datetime(2025, 5, 5), "user_id": 1},
            ],
        )
    migrate(engine, url, command.upgrade, "head")
    registered = sa.select(sa.column("username"), sa.column("created_at", sa.DateTime))
    with engine.connect() as connection:
        rows = dict(connection.execute(registered.select_from(sa.table("user"))).all())
    assert rows == {"ana": FIRST_POST, "bob": LAST_SEEN}


def test_the_registration_time_migration_goes_down_and_up_again(engine, url):
    migrate(engine, url, command.downgrade, BEFORE_CREATED_AT)
    assert "created_at" not in {c["name"] for c in sa.inspect(engine).get_columns("user")}
    migrate(engine, url, command.upgrade, "head")
    columns = {c["name"]: c for c in sa.inspect(engine).get_columns("user")}
    assert columns["created_at"]["nullable"] is False
