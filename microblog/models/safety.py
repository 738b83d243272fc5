"""Blocks and mutes between accounts: who keeps whom away.

A block stands between two people both ways (neither follows, messages or sees the
other); a mute only hides the muted from the muter, who is never told.
"""

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Table,
    delete,
    false,
    insert,
    select,
    true,
    union,
)
from zope.sqlalchemy import mark_changed

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
    return union(*blocked_parts(user_id))


def blocked_parts(user_id):
    return (
        select(blocks.c.blocked_id).where(blocks.c.blocker_id == user_id),
        select(blocks.c.blocker_id).where(blocks.c.blocked_id == user_id),
    )


def kept_away(user_id, *, muted):
    """``(id, blocked)`` rows: the accounts a block stands between ``user_id`` and
    (``blocked`` true), those ``user_id`` muted (when ``muted``: whose posts they never
    see), and the accounts that are not active (suspended, waiting for removal). A list
    reads whom it leaves out in this one query, and learns on the way whom a block stands
    between its reader and others (:func:`blocked_either_way`'s ids)."""
    from .user import User

    parts = [part.add_columns(true().label("blocked")) for part in blocked_parts(user_id)]
    if muted:
        parts.append(select(mutes.c.muted_id, false()).where(mutes.c.muter_id == user_id))
    # (SQLite takes no union nested in a union: the parts are joined here)
    parts += [part.add_columns(false()) for part in User.inactive_ids()]
    return union(*parts)


def relationship(dbsession, user_id, other_id):
    """Where ``user_id`` stands with ``other_id``, in one round trip: a mapping of
    ``following``, ``blocking``, ``blocked_by`` and ``muting`` to booleans."""
    from .user import followers

    def there(table, one, other):
        return (
            select(table.c[one])
            .where(table.c[one] == user_id, table.c[other] == other_id)
            .exists()
            .label(None)
        )

    def back(table, one, other):
        return (
            select(table.c[one])
            .where(table.c[one] == other_id, table.c[other] == user_id)
            .exists()
            .label(None)
        )

    row = dbsession.execute(
        select(
            there(followers, "follower_id", "followed_id"),
            there(blocks, "blocker_id", "blocked_id"),
            back(blocks, "blocker_id", "blocked_id"),
            there(mutes, "muter_id", "muted_id"),
        )
    ).one()
    return dict(zip(("following", "blocking", "blocked_by", "muting"), map(bool, row), strict=True))


def _add(dbsession, table, one, other, user_id, other_id):
    exists = dbsession.scalar(
        select(table.c[one]).where(table.c[one] == user_id, table.c[other] == other_id)
    )
    if exists is not None:
        return False
    dbsession.execute(insert(table).values({one: user_id, other: other_id, "created": utcnow()}))
    mark_changed(dbsession)
    return True


def _remove(dbsession, table, one, other, user_id, other_id):
    result = dbsession.execute(
        delete(table).where(table.c[one] == user_id, table.c[other] == other_id)
    )
    mark_changed(dbsession)
    return result.rowcount > 0


def block(dbsession, user, other):
    """``user`` blocks ``other``: the follows between them end, both ways (their counts
    with them). Idempotent."""
    user.unfollow(other)
    other.unfollow(user)
    return _add(dbsession, blocks, "blocker_id", "blocked_id", user.id, other.id)


def unblock(dbsession, user, other):
    return _remove(dbsession, blocks, "blocker_id", "blocked_id", user.id, other.id)


def mute(dbsession, user, other):
    return _add(dbsession, mutes, "muter_id", "muted_id", user.id, other.id)


def unmute(dbsession, user, other):
    return _remove(dbsession, mutes, "muter_id", "muted_id", user.id, other.id)


def keeps_away(dbsession, user_id, actor_id):
    """True when ``user_id`` must not hear of ``actor_id`` (a notification, a mention): a
    block stands between them, or ``user_id`` muted them."""
    blocked = blocked_either_way(user_id).subquery()
    muted = select(mutes.c.muted_id).where(mutes.c.muter_id == user_id)
    either = select(blocked.c[0]).union(muted).subquery()
    return dbsession.scalar(select(either.c[0]).where(either.c[0] == actor_id).limit(1)) is not None
