"""likes and reposts: one of each per user and post

Revision ID: c802ed66475c
Revises: 20adafbab14f
Create Date: 2026-12-03 08:01:00.000000
"""

import sqlalchemy as sa

from alembic import op

revision = "c802ed66475c"
down_revision = "20adafbab14f"
branch_labels = None
depends_on = None

TABLES = ("likes", "reposts")


def upgrade():
    for table in TABLES:
        op.create_table(
            table,
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("post_id", sa.Integer(), nullable=False),
            sa.Column("timestamp", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["post_id"], ["post.id"], name=op.f(f"fk_{table}_post_id_post"), ondelete="CASCADE"
            ),
            sa.ForeignKeyConstraint(
                ["user_id"], ["user.id"], name=op.f(f"fk_{table}_user_id_user"), ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("user_id", "post_id", name=op.f(f"pk_{table}")),
        )
        op.create_index(f"ix_{table}_post_id_timestamp", table, ["post_id", "timestamp"])
        op.create_index(f"ix_{table}_user_id_timestamp", table, ["user_id", "timestamp"])


def downgrade():
    for table in reversed(TABLES):
        op.drop_table(table)
