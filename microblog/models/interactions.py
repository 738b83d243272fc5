"""Likes and reposts: one of each per user and post, undoable, counted on the post.

A post's ``like_count``, ``repost_count`` and ``reply_count`` change in the transaction
that adds or removes what they count, by relative updates (``n = n + 1``), so concurrent
writers never lose one and no page counts a table. The post's row is updated *before* the
new row is written: the new row's foreign key check would otherwise take a shared lock on
the post first, and two writers holding it would deadlock on the update (InnoDB).
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, delete, event, func, insert, or_, select, update
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session
from sqlalchemy.orm.util import identity_key
from zope.sqlalchemy import mark_changed

from .activity import LIKE, REPOST, Activity, forget, notify, withdraw
from .meta import Base, utcnow
from .post import Post
from .tags import take_off_tags_of

COUNTS = ("reply_count", "like_count", "repost_count", "edit_count")
STALE = "microblog.stale_post_counts"


class UserPostRow:
    """A row saying that ``user_id`` did something to ``post_id``, once, at ``timestamp``."""

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    timestamp: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Like(UserPostRow, Base):
    """``user_id`` likes ``post_id``."""

    __tablename__ = "likes"
    __table_args__ = (
        # who liked a post, newest first
        Index("ix_likes_post_id_timestamp", "post_id", "timestamp"),
        # what a user liked, newest first (their Likes tab)
        Index("ix_likes_user_id_timestamp", "user_id", "timestamp"),
    )


class Repost(UserPostRow, Base):
    """``user_id`` shares ``post_id`` with their followers."""

    __tablename__ = "reposts"
    __table_args__ = (
        Index("ix_reposts_post_id_timestamp", "post_id", "timestamp"),
        # a profile and the timelines list reposts by their reposters, newest first
        Index("ix_reposts_user_id_timestamp", "user_id", "timestamp"),
    )


def add_to_post_counts(session, post_id, column, delta):
    """``post.<column> += delta`` in the session's transaction; the post's loaded copy
    forgets its old count."""
    table = Post.__table__
    counted = table.c[column]
    session.execute(update(table).where(table.c.id == post_id).values({counted: counted + delta}))
    mark_changed(session)
    session.info.setdefault(STALE, set()).add(post_id)
    _forget_stale_counts(session)


def _forget_stale_counts(session):
    for post_id in session.info.pop(STALE, ()):
        post = session.identity_map.get(identity_key(Post, post_id))
        if post is not None and not session.is_modified(post):
            session.expire(post, COUNTS)


def _insert_once(session, model, **values):
    """Insert a row unless one with the same primary key exists; True when it was added.

    A plain check-then-insert would let two simultaneous requests both insert (and one
    fail with an error); the databases' own "insert or ignore" cannot.
    """
    dialect = session.get_bind().dialect.name
    table = model.__table__
    if dialect == "postgresql":
        statement = postgresql.insert(table).values(values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(table).values(values).on_conflict_do_nothing()
    elif dialect in ("mysql", "mariadb"):
        statement = mysql.insert(table).values(values).prefix_with("IGNORE")
    else:  # pragma: no cover - only the three databases above are supported
        statement = insert(table).values(values)
    # (the driver's rowcount is not always told: the row coming back is)
    key = table.primary_key.columns.values()[0]
    return session.execute(statement.returning(key)).first() is not None


def _exists(session, model, user, post):
    return (
        session.scalar(
            select(model.user_id).where(model.user_id == user.id, model.post_id == post.id)
        )
        is not None
    )


def _add(model, user, post):
    column, kind = COUNTED[model]
    session = object_session(user)
    if _exists(session, model, user, post):
        return False
    add_to_post_counts(session, post.id, column, 1)
    added = _insert_once(session, model, user_id=user.id, post_id=post.id, timestamp=utcnow())
    if not added:  # another request of the same user got there first
        add_to_post_counts(session, post.id, column, -1)
        return False
    notify(session, post.user_id, user.id, kind, post.id)
    return True


def _remove(model, user, post):
    column, kind = COUNTED[model]
    session = object_session(user)
    removed = session.execute(
        delete(model).where(model.user_id == user.id, model.post_id == post.id)
    ).rowcount
    mark_changed(session)
    if not removed:
        return False
    add_to_post_counts(session, post.id, column, -1)
    withdraw(session, post.user_id, user.id, kind, post.id)
    return True


def like(user, post):
    """``user`` likes ``post`` (its author hears of it); False when they already did."""
    return _add(Like, user, post)


def unlike(user, post):
    """``user`` no longer likes ``post``; False when they did not."""
    return _remove(Like, user, post)


def repost(user, post):
    """``user`` reposts ``post`` (its author hears of it); False when they already did."""
    return _add(Repost, user, post)


def unrepost(user, post):
    """``user`` takes back their repost of ``post``; False when there was none."""
    return _remove(Repost, user, post)


COUNTED = {Like: ("like_count", LIKE), Repost: ("repost_count", REPOST)}


@event.listens_for(Session, "before_flush")
def _take_off_departing_users(session, flush_context, instances):
    # A user's likes, reposts, posts and notifications go with the account by ON DELETE
    # CASCADE, behind the ORM's back: what they counted elsewhere is taken off first.
    from .user import User

    for user in [obj for obj in session.deleted if isinstance(obj, User)]:
        # what they did that others have not read yet leaves those others' bells
        forget(session, Activity.actor_id == user.id)
        take_off_tags_of(session, user.id)
        post = Post.__table__
        for model, column in ((Like, "like_count"), (Repost, "repost_count")):
            counted = post.c[column]
            session.execute(
                update(post)
                .where(post.c.id.in_(select(model.post_id).where(model.user_id == user.id)))
                .values({counted: counted - 1})
            )
        reply = Post.__table__.alias("reply")
        replies = (
            select(func.count())
            .select_from(reply)
            .where(reply.c.user_id == user.id, reply.c.in_reply_to_id == post.c.id)
            .scalar_subquery()
        )
        answered = select(reply.c.in_reply_to_id).where(reply.c.user_id == user.id)
        session.execute(
            update(post)
            .where(post.c.id.in_(answered))
            .values(reply_count=post.c.reply_count - replies)
        )


def recount_posts(session):
    """Count every post's replies, likes, reposts and edits, and every tag's posts, again
    from the rows (``microblog recount``); return how many posts and tags were wrong."""
    from .edits import PostEdit
    from .tags import PostTag, Tag

    post, reply = Post.__table__, Post.__table__.alias("reply")
    counts = {
        "reply_count": select(func.count())
        .select_from(reply)
        .where(reply.c.in_reply_to_id == post.c.id),
        "like_count": select(func.count()).select_from(Like).where(Like.post_id == post.c.id),
        "repost_count": select(func.count()).select_from(Repost).where(Repost.post_id == post.c.id),
        "edit_count": select(func.count())
        .select_from(PostEdit)
        .where(PostEdit.post_id == post.c.id),
    }
    counts = {name: query.scalar_subquery() for name, query in counts.items()}
    wrong = or_(*(post.c[name] != query for name, query in counts.items()))
    repaired = session.execute(update(post).where(wrong).values(counts)).rowcount
    tag = Tag.__table__
    tagged = select(func.count()).select_from(PostTag).where(PostTag.tag_id == tag.c.id)
    tagged = tagged.scalar_subquery()
    repaired += session.execute(
        update(tag).where(tag.c.post_count != tagged).values(post_count=tagged)
    ).rowcount
    mark_changed(session)
    session.expire_all()
    return repaired
