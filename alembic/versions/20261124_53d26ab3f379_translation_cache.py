"""translation cache: one row per text and destination language

Revision ID: 53d26ab3f379
Revises: 7f5350c2c0c6
Create Date: 2026-11-24 22:15:55.121602
"""

import sqlalchemy as sa

from alembic import op

revision = "53d26ab3f379"
down_revision = "7f5350c2c0c6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("dest_language", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation")),
        sa.UniqueConstraint(
            "source_hash", "dest_language", name=op.f("uq_translation_source_hash")
        ),
    )


def downgrade():
    op.drop_table("translation")
