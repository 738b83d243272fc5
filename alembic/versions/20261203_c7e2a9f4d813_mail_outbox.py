"""The mail outbox: mails of committed transactions, kept until delivered

Revision ID: c7e2a9f4d813
Revises: b5d81f0c3e27
Create Date: 2026-12-03 11:00:00.000000
"""

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from alembic import op

revision = "c7e2a9f4d813"
down_revision = "b5d81f0c3e27"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("sender", sa.String(length=254), nullable=False),
        sa.Column("recipients_json", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column(
            "message",
            sa.LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb"),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_next_attempt"), "outbox", ["next_attempt"])


def downgrade():
    op.drop_table("outbox")
