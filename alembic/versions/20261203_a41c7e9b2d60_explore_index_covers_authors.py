"""Explore's index carries the author: ``post (timestamp, id, user_id)``

A deep page of explore skips its first rows on the ``(timestamp, id)`` index; leaving out
the posts of hidden authors (blocked, muted, suspended) needs each row's author, which the
old index did not hold (a read of the table for every row skipped).

Revision ID: a41c7e9b2d60
Revises: 5e3751833ab7
Create Date: 2026-12-03 14:40:00
"""

from alembic import op

revision = "a41c7e9b2d60"
down_revision = "5e3751833ab7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_post_timestamp_id_user_id", "post", ["timestamp", "id", "user_id"])
    op.drop_index("ix_post_timestamp_id", table_name="post")


def downgrade():
    op.create_index("ix_post_timestamp_id", "post", ["timestamp", "id"])
    op.drop_index("ix_post_timestamp_id_user_id", table_name="post")
