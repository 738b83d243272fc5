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
    true,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from zope.sqlalchemy import mark_changed

from ..text import is_clean_line
from .activity import FOLLOW, UNREAD, notify, withdraw
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
    # a name no account can have is not looked up (PostgreSQL refuses NUL in a query)
    user = (
        dbsession.scalar(select(User).where(User.username == username))
        if is_clean_line(username)
        else None
    )
    if user is None:
        User(password_hash=_UNKNOWN_USER_HASH).check_password(password)
        return None
    return user if user.check_password(password) else None


def case_insensitive_string(length):
    """A string compared without regard to case where the database can declare it (MySQL
    and MariaDB, by collation); elsewhere a ``lower()`` index keeps it unique that way."""
    return String(length).with_variant(
        mysql.VARCHAR(length, collation=CASE_INSENSITIVE_COLLATION), "mysql", "mariadb"
    )


# MariaDB has no index on an expression: its unique constraints compare in this collation
CASE_INSENSITIVE_COLLATION = "utf8mb4_unicode_ci"


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # unique whatever the case ("Ana" is ana's name): see the lower() indexes below
    username: Mapped[str] = mapped_column(case_insensitive_string(64), unique=True)
    email: Mapped[str] = mapped_column(case_insensitive_string(120), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(128))
    about_me: Mapped[str | None] = mapped_column(String(140))
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # when the account was made (accounts older than this column: their earliest trace)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expiration: Mapped[datetime | None] = mapped_column(DateTime)
    last_message_read_time: Mapped[datetime | None] = mapped_column(DateTime)
    # kept in step with the rows they count (models/counters.py)
    post_count: Mapped[int] = mapped_column(default=0, server_default="0")
    follower_count: Mapped[int] = mapped_column(default=0, server_default="0")
    followed_count: Mapped[int] = mapped_column(default=0, server_default="0")
    message_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # received since the inbox was last opened: the navbar's badge, on every page
    new_message_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # background tasks not complete yet: pages look them up only when there are some
    active_task_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # what happened to the user since they last opened /notifications/all: the bell
    new_notification_count: Mapped[int] = mapped_column(default=0, server_default="0")
    notification_count: Mapped[int] = mapped_column(default=0, server_default="0")
    last_notification_read_time: Mapped[datetime | None] = mapped_column(DateTime)
    # moved on when the password changes: every session signed in before then ends
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # accounts made before verification existed count as verified
    email_verified: Mapped[bool] = mapped_column(default=True, server_default=true())
    # None, "moderator" or "admin" (models.moderation.ROLES): ACL principals "role:..."
    role: Mapped[str | None] = mapped_column(String(16))
    # (indexed: every list of posts leaves out the few accounts that have either)
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # the owner asked for the account to go: it is removed after the grace period
    deletion_requested_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # TOTP sign-in: the shared secret (base32) once enrolment is confirmed, and the last
    # time step accepted (a code works once)
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_last_step: Mapped[int | None] = mapped_column()
    # the storage key of an uploaded avatar's pictures (``microblog.media.avatars``)
    avatar_key: Mapped[str | None] = mapped_column(String(80))

    posts = relationship("Post", back_populates="author", lazy="raise_on_sql", passive_deletes=True)

    def __repr__(self):
        return f"<User {self.username}>"

    @property
    def is_active(self):
        """False while suspended or waiting for removal: such an account cannot act, and
        its posts are hidden."""
        return self.suspended_at is None and self.deletion_requested_at is None

    @classmethod
    def active(cls):
        """The SQL condition of :attr:`is_active`."""
        return cls.suspended_at.is_(None) & cls.deletion_requested_at.is_(None)

    @classmethod
    def inactive_ids(cls):
        """The ids of the accounts that are not active: two selects, for a union, each
        served by its index (joined by OR, SQLite read every row of the table instead)."""
        return (
            select(cls.id).where(cls.suspended_at.is_not(None)),
            select(cls.id).where(cls.deletion_requested_at.is_not(None)),
        )

    # passwords -------------------------------------------------------------------------
    def set_password(self, password, rounds=12):
        self.password_hash = bcrypt.hashpw(
            password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)
        ).decode("ascii")

    def change_password(self, password):
        """A new password, and an end to everything the old one opened: every browser
        session and the API token."""
        self.set_password(password)
        self.end_sessions()

    def end_sessions(self):
        """Sign out everywhere: sessions of the old generation are refused from now on
        (and their rows removed), and the API token is revoked."""
        from .web_session import WebSession

        self.session_generation = (self.session_generation or 0) + 1
        self.token = None
        self.token_expiration = None
        session = object_session(self)
        session.execute(delete(WebSession).where(WebSession.user_id == self.id))
        mark_changed(session)

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
        self._count_follow(other, 1)
        notify(session, other.id, self.id, FOLLOW)
        return True

    def unfollow(self, other):
        session = object_session(self)
        result = session.execute(
            delete(followers).where(
                followers.c.follower_id == self.id, followers.c.followed_id == other.id
            )
        )
        if result.rowcount:
            self._count_follow(other, -1)
        mark_changed(session)
        if result.rowcount:
            withdraw(session, other.id, self.id, FOLLOW)
        return result.rowcount > 0

    def _count_follow(self, other, delta):
        from .counters import add_to_counts, forget_stale_counts

        session = object_session(self)
        add_to_counts(
            session, {("followed_count", self.id): delta, ("follower_count", other.id): delta}
        )
        forget_stale_counts(session)
        mark_changed(session)

    def counts(self):
        """Posts, followers and followed, as kept on the row."""
        return {
            "posts": self.post_count,
            "followers": self.follower_count,
            "followed": self.followed_count,
        }

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
        """Messages received since the inbox was last opened (kept on the row)."""
        return self.new_message_count

    def mark_messages_read(self, now=None):
        """Opening the inbox: everything received so far is read, and the badge says so."""
        self.last_message_read_time = now or utcnow()
        self.new_message_count = 0
        self.add_notification("unread_message_count", 0)

    def unread_notification_count(self):
        """What happened to this user since they last opened their notifications (kept on
        the row)."""
        return self.new_notification_count

    def mark_notifications_read(self, now=None):
        """Opening the notifications page: all of it is seen, and the bell says so."""
        self.last_notification_read_time = now or utcnow()
        self.new_notification_count = 0
        self.add_notification(UNREAD, 0)

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


class ReservedUsername(Base):
    """The name of a removed account: nobody may take it (and pass for its owner)."""

    __tablename__ = "reserved_username"

    username: Mapped[str] = mapped_column(case_insensitive_string(64), primary_key=True)
    reserved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# Two people registering "ana" and "ANA" at once both pass the form's case-insensitive
# check; only the database can refuse the second (see models.conflicts_are_retried)
lower_username_index = Index(
    "uq_user_lower_username", func.lower(User.username), unique=True
).ddl_if(dialect=("sqlite", "postgresql"))
lower_email_index = Index("uq_user_lower_email", func.lower(User.email), unique=True).ddl_if(
    dialect=("sqlite", "postgresql")
)
