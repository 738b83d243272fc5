"""replies, edits and counts on posts; a deleted post with replies keeps its row

Posts gain in_reply_to_id, edited_at and the counts kept in step with their replies,
likes, reposts and edits; post_edit keeps the versions an edit replaced. user_id becomes nullable:
a deleted post that has replies stays as a tombstone without an author.

Revision ID: 20adafbab14f
Revises: c7e2a9f4d813
Create Date: 2026-12-03 08:00:00.000000
"""

import sqlalchemy as sa

from alembic import op

revision = "20adafbab14f"
down_revision = "c7e2a9f4d813"
branch_labels = None
depends_on = None

# kept in step with the rows they count by the application (models/interactions.py)
COUNTS = ("reply_count", "like_count", "repost_count", "edit_count")


def upgrade():
    # first, while no other table refers to post: SQLite rebuilds the table to change a
    # column, and dropping the old copy would cascade to the rows referring to it
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.add_column(sa.Column("in_reply_to_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))
        for name in COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(
            "ix_post_in_reply_to_id_timestamp", ["in_reply_to_id", "timestamp"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_post_in_reply_to_id_post"),
            "post",
            ["in_reply_to_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "post_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=140), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_post_edit_post_id_post"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_post_edit")),
    )
    op.create_index("ix_post_edit_post_id_timestamp", "post_edit", ["post_id", "timestamp"])


def downgrade():
    op.drop_table("post_edit")
    # tombstones have no author to give back
    op.execute(sa.text("DELETE FROM post WHERE user_id IS NULL"))
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_post_in_reply_to_id_post"), type_="foreignkey")
        batch_op.drop_index("ix_post_in_reply_to_id_timestamp")
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
        for name in (*reversed(COUNTS), "edited_at", "in_reply_to_id"):
            batch_op.drop_column(name)
