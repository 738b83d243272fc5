"""one task of a kind in progress per user

Revision ID: f6d64ca07783
Revises: 3b9d2e41c7a8
Create Date: 2026-11-24 22:37:55.141154
"""
from alembic import op
import sqlalchemy as sa


revision = 'f6d64ca07783'
down_revision = '3b9d2e41c7a8'
branch_labels = None
depends_on = None

task = sa.table('task', sa.column('id', sa.String), sa.column('name', sa.String),
                sa.column('user_id', sa.Integer), sa.column('complete', sa.Boolean))


def upgrade():
    # the index cannot be made while a user has two tasks of a kind in progress: keep the
    # first of each, end the others
    first = (sa.select(sa.func.min(task.c.id)).where(task.c.complete.is_(False))
             .group_by(task.c.user_id, task.c.name))
    op.execute(task.update()
               .where(task.c.complete.is_(False), task.c.id.not_in(first))
               .values(complete=True))
    op.create_index('uq_task_user_id_name_in_progress', 'task', ['user_id', 'name'],
                    unique=True, sqlite_where=sa.text('NOT complete'),
                    postgresql_where=sa.text('NOT complete'))


def downgrade():
    op.drop_index('uq_task_user_id_name_in_progress', table_name='task')
