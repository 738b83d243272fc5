"""Accounts, their passwords and the follower graph."""

from datetime import datetime, timedelta

import bcrypt
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from zope.sqlalchemy import mark_changed

from .message import Message
from .meta import Base, utcnow
from .notification import add_notification

followers = Table(
    "followers",
    Base.metadata,
    Column("follower_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("followed_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    # the primary key serves "whom does X follow"; this serves "who follows X"
    Index("ix_followers_followed_id", "followed_id", "follower_id"),
)

# bcrypt reads at most 72 bytes; longer passwords are refused by the schemas
PASSWORD_MAX_BYTES = 72
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
# checked when the username is unknown, so that both failures take as long (no enumeration
# of accounts by timing)
_UNKNOWN_USER_HASH = "$2b$12$UmHhjv4pifBrLw4uXabhS.4d7ca5fHYhfe4FS/5TsG6eQ.xeMm14u"


def authenticate(dbsession, username, password):
    """The user with that username and password, or ``None``; as slow either way."""
    user = dbsession.scalar(select(User).where(User.username == username))
    if user is None:
        User(password_hash=_UNKNOWN_USER_HASH).check_password(password)
        return None
    return user if user.check_password(password) else None


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(128))
    about_me: Mapped[str | None] = mapped_column(String(140))
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expiration: Mapped[datetime | None] = mapped_column(DateTime)
    last_message_read_time: Mapped[datetime | None] = mapped_column(DateTime)
    # the storage key of an uploaded avatar's pictures (``microblog.media.avatars``)
    avatar_key: Mapped[str | None] = mapped_column(String(80))

    posts = relationship("Post", back_populates="author", lazy="raise_on_sql", passive_deletes=True)

    def __repr__(self):
        return f"<User {self.username}>"

    # passwords -------------------------------------------------------------------------
    def set_password(self, password, rounds=12):
        self.password_hash = bcrypt.hashpw(
            password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)
        ).decode("ascii")

    def check_password(self, password):
        if not self.password_hash or not password:
            return False
        encoded = password.encode("utf-8")
        if len(encoded) > PASSWORD_MAX_BYTES:
            return False
        return bcrypt.checkpw(encoded, self.password_hash.encode("ascii"))

    # presentation ----------------------------------------------------------------------
    def touch(self, now=None):
        """Refresh ``last_seen``, writing at most once per minute per user."""
        now = now or utcnow()
        if self.last_seen is None or now - self.last_seen >= LAST_SEEN_RESOLUTION:
            self.last_seen = now

    # the follower graph ----------------------------------------------------------------
    def is_following(self, other):
        query = select(followers.c.follower_id).where(
            followers.c.follower_id == self.id, followers.c.followed_id == other.id
        )
        return object_session(self).scalar(query) is not None

    def follow(self, other):
        if other.id == self.id or self.is_following(other):
            return False
        session = object_session(self)
        session.execute(insert(followers).values(follower_id=self.id, followed_id=other.id))
        mark_changed(session)
        return True

    def unfollow(self, other):
        session = object_session(self)
        result = session.execute(
            delete(followers).where(
                followers.c.follower_id == self.id, followers.c.followed_id == other.id
            )
        )
        mark_changed(session)
        return result.rowcount > 0

    def counts(self):
        """Posts, followers and followed in one round trip, each from an index."""
        from .post import Post

        query = select(
            select(func.count())
            .select_from(Post)
            .where(Post.user_id == self.id)
            .scalar_subquery()
            .label("posts"),
            select(func.count())
            .select_from(followers)
            .where(followers.c.followed_id == self.id)
            .scalar_subquery()
            .label("followers"),
            select(func.count())
            .select_from(followers)
            .where(followers.c.follower_id == self.id)
            .scalar_subquery()
            .label("followed"),
        )
        return object_session(self).execute(query).one()._asdict()

    # private messages and notifications -----------------------------------------------
    def send_message(self, recipient, body):
        """A private message to ``recipient``, whose unread badge goes up at once."""
        message = Message(sender_id=self.id, recipient_id=recipient.id, body=body)
        session = object_session(self)
        session.add(message)
        session.flush()
        recipient.add_notification("unread_message_count", recipient.unread_message_count())
        return message

    def unread_message_count(self):
        """Messages received since the inbox was last opened (counted from an index)."""
        query = select(func.count()).select_from(Message).where(Message.recipient_id == self.id)
        if self.last_message_read_time is not None:
            query = query.where(Message.timestamp > self.last_message_read_time)
        return object_session(self).scalar(query)

    def mark_messages_read(self, now=None):
        """Opening the inbox: everything received so far is read, and the badge says so."""
        self.last_message_read_time = now or utcnow()
        self.add_notification("unread_message_count", 0)

    def add_notification(self, name, data):
        """See :func:`microblog.models.notification.add_notification`."""
        return add_notification(self, name, data)

    def suggestions(self, limit=5):
        """People this user might follow: the most recently seen of those they do not
        follow yet (one query, for a timeline still empty)."""
        return (
            object_session(self)
            .scalars(
                select(User)
                .where(User.id.not_in(self.timeline_author_ids()))
                .order_by(User.last_seen.desc(), User.id.desc())
                .limit(limit)
            )
            .all()
        )

    def timeline_author_ids(self):
        """The ids whose posts make this user's timeline: the followed, and oneself."""
        followed = select(followers.c.followed_id).where(followers.c.follower_id == self.id)
        return followed.union(select(literal(self.id)))
