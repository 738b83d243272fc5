"""The migration that gives accounts a registration time: the accounts it finds get the
earliest trace they left, on every database."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from ..support.migrations import Migrations

BEFORE_CREATED_AT = "a41c7e9b2d60"
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
def migrations(database, tmp_path):
    with Migrations(database[2](tmp_path)) as migrations:
        yield migrations


def test_existing_accounts_get_their_first_post_or_their_last_visit_as_registration_time(
    migrations,
):
    migrations.downgrade(BEFORE_CREATED_AT)
    with migrations.engine.begin() as connection:
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
    migrations.upgrade()
    registered = sa.select(sa.column("username"), sa.column("created_at", sa.DateTime))
    with migrations.engine.connect() as connection:
        rows = dict(connection.execute(registered.select_from(sa.table("user"))).all())
    assert rows == {"ana": FIRST_POST, "bob": LAST_SEEN}
    with migrations.engine.connect() as connection:
        kept = connection.execute(sa.select(sa.func.count()).select_from(post)).scalar()
    assert kept == 2, "changing the user table kept the rows that refer to it"


def test_the_registration_time_migration_goes_down_and_up_again(migrations):
    migrations.downgrade(BEFORE_CREATED_AT)
    columns = sa.inspect(migrations.engine).get_columns
    assert "created_at" not in {c["name"] for c in columns("user")}
    migrations.upgrade()
    created_at = {c["name"]: c for c in sa.inspect(migrations.engine).get_columns("user")}
    assert created_at["created_at"]["nullable"] is False
