"""Counts kept on the rows, and (…, timestamp, id) indexes for keyset pagination

Users get post_count, follower_count, followed_count, message_count, new_message_count
(unread) and active_task_count (tasks not complete); the new counter table holds the site's
totals (posts, users). Both are filled from the rows here, and kept in step by the
application afterwards (microblog/models/counters.py).

The list indexes gain the id that breaks ties between equal timestamps, so that a page's
keys, and a cursor's position, come from the index alone. The new ones are created before
the old ones are dropped: MariaDB needs an index on post.user_id for its foreign key.

Revision ID: 5c1e7a9d2b40
Revises: 3b9d2e41c7a8
Create Date: 2026-12-03 08:00:00.000000
"""

import sqlalchemy as sa

from alembic import op

revision = "5c1e7a9d2b40"
down_revision = "3b9d2e41c7a8"
branch_labels = None
depends_on = None

USER_COUNTS = (
    "post_count",
    "follower_count",
    "followed_count",
    "message_count",
    "new_message_count",
    "active_task_count",
)
# (table, old index, its columns, new index, its columns)
INDEXES = [
    ("post", "ix_post_timestamp", ["timestamp"], "ix_post_timestamp_id", ["timestamp", "id"]),
    (
        "post",
        "ix_post_user_id_timestamp",
        ["user_id", "timestamp"],
        "ix_post_user_id_timestamp_id",
        ["user_id", "timestamp", "id"],
    ),
    (
        "message",
        "ix_message_recipient_id_timestamp",
        ["recipient_id", "timestamp"],
        "ix_message_recipient_id_timestamp_id",
        ["recipient_id", "timestamp", "id"],
    ),
]
COUNTED = {
    "post_count": "SELECT count(*) FROM post WHERE post.user_id = {user}.id",
    "follower_count": "SELECT count(*) FROM followers WHERE followers.followed_id = {user}.id",
    "followed_count": "SELECT count(*) FROM followers WHERE followers.follower_id = {user}.id",
    "message_count": "SELECT count(*) FROM message WHERE message.recipient_id = {user}.id",
    "new_message_count": "SELECT count(*) FROM message WHERE message.recipient_id = {user}.id "
    "AND ({user}.last_message_read_time IS NULL "
    "OR message.timestamp > {user}.last_message_read_time)",
    "active_task_count": "SELECT count(*) FROM task WHERE task.user_id = {user}.id "
    "AND task.complete = {false}",
}


def upgrade():
    with op.batch_alter_table("user") as batch:
        for column in USER_COUNTS:
            batch.add_column(sa.Column(column, sa.Integer(), server_default="0", nullable=False))
    counter = op.create_table(
        "counter",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counter")),
    )
    user = op.get_bind().dialect.identifier_preparer.quote("user")
    false = "false" if op.get_bind().dialect.name == "postgresql" else "0"
    assignments = ", ".join(
        f"{column} = ({query.format(user=user, false=false)})" for column, query in COUNTED.items()
    )
    op.execute(f"UPDATE {user} SET {assignments}")
    bind = op.get_bind()
    op.bulk_insert(
        counter,
        [
            {"name": "posts", "value": bind.scalar(sa.text("SELECT count(*) FROM post"))},
            {"name": "users", "value": bind.scalar(sa.text(f"SELECT count(*) FROM {user}"))},
        ],
    )
    for table, old, _old_columns, new, columns in INDEXES:
        op.create_index(new, table, columns)
        op.drop_index(old, table_name=table)


def downgrade():
    for table, old, old_columns, new, _columns in INDEXES:
        op.create_index(old, table, old_columns)
        op.drop_index(new, table_name=table)
    op.drop_table("counter")
    with op.batch_alter_table("user") as batch:
        for column in USER_COUNTS:
            batch.drop_column(column)
