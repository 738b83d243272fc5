"""Hashtags and mentions, as found in posts' bodies (``microblog.richtext``).

Both are written when a post is published or edited, from its text: ``post_tag`` rows
carry the post's timestamp, so that a tag's posts are listed, and its trend over the last
day counted, from one index each; ``mention`` rows name the users a post links to.
"""

from datetime import datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, Index, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, contains_eager, mapped_column
from zope.sqlalchemy import mark_changed

from ..richtext import TAG_MAX_LENGTH, mentioned_names, tag_names
from .meta import Base, utcnow
from .post import Post

TRENDING_WINDOW = timedelta(hours=24)


class Tag(Base):
    """A topic, ``#name``; names are kept in lower case."""

    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(TAG_MAX_LENGTH), unique=True)

    def __repr__(self):
        return f"<Tag {self.name}>"


class PostTag(Base):
    """``post_id`` carries ``#tag``; ``timestamp`` is the post's."""

    __tablename__ = "post_tag"
    __table_args__ = (
        # a tag's posts, newest first
        Index("ix_post_tag_tag_id_timestamp", "tag_id", "timestamp", "post_id"),
        # the tags of the last day, for the trend
        Index("ix_post_tag_timestamp", "timestamp"),
    )

    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)
    timestamp: Mapped[datetime] = mapped_column(DateTime)


class Mention(Base):
    """``post_id`` mentions ``user_id`` (``@username`` in its text)."""

    __tablename__ = "mention"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )


def tagged(tag, *criteria):
    """The posts carrying ``tag``, newest first, with their authors."""
    return (
        select(Post)
        .join(PostTag, PostTag.post_id == Post.id)
        .join(Post.author)
        .options(contains_eager(Post.author))
        .where(PostTag.tag_id == tag.id, *criteria)
        .order_by(PostTag.timestamp.desc(), PostTag.post_id.desc())
    )


def trending(session, limit=10, now=None):
    """``[(name, number of posts)]``: the tags used most over the last day."""
    since = (now or utcnow()) - TRENDING_WINDOW
    uses = func.count().label("uses")
    query = (
        select(Tag.name, uses)
        .join(PostTag, PostTag.tag_id == Tag.id)
        .where(PostTag.timestamp > since)
        .group_by(Tag.id, Tag.name)
        .order_by(uses.desc(), Tag.name)
        .limit(limit)
    )
    return [tuple(row) for row in session.execute(query)]


def set_tags(session, post):
    """Make ``post``'s tags those of its text."""
    from .interactions import _insert_once

    session.execute(delete(PostTag).where(PostTag.post_id == post.id))
    mark_changed(session)
    names = tag_names(post.body)
    if not names:
        return
    known = dict(session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(names))).all())
    for name in names:
        if name not in known:
            _insert_once(session, Tag, name=name)
    missing = [name for name in names if name not in known]
    if missing:
        known.update(session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(missing))).all())
    # (a database that compares names loosely may have matched another spelling: the tag
    # is then left out rather than the post refused)
    rows = [
        {"post_id": post.id, "tag_id": known[name], "timestamp": post.timestamp}
        for name in names
        if name in known
    ]
    if rows:
        session.execute(insert(PostTag), rows)


def set_mentions(session, post, author_id):
    """Make ``post``'s mentions those of its text; return the ids of the users mentioned
    now who were not before, leaving out the author (nobody hears of their own posts)."""
    from .user import User

    names = mentioned_names(post.body)
    before = set(session.scalars(select(Mention.user_id).where(Mention.post_id == post.id)))
    now = set()
    if names:
        # usernames are unique whatever their case, and a mention may use any case
        lowered = [name.lower() for name in names]
        now = set(session.scalars(select(User.id).where(func.lower(User.username).in_(lowered))))
    if before - now:
        session.execute(
            delete(Mention).where(Mention.post_id == post.id, Mention.user_id.in_(before - now))
        )
        mark_changed(session)
    added = now - before
    if added:
        session.execute(insert(Mention), [{"post_id": post.id, "user_id": i} for i in added])
        mark_changed(session)
    return added - {author_id}
