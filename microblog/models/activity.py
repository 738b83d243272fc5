"""What other people did that concerns a user: the rows of their notifications page.

Five kinds: ``follow`` (no post), ``reply`` and ``mention`` (the post is the reply, or the
post mentioning them), ``like`` and ``repost`` (the post is theirs). Undoing a follow, like
or repost takes its row back. The page groups rows of the same kind about the same post
("ana and 3 others liked your post"); each new row also refreshes the user's
``unread_notification_count``, which the pages' live polling carries to the bell.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    String,
    and_,
    case,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from zope.sqlalchemy import mark_changed

from .meta import Base, utcnow
from .notification import add_notification
from .post import Post
from .safety import keeps_away, kept_away

FOLLOW, REPLY, MENTION, LIKE, REPOST = "follow", "reply", "mention", "like", "repost"
KINDS = (FOLLOW, REPLY, MENTION, LIKE, REPOST)
UNREAD = "unread_notification_count"
# before any notification: what a user who never opened the page has read up to
NEVER = datetime(1000, 1, 1)
# the names shown for a group: "ana and bob liked", "ana, bob and 3 others liked"
NAMES_SHOWN = 2


class Activity(Base):
    """``actor_id`` did ``kind`` (to ``post_id``), which ``user_id`` hears about."""

    __tablename__ = "activity"
    __table_args__ = (
        # a user's notifications newest first, and the unread ones (newer than a time)
        Index("ix_activity_user_id_timestamp", "user_id", "timestamp"),
        # taking one back (an unlike), and the groups of a page
        Index("ix_activity_user_id_kind_post_id", "user_id", "kind", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    timestamp: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    actor = relationship("User", foreign_keys=[actor_id], lazy="raise_on_sql")
    post = relationship("Post", foreign_keys=[post_id], lazy="raise_on_sql")

    def __repr__(self):
        return f"<Activity {self.kind} by {self.actor_id} for {self.user_id}>"

    @classmethod
    def for_user(cls, user_id):
        """A user's activity, newest first."""
        return (
            select(cls).where(cls.user_id == user_id).order_by(cls.timestamp.desc(), cls.id.desc())
        )


def notify(session, user_id, actor_id, kind, post_id=None):
    """Tell ``user_id`` that ``actor_id`` did ``kind``; nobody hears of their own doings."""
    if user_id is None or user_id == actor_id:
        return None
    # nor of what those they blocked, who blocked them, or whom they muted do
    if keeps_away(session, user_id, actor_id):
        return None
    # the counts first: the user's row is locked before the new row's foreign key reads it
    _add_to_counts(session, {user_id: (1, 1)})
    activity = Activity(user_id=user_id, actor_id=actor_id, kind=kind, post_id=post_id)
    session.add(activity)
    session.flush()
    _tell_the_bell(session, user_id)
    return activity


def withdraw(session, user_id, actor_id, kind, post_id=None):
    """Take back what :func:`notify` said (an unlike, an unfollow)."""
    if user_id is None or user_id == actor_id:
        return
    criteria = [Activity.user_id == user_id, Activity.actor_id == actor_id, Activity.kind == kind]
    criteria.append(Activity.post_id.is_(None) if post_id is None else Activity.post_id == post_id)
    if forget(session, *criteria):
        _tell_the_bell(session, user_id)


def forget(session, *criteria):
    """Delete the activity ``criteria`` select, taking it off its users' counts (and the
    unread part off their bells); the number of rows deleted."""
    from .user import User

    users = User.__table__
    read_until = func.coalesce(users.c.last_notification_read_time, NEVER)
    unread = case((Activity.timestamp > read_until, 1), else_=0)
    found = session.execute(
        select(Activity.user_id, func.count(), func.sum(unread))
        .join(users, users.c.id == Activity.user_id)
        .where(*criteria)
        .group_by(Activity.user_id)
    ).all()
    # int(): MySQL and MariaDB sum integers into decimals
    _add_to_counts(session, {user: (-n, -int(new or 0)) for user, n, new in found})
    deleted = session.execute(delete(Activity).where(*criteria)).rowcount
    mark_changed(session)
    return deleted


