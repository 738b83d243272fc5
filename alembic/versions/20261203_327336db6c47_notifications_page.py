"""activity: the rows of the notifications page; when a user last read it, and counts

Revision ID: 327336db6c47
Revises: ee7e307b4d28
Create Date: 2026-12-03 08:03:00.000000
"""

import sqlalchemy as sa

from alembic import op

revision = "327336db6c47"
down_revision = "ee7e307b4d28"
branch_labels = None
depends_on = None

# a user's notifications, and those since they last opened the page (the bell)
COUNTS = ("notification_count", "new_notification_count")


def upgrade():
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_activity_actor_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_activity_post_id_post"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_activity_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    op.create_index(op.f("ix_activity_actor_id"), "activity", ["actor_id"])
    op.create_index(op.f("ix_activity_post_id"), "activity", ["post_id"])
    op.create_index("ix_activity_user_id_kind_post_id", "activity", ["user_id", "kind", "post_id"])
    op.create_index("ix_activity_user_id_timestamp", "activity", ["user_id", "timestamp"])
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_notification_read_time", sa.DateTime(), nullable=True))
        for name in COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        for name in reversed(COUNTS):
            batch_op.drop_column(name)
        batch_op.drop_column("last_notification_read_time")
    op.drop_table("activity")
