"""Users' registration time

``user.created_at`` is set when an account is made. The accounts made before this column
get the earliest trace they left: their first post, or else the time they were last seen.

Revision ID: 8d4f2c6a1e97
Revises: a41c7e9b2d60
Create Date: 2026-12-04 09:00:00.000000
"""

import sqlalchemy as sa

from alembic import op

revision = "8d4f2c6a1e97"
down_revision = "a41c7e9b2d60"
branch_labels = None
depends_on = None

# lightweight tables: the statements below are quoted for each dialect ("user" is a keyword)
user = sa.table("user", sa.column("id"), sa.column("last_seen"), sa.column("created_at"))
post = sa.table("post", sa.column("user_id"), sa.column("timestamp"))


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
    first_post = (
        sa.select(sa.func.min(post.c.timestamp))
        .where(post.c.user_id == user.c.id)
        .scalar_subquery()
    )
    op.execute(user.update().values(created_at=user.c.last_seen))
    op.execute(user.update().where(first_post < user.c.created_at).values(created_at=first_post))
    with op.batch_alter_table("user") as batch:
        batch.alter_column("created_at", existing_type=sa.DateTime(), nullable=False)
    _restore_expression_indexes()


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.drop_column("created_at")
    _restore_expression_indexes()


def _restore_expression_indexes():
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's batch mode copied the table without its expression indexes: back they go
        for column in ("username", "email"):
            op.execute(
                f"CREATE UNIQUE INDEX IF NOT EXISTS uq_user_lower_{column} "
                f'ON "user" (lower({column}))'
            )
