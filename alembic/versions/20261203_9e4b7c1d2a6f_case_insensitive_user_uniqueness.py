"""Usernames and email addresses unique whatever their case

SQLite and PostgreSQL: unique indexes on lower(username) and lower(email). MariaDB and
MySQL, which index no expression: the two columns compare in a case-insensitive collation,
so their unique constraints do. Accounts that differ only in case stop the upgrade, named.

Revision ID: 9e4b7c1d2a6f
Revises: 5c1e7a9d2b40
Create Date: 2026-12-03 09:00:00.000000
"""

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from alembic import op

revision = "9e4b7c1d2a6f"
down_revision = "5c1e7a9d2b40"
branch_labels = None
depends_on = None

COLUMNS = {"username": 64, "email": 120}
COLLATION = "utf8mb4_unicode_ci"


def upgrade():
    bind = op.get_bind()
    for column in COLUMNS:
        _refuse_duplicates(bind, column)
    if bind.dialect.name in ("mysql", "mariadb"):
        for column, length in COLUMNS.items():
            op.alter_column(
                "user",
                column,
                existing_type=sa.String(length),
                type_=mysql.VARCHAR(length, collation=COLLATION),
                existing_nullable=False,
            )
        return
    for column in COLUMNS:
        op.create_index(
            f"uq_user_lower_{column}", "user", [sa.func.lower(sa.column(column))], unique=True
        )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name in ("mysql", "mariadb"):
        for column, length in COLUMNS.items():
            op.alter_column(
                "user",
                column,
                existing_type=mysql.VARCHAR(length, collation=COLLATION),
                type_=sa.String(length),
                existing_nullable=False,
            )
        return
    for column in COLUMNS:
        op.drop_index(f"uq_user_lower_{column}", table_name="user")


def _refuse_duplicates(bind, column):
    key = sa.func.lower(sa.column(column))
    clashes = bind.execute(
        sa.select(key).select_from(sa.table("user")).group_by(key).having(sa.func.count() > 1)
    ).scalars()
    clashes = sorted(clashes)
    if clashes:
        raise RuntimeError(
            f"Accounts share a {column} that differs only in case: {', '.join(clashes)}. "
            f"Rename all but one of each (microblog's pshell), then upgrade again."
        )
