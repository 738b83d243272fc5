"""Counts kept beside the rows they count, so that no page or collection counts a table.

Each user row holds its ``post_count``, ``follower_count``, ``followed_count`` and
``message_count`` (messages received); the ``counter`` table holds the site's totals
(``posts``, ``users``). They change in the same transaction as the rows they count, by
relative updates (``n = n + 1``), so concurrent writers never lose one: every ORM flush
that adds or deletes posts, messages or users adjusts them (the listeners below), and
following goes through ``User.follow``/``unfollow``. Writes that bypass the ORM (the bulk
inserts of ``microblog seed``, a database restored by hand) end with :func:`recount`,
which ``microblog recount CONFIG`` runs.
"""

from collections import Counter as Tally

from sqlalchemy import (
    BigInteger,
    String,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.util import identity_key
from zope.sqlalchemy import mark_changed

from .activity import notification_counts
from .message import Message
from .meta import Base
from .post import Post
from .task import Task
from .user import User, followers

POSTS, USERS = "posts", "users"
USER_COUNTS = (
    "post_count",
    "follower_count",
    "followed_count",
    "message_count",
    "new_message_count",
    "active_task_count",
    "notification_count",
    "new_notification_count",
)
STALE = "microblog.stale_counts"
LATER = "microblog.count_later"


class Counter(Base):
    """One of the site's totals, by name."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


# built once: every list of posts or users reads one
_TOTAL = select(Counter.value).where(Counter.name == bindparam("name"))


def total(session, name):
    """The site's number of ``posts`` or ``users``, read from its counter."""
    return session.scalar(_TOTAL, {"name": name}) or 0


def add_to_counts(session, users=(), totals=()):
    """Add ``{(column, user id): delta}`` to users' counts and ``{name: delta}`` to the
    site's totals, in the session's transaction."""
    # Core statements on the tables: an ORM-enabled UPDATE would try to synchronize the
    # session from inside a flush; the users concerned are expired instead
    table = User.__table__
    for (column, user_id), delta in dict(users).items():
        if delta:
            counted = table.c[column]
            session.execute(
                update(table).where(table.c.id == user_id).values({counted: counted + delta})
            )
    counters = Counter.__table__
    for name, delta in dict(totals).items():
        if delta:
            session.execute(
                update(counters)
                .where(counters.c.name == name)
                .values(value=counters.c.value + delta)
            )
    if users:
        session.info.setdefault(STALE, set()).update(user_id for _column, user_id in dict(users))


def forget_stale_counts(session):
    """Expire the counts of the users whose rows :func:`add_to_counts` changed."""
    for user_id in session.info.pop(STALE, ()):
        user = session.identity_map.get(identity_key(User, user_id))
        if user is not None:
            session.expire(user, USER_COUNTS)


@event.listens_for(Session, "before_flush")
def _count_before_flush(session, flush_context, instances):
    # Counted before the rows are written: the user's row is locked by its update before
    # the new row's foreign key check reads it (MariaDB's InnoDB would otherwise let two
    # writers share that read lock and then deadlock on the update).
    gone = {obj.id for obj in session.deleted if isinstance(obj, User)}
    for user_id in gone:
        _take_off_cascaded(session, user_id)
    users, totals, later = Tally(), Tally(), []
    for sign, objects in ((1, session.new), (-1, session.deleted)):
        for obj in objects:
            if not _tally(obj, sign, gone, users, totals):
                later.append(obj)
    for task in session.dirty:
        if isinstance(task, Task):
            added, _unchanged, deleted = inspect(task).attrs.complete.history
            if added and deleted and bool(added[0]) != bool(deleted[0]):
                users["active_task_count", task.user_id] += -1 if added[0] else 1
    if later:
        # rows whose owner is new in this same flush: counted once it has an id
        session.info[LATER] = later
    add_to_counts(session, users, totals)


@event.listens_for(Session, "after_flush")
def _count_after_flush(session, flush_context):
    users, totals = Tally(), Tally()
    for obj in session.info.pop(LATER, ()):
        _tally(obj, 1, (), users, totals)
    add_to_counts(session, users, totals)
    # a new message is unread if it came after its recipient last opened the inbox, as
    # the row says once this flush wrote it (the row is already locked by the count above)
    table, unread = User.__table__, Tally()
    for message in session.new:
        if isinstance(message, Message):
            unread[message.recipient_id, message.timestamp] += 1
    for (recipient_id, timestamp), n in unread.items():
        last_read = table.c.last_message_read_time
        session.execute(
            update(table)
            .where(table.c.id == recipient_id, or_(last_read.is_(None), last_read < timestamp))
            .values(new_message_count=table.c.new_message_count + n)
        )
        session.info.setdefault(STALE, set()).add(recipient_id)


# what a row counts on its owner's row: (the owner's key, or the relationship that sets
# it before a flush; the count; the site's total; whether this row counts)
COUNTED_ROWS = {
    Post: ("user_id", "author", "post_count", POSTS, lambda post: True),
    Message: ("recipient_id", "recipient", "message_count", None, lambda message: True),
    Task: ("user_id", None, "active_task_count", None, lambda task: not task.complete),
}


def _tally(obj, sign, gone, users, totals):
    """Count ``obj`` in ``users`` and ``totals``; False when its owner has no id yet."""
    if isinstance(obj, User):
        if sign > 0:
            totals[USERS] += 1
        return True
    if type(obj) not in COUNTED_ROWS:
        return True
    key, relationship, count, total_name, counts = COUNTED_ROWS[type(obj)]
    owner = _owner_id(obj, key, relationship)
    if owner is None:
        return False
    if owner not in gone and counts(obj):
        users[count, owner] += sign
        if total_name:
            totals[total_name] += sign
    return True


def _owner_id(obj, key, relationship):
    owner_id = getattr(obj, key)
    if owner_id is None and relationship is not None:
        # set through the relationship (``Post(author=user)``): the key is synced at flush
        owner = obj.__dict__.get(relationship)
        owner_id = owner.id if owner is not None else None
    return owner_id


def _take_off_cascaded(session, user_id):
    # a user's posts, follows and messages go with it by ON DELETE CASCADE, behind the
    # ORM's back: what they counted elsewhere is taken off while they still exist
    table = User.__table__
    follows = followers.c
    for column, peers in (
        ("follower_count", select(follows.followed_id).where(follows.follower_id == user_id)),
        ("followed_count", select(follows.follower_id).where(follows.followed_id == user_id)),
    ):
        session.execute(
            update(table).where(table.c.id.in_(peers)).values({column: table.c[column] - 1})
        )
    sent = Message.sender_id == user_id, Message.recipient_id == table.c.id
    unread = _since_read(table)
    recipients = select(Message.recipient_id).where(Message.sender_id == user_id)
    session.execute(
        update(table)
        .where(table.c.id.in_(recipients))
        .values(
            message_count=table.c.message_count - _count(Message, *sent),
            new_message_count=table.c.new_message_count - _count(Message, *sent, unread),
        )
    )
    posts = session.scalar(select(func.count()).select_from(Post).where(Post.user_id == user_id))
    add_to_counts(session, totals={POSTS: -posts, USERS: -1})
    # any user of the session may have been one of those
    session.info.setdefault(STALE, set()).update(
        obj.id for obj in session.identity_map.values() if isinstance(obj, User)
    )


@event.listens_for(Session, "after_flush_postexec")
def _expire_stale_counts(session, flush_context):
    forget_stale_counts(session)


def _count(model, *criteria):
    return select(func.count()).select_from(model).where(*criteria).scalar_subquery()


def _since_read(users):
    """Messages that came after their recipient (a row of ``users``) last opened the inbox."""
    last_read = users.c.last_message_read_time
    return or_(last_read.is_(None), Message.timestamp > last_read)


def recount(session):
    """Count everything again from the rows; return how many users had a wrong count."""
    table = User.__table__
    counts = {
        "post_count": select(func.count()).select_from(Post).where(Post.user_id == table.c.id),
        "follower_count": select(func.count())
        .select_from(followers)
        .where(followers.c.followed_id == table.c.id),
        "followed_count": select(func.count())
        .select_from(followers)
        .where(followers.c.follower_id == table.c.id),
        "message_count": select(func.count())
        .select_from(Message)
        .where(Message.recipient_id == table.c.id),
        "new_message_count": select(func.count())
        .select_from(Message)
        .where(Message.recipient_id == table.c.id, _since_read(table)),
        "active_task_count": select(func.count())
        .select_from(Task)
        .where(Task.user_id == table.c.id, Task.complete.is_(False)),
        **notification_counts(table),
    }
    counts = {name: query.scalar_subquery() for name, query in counts.items()}
    wrong = or_(*(table.c[name] != query for name, query in counts.items()))
    repaired = session.execute(update(table).where(wrong).values(counts)).rowcount
    session.execute(delete(Counter.__table__))
    session.execute(
        insert(Counter.__table__),
        [
            {
                "name": POSTS,
                # a deleted post kept for its replies has no author, and counts for nobody
                "value": session.scalar(
                    select(func.count()).select_from(Post).where(Post.user_id.is_not(None))
                ),
            },
            {"name": USERS, "value": session.scalar(select(func.count()).select_from(User))},
        ],
    )
    mark_changed(session)
    session.expire_all()
    return repaired
