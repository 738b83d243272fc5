"""Accounts and safety: blocks, mutes, reports, the audit trail, recovery codes, reserved
names; the user's verification, role, suspension, deletion and TOTP columns

Revision ID: 5e3751833ab7
Revises: 72d9980aaef2
Create Date: 2026-12-03 10:26:35.689123
"""

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from alembic import op

revision = "5e3751833ab7"
down_revision = "72d9980aaef2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reserved_username",
        sa.Column(
            "username",
            sa.String(length=64)
            .with_variant(mysql.VARCHAR(collation="utf8mb4_unicode_ci", length=64), "mariadb")
            .with_variant(mysql.VARCHAR(collation="utf8mb4_unicode_ci", length=64), "mysql"),
            nullable=False,
        ),
        sa.Column("reserved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_reserved_username")),
    )
    op.create_table(
        "blocks",
        sa.Column("blocker_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blocked_id"], ["user.id"], name=op.f("fk_blocks_blocked_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["blocker_id"], ["user.id"], name=op.f("fk_blocks_blocker_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("blocker_id", "blocked_id", name=op.f("pk_blocks")),
    )
    with op.batch_alter_table("blocks", schema=None) as batch_op:
        batch_op.create_index("ix_blocks_blocked_id", ["blocked_id", "blocker_id"], unique=False)

    op.create_table(
        "mutes",
        sa.Column("muter_id", sa.Integer(), nullable=False),
        sa.Column("muted_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["muted_id"], ["user.id"], name=op.f("fk_mutes_muted_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["muter_id"], ["user.id"], name=op.f("fk_mutes_muter_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("muter_id", "muted_id", name=op.f("pk_mutes")),
    )
    with op.batch_alter_table("mutes", schema=None) as batch_op:
        batch_op.create_index("ix_mutes_muted_id", ["muted_id", "muter_id"], unique=False)

    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_recovery_code_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_code_user_id"), ["user_id"], unique=False)

    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["message.id"],
            name=op.f("fk_report_message_id_message"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_report_post_id_post"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["user.id"],
            name=op.f("fk_report_reporter_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["user.id"],
            name=op.f("fk_report_resolved_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_report_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_message_id"), ["message_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_post_id"), ["post_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_reporter_id"), ["reporter_id"], unique=False)
        batch_op.create_index(
            "ix_report_resolved_at_created", ["resolved_at", "created"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_report_resolved_by_id"), ["resolved_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_report_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target_user_id", sa.Integer(), nullable=True),
        sa.Column("target_name", sa.String(length=64), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_audit_entry_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_audit_entry_report_id_report"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_user_id"],
            ["user.id"],
            name=op.f("fk_audit_entry_target_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_report_id"), ["report_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entry_target_user_id"), ["target_user_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_entry_timestamp"), ["timestamp"], unique=False)

    # plain ALTER TABLE ... ADD COLUMN: a batch copy would lose SQLite's expression indexes
    op.add_column(
        "user", sa.Column("email_verified", sa.Boolean(), server_default=sa.true(), nullable=False)
    )
    op.add_column("user", sa.Column("role", sa.String(length=16), nullable=True))
    op.add_column("user", sa.Column("suspended_at", sa.DateTime(), nullable=True))
    op.add_column("user", sa.Column("deletion_requested_at", sa.DateTime(), nullable=True))
    op.add_column("user", sa.Column("totp_secret", sa.String(length=32), nullable=True))
    op.add_column("user", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_user_suspended_at"), "user", ["suspended_at"])
    op.create_index(op.f("ix_user_deletion_requested_at"), "user", ["deletion_requested_at"])


def downgrade():
    op.drop_index(op.f("ix_user_deletion_requested_at"), table_name="user")
    op.drop_index(op.f("ix_user_suspended_at"), table_name="user")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("deletion_requested_at")
        batch_op.drop_column("suspended_at")
        batch_op.drop_column("role")
        batch_op.drop_column("email_verified")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite's batch mode copied the table without its expression indexes: back they go
        for column in ("username", "email"):
            op.execute(
                f"CREATE UNIQUE INDEX IF NOT EXISTS uq_user_lower_{column} "
                f'ON "user" (lower({column}))'
            )

    # a dropped table takes its indexes with it (MariaDB refuses to drop first an index
    # that a foreign key needs)
    op.drop_table("audit_entry")
    op.drop_table("report")
    op.drop_table("recovery_code")
    op.drop_table("mutes")
    op.drop_table("blocks")
    op.drop_table("reserved_username")
