"""Blocks and mutes between accounts: who keeps whom away.

A block stands between two people both ways (neither follows, messages or sees the
other); a mute only hides the muted from the muter, who is never told.
"""

from sqlalchemy import Column, DateTime, ForeignKey, Index, Table, select

from .meta import Base, utcnow

blocks = Table(
    "blocks",
    Base.metadata,
    Column("blocker_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("blocked_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("created", DateTime, nullable=False, default=utcnow),
    # the primary key serves "whom did X block"; this serves "who blocked X"
    Index("ix_blocks_blocked_id", "blocked_id", "blocker_id"),
)

mutes = Table(
    "mutes",
    Base.metadata,
    Column("muter_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("muted_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("created", DateTime, nullable=False, default=utcnow),
    Index("ix_mutes_muted_id", "muted_id", "muter_id"),
)


def blocked_either_way(user_id):
    """The ids of the accounts a block stands between ``user_id`` and (a subquery)."""
    return (
        select(blocks.c.blocked_id)
        .where(blocks.c.blocker_id == user_id)
        .union(select(blocks.c.blocker_id).where(blocks.c.blocked_id == user_id))
    )


def hidden_from(user_id):
    """The ids whose posts ``user_id`` never sees: blocked either way, or muted."""
    return blocked_either_way(user_id).union(
        select(mutes.c.muted_id).where(mutes.c.muter_id == user_id)
    )
