"""pictures: the media table (images on posts) and the user's uploaded avatar

Revision ID: b0f3a1020a23
Revises: 327336db6c47
Create Date: 2026-12-03 08:20:12.571860
"""

import sqlalchemy as sa

from alembic import op

revision = "b0f3a1020a23"
down_revision = "327336db6c47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=1500), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("preview_width", sa.Integer(), nullable=False),
        sa.Column("preview_height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_media_post_id_post"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_media_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media")),
        sa.UniqueConstraint("key", name=op.f("uq_media_key")),
    )
    op.create_index(op.f("ix_media_post_id"), "media", ["post_id"], unique=False)
    op.create_index(op.f("ix_media_user_id"), "media", ["user_id"], unique=False)
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(sa.Column("avatar_key", sa.String(length=80), nullable=True))


def downgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_column("avatar_key")
    op.drop_table("media")
