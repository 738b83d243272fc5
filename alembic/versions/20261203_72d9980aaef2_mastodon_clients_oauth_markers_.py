"""mastodon clients: OAuth applications, codes and tokens (digests only), markers, idempotency keys

Revision ID: 72d9980aaef2
Revises: b0f3a1020a23
Create Date: 2026-12-03 10:27:16.270177
"""

import sqlalchemy as sa

from alembic import op

revision = "72d9980aaef2"
down_revision = "b0f3a1020a23"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "oauth_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("redirect_uris", sa.Text(), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("client_secret_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_application")),
        sa.UniqueConstraint("client_id", name=op.f("uq_oauth_application_client_id")),
    )
    op.create_table(
        "marker",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("timeline", sa.String(length=16), nullable=False),
        sa.Column("last_read_id", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_marker_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "timeline", name=op.f("pk_marker")),
    )
    op.create_table(
        "oauth_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("redirect_uri", sa.Text(), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=True),
        sa.Column("code_challenge_method", sa.String(length=10), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["oauth_application.id"],
            name=op.f("fk_oauth_code_application_id_oauth_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_oauth_code_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_code")),
        sa.UniqueConstraint("code_digest", name=op.f("uq_oauth_code_code_digest")),
    )
    op.create_index(
        op.f("ix_oauth_code_application_id"), "oauth_code", ["application_id"], unique=False
    )
    op.create_index(op.f("ix_oauth_code_user_id"), "oauth_code", ["user_id"], unique=False)

    op.create_table(
        "oauth_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("refresh_token_digest", sa.String(length=64), nullable=True),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["oauth_application.id"],
            name=op.f("fk_oauth_token_application_id_oauth_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_oauth_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_token")),
        sa.UniqueConstraint(
            "refresh_token_digest", name=op.f("uq_oauth_token_refresh_token_digest")
        ),
        sa.UniqueConstraint("token_digest", name=op.f("uq_oauth_token_token_digest")),
    )
    op.create_index(
        op.f("ix_oauth_token_application_id"), "oauth_token", ["application_id"], unique=False
    )
    op.create_index(
        "ix_oauth_token_user_id_created_at", "oauth_token", ["user_id", "created_at"], unique=False
    )

    op.create_table(
        "post_idempotency",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_post_idempotency_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_post_idempotency_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "key_digest", name=op.f("pk_post_idempotency")),
    )
    op.create_index(
        op.f("ix_post_idempotency_post_id"), "post_idempotency", ["post_id"], unique=False
    )


def downgrade():
    op.drop_table("post_idempotency")
    op.drop_table("oauth_token")
    op.drop_table("oauth_code")
    op.drop_table("marker")
    op.drop_table("oauth_application")
