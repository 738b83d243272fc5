"""Hashtags and mentions, as found in posts' bodies (``microblog.richtext``).

Both are written when a post is published or edited, from its text: ``post_tag`` rows
carry the post's timestamp, so that a tag's posts are listed, and its trend over the last
day counted, from one index each; ``mention`` rows name the users a post links to.
"""

from datetime import datetime, timedelta

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Mapped, contains_eager, mapped_column
from zope.sqlalchemy import mark_changed

from ..richtext import TAG_MAX_LENGTH, mentioned_names, tag_names
from .meta import Base, utcnow
from .post import Post
from .user import User

TRENDING_WINDOW = timedelta(hours=24)


class Tag(Base):
    """A topic, ``#name``; names are kept in lower case."""

    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(TAG_MAX_LENGTH), unique=True)
    # the posts carrying it, kept in step by set_tags (and when a user leaves)
    post_count: Mapped[int] = mapped_column(default=0, server_default="0")

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
    """The posts carrying ``tag``, newest first, with their authors (none of a suspended
    account's, or of one waiting for removal)."""
    return (
        select(Post)
        .join(PostTag, PostTag.post_id == Post.id)
        .join(Post.author)
        .options(contains_eager(Post.author))
        .where(PostTag.tag_id == tag.id, User.active(), *criteria)
        .order_by(PostTag.timestamp.desc(), PostTag.post_id.desc())
    )


# built once (explore asks on every page): only executed after that. The day's uses are
# counted from the timestamp index, then joined to their tags' names: the work grows with
# the day's posts, not with every tag or use there ever was. SQLite, knowing nothing of the
# data, went through every tag, or every use in the order of the (tag, timestamp) index to
# group them without sorting: grouped by ``tag_id + 0``, which no index gives, it takes
# the timestamp's.
_RECENT_TAG_ID = (PostTag.tag_id + literal_column("0")).label("tag_id")
_RECENT_USES = (
    select(_RECENT_TAG_ID, func.count().label("uses"))
    .where(PostTag.timestamp > bindparam("since", type_=DateTime))
    .group_by(_RECENT_TAG_ID)
    .subquery("recent_uses")
)
TRENDING = (
    select(Tag.name, _RECENT_USES.c.uses)
    .join_from(_RECENT_USES, Tag, Tag.id == _RECENT_USES.c.tag_id)
    .order_by(_RECENT_USES.c.uses.desc(), Tag.name)
    .limit(bindparam("limit", type_=Integer))
)


def trending(session, limit=10, now=None):
    """``[(name, number of posts)]``: the tags used most over the last day."""
    since = (now or utcnow()) - TRENDING_WINDOW
    return [tuple(row) for row in session.execute(TRENDING, {"since": since, "limit": limit})]


def set_tags(session, post, names=None):
    """Make ``post``'s tags those of its text (or ``names``), keeping the tags' counts."""
    from .interactions import _insert_once

    names = tag_names(post.body) if names is None else names
    known = {}
    if names:
        known = dict(session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(names))).all())
        missing = [name for name in names if name not in known]
        for name in missing:
            _insert_once(session, Tag, name=name)
        if missing:
            query = select(Tag.name, Tag.id).where(Tag.name.in_(missing))
            known.update(session.execute(query).all())
    # (a database that compares names loosely may have matched another spelling: the tag
    # is then left out rather than the post refused)
    now = {known[name] for name in names if name in known}
    before = set(session.scalars(select(PostTag.tag_id).where(PostTag.post_id == post.id)))
    gone, added = before - now, now - before
    # the counts first: the tags' rows are locked before the new rows' foreign keys read them
    for tag_ids, delta in ((gone, -1), (added, 1)):
        if tag_ids:
            session.execute(
                update(Tag).where(Tag.id.in_(tag_ids)).values(post_count=Tag.post_count + delta)
            )
    if gone:
        session.execute(delete(PostTag).where(PostTag.post_id == post.id, PostTag.tag_id.in_(gone)))
    if added:
        rows = [{"post_id": post.id, "tag_id": i, "timestamp": post.timestamp} for i in added]
        session.execute(insert(PostTag), rows)
    mark_changed(session)


def clear_tags(session, post):
    """Take ``post`` off its tags (it is being deleted)."""
    set_tags(session, post, names=[])


def take_off_tags_of(session, user_id):
    """A user's posts are about to go with their account (ON DELETE CASCADE): their tags
    count them no more."""
    counted = (
        select(func.count())
        .select_from(PostTag)
        .join(Post, Post.id == PostTag.post_id)
        .where(Post.user_id == user_id, PostTag.tag_id == Tag.id)
        .scalar_subquery()
    )
    theirs = select(PostTag.tag_id).join(Post, Post.id == PostTag.post_id)
    session.execute(
        update(Tag)
        .where(Tag.id.in_(theirs.where(Post.user_id == user_id)))
        .values(post_count=Tag.post_count - counted)
    )


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
