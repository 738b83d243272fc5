"""GIN index over the posts' words, for the PostgreSQL search backend

A no-op on other databases: they search with the Whoosh index under var/.

Revision ID: 3b9d2e41c7a8
Revises: 53d26ab3f379
Create Date: 2026-11-25 09:00:00.000000
"""

from alembic import op

revision = "3b9d2e41c7a8"
down_revision = "53d26ab3f379"
branch_labels = None
depends_on = None

# the same expression as microblog.models.post.body_tsvector(): the planner uses the index
# only for a query that repeats it exactly
EXPRESSION = "to_tsvector('english'::regconfig, body)"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_post_body_tsvector ON post USING gin ({EXPRESSION})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_post_body_tsvector")
