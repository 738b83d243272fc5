"""Sessions on the server (web_session), and the user's session generation

Revision ID: b5d81f0c3e27
Revises: 9e4b7c1d2a6f
Create Date: 2026-12-03 10:00:00.000000
"""

import sqlalchemy as sa

from alembic import op

revision = "b5d81f0c3e27"
down_revision = "9e4b7c1d2a6f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "web_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("remembered", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("expires", sa.DateTime(), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=45), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_web_session_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
    )
    op.create_index(op.f("ix_web_session_expires"), "web_session", ["expires"])
    op.create_index(op.f("ix_web_session_user_id"), "web_session", ["user_id"])
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.drop_column("session_generation")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's batch mode copied the table without its expression indexes: back they go
        for column in ("username", "email"):
            op.execute(
                f"CREATE UNIQUE INDEX IF NOT EXISTS uq_user_lower_{column} "
                f'ON "user" (lower({column}))'
            )
    # (its indexes go with it: MariaDB refuses to drop one its foreign key needs)
    op.drop_table("web_session")