def notification_counts(users):
    """How many notifications each row of ``users`` has, and unread ones: what
    ``counters.recount`` sets ``notification_count`` and ``new_notification_count`` to."""
    mine = Activity.user_id == users.c.id
    read_until = func.coalesce(users.c.last_notification_read_time, NEVER)
    return {
        "notification_count": select(func.count()).select_from(Activity).where(mine),
        "new_notification_count": select(func.count())
        .select_from(Activity)
        .where(mine, Activity.timestamp > read_until),
    }


def _add_to_counts(session, deltas):
    """``{user id: (notifications, unread ones)}`` added to the users' kept counts."""
    from .counters import add_to_counts, forget_stale_counts

    counts = {}
    for user_id, (total, unread) in deltas.items():
        counts["notification_count", user_id] = total
        counts["new_notification_count", user_id] = unread
    add_to_counts(session, counts)
    forget_stale_counts(session)
    mark_changed(session)


def _tell_the_bell(session, user_id):
    from .user import User

    user = session.get(User, user_id)
    add_notification(user, UNREAD, user.new_notification_count)


@dataclass
class Group:
    """Rows of one kind about one post (every follow is one group), newest first."""

    kind: str
    post_id: int | None
    latest: datetime
    count: int
    actors: list = field(default_factory=list)  # the newest ``NAMES_SHOWN`` actors
    post: Post | None = None

    @property
    def others(self):
        return self.count - len(self.actors)


def grouped(session, user_id, offset, limit):
    """``limit`` groups of ``user_id``'s activity from ``offset``, the newest first, with
    their newest actors and their posts (and the posts' authors): three queries."""
    from .user import User

    latest = func.max(Activity.timestamp).label("latest")
    # what came from those kept away since (blocked, muted, suspended) is not shown
    kept = kept_away(user_id, muted=True).subquery()
    shown = Activity.actor_id.not_in(select(kept.c[0]))
    query = (
        select(Activity.kind, Activity.post_id, latest, func.count().label("n"))
        .where(Activity.user_id == user_id, shown)
        .group_by(Activity.kind, Activity.post_id)
        .order_by(latest.desc(), Activity.kind, Activity.post_id.desc())
        .offset(offset)
        .limit(limit)
    )
    groups = [Group(kind, post_id, when, n) for kind, post_id, when, n in session.execute(query)]
    if not groups:
        return groups
    by_key = {(g.kind, g.post_id): g for g in groups}
    rank = (
        func.row_number()
        .over(
            partition_by=(Activity.kind, Activity.post_id),
            order_by=(Activity.timestamp.desc(), Activity.id.desc()),
        )
        .label("rank")
    )
    in_groups = or_(
        *(
            and_(
                Activity.kind == g.kind,
                Activity.post_id.is_(None) if g.post_id is None else Activity.post_id == g.post_id,
            )
            for g in groups
        )
    )
    ranked = (
        select(Activity.kind, Activity.post_id, Activity.actor_id, rank)
        .where(Activity.user_id == user_id, in_groups, shown)
        .subquery()
    )

    newest = (
        select(ranked.c.kind, ranked.c.post_id, User)
        .join(User, User.id == ranked.c.actor_id)
        .where(ranked.c.rank <= NAMES_SHOWN)
        .order_by(ranked.c.rank)
    )
    for kind, post_id, actor in session.execute(newest):
        by_key[kind, post_id].actors.append(actor)
    post_ids = {g.post_id for g in groups if g.post_id is not None}
    if post_ids:
        posts = session.scalars(Post.newest_first(Post.id.in_(post_ids))).unique()
        by_id = {post.id: post for post in posts}
        for group in groups:
            group.post = by_id.get(group.post_id)
    return groups
