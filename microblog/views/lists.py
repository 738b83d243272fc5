"""The lists the site shows a page at a time (see ``pagination``): posts, messages, users.

Each kind of list names its order, the rows it holds (with bound parameters: the user whose
posts, inbox or followers it is), how a page of them is loaded (posts with their authors,
messages with their senders: one query) and its total, from the kept counts.
"""

from datetime import datetime

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm import aliased, contains_eager

from ..models import POSTS, USERS, Message, Post, User, followers, total
from ..models.safety import kept_away
from .pagination import Hidden, Keyset, Listing

NEWEST_POSTS = Keyset(Post.timestamp, Post.id)
NEWEST_MESSAGES = Keyset(Message.timestamp, Message.id)
# older than any post: what a timestamp is compared with when there is no bound
OLDEST = datetime(1000, 1, 1)
OWNER = bindparam("user_id", type_=Integer)
# who is looking
VIEWER = bindparam("viewer_id", type_=Integer)
NOBODY = 0


def _with_people(model, person):
    """``load`` for rows of ``model`` shown with a person (a post's author, a message's
    sender), loaded in the same query."""
    relationship = getattr(model, person)

    def load(keys):
        return (
            select(model)
            .join(keys, model.id == keys.c.id)
            .join(relationship)
            .options(contains_eager(relationship))
        )

    return load


_posts_with_authors = _with_people(Post, "author")
_messages_with_senders = _with_people(Message, "sender")


def _users(keys):
    return select(User).join(keys, User.id == keys.c[0])


# the authors of a timeline: the people its owner follows, and the owner
_TIMELINE_AUTHORS = (
    select(followers.c.followed_id).where(followers.c.follower_id == OWNER).union(select(OWNER))
)


def _no_older_than_each_authors_nth(keys, nth, cursor):
    """Keep the timeline's posts no older than the newest of its authors' ``nth + 1``-th.

    An author whose ``n``-th newest post (past the cursor) is at time T has ``n`` posts
    from T on: the first ``n`` of the timeline are all at least that recent. The database
    then sorts at most ``n`` posts per author, however long their histories are, instead
    of every post of every author followed.
    """
    post, author = aliased(Post), _TIMELINE_AUTHORS.subquery()
    keys_of_post = (post.timestamp, post.id)
    past_cursor = () if cursor is None else (NEWEST_POSTS.beyond(cursor, keys_of_post),)
    nth_newest = (
        select(post.timestamp)
        .where(post.user_id == author.c[0], *past_cursor)
        .order_by(*NEWEST_POSTS.order_by(keys_of_post))
        .limit(1)
        .offset(nth)
        .scalar_subquery()
    )
    bound = select(func.max(nth_newest)).select_from(author).scalar_subquery()
    return keys.where(Post.timestamp >= func.coalesce(bound, OLDEST))


# whom each list leaves out: whom its reader blocked or muted or who blocked them (on a
# profile, only a block), and suspended accounts and accounts waiting for removal
EXPLORE_HIDDEN = Hidden(kept_away(VIEWER, muted=True), VIEWER.key)
PROFILE_HIDDEN = Hidden(kept_away(VIEWER, muted=False), VIEWER.key)
TIMELINE_HIDDEN = Hidden(kept_away(OWNER, muted=True), OWNER.key)


def _authors_not_in(ids):
    return (Post.user_id.not_in(ids),)


EXPLORE = Listing(NEWEST_POSTS, _posts_with_authors, hidden=EXPLORE_HIDDEN, hiding=_authors_not_in)
PROFILE = Listing(
    NEWEST_POSTS,
    _posts_with_authors,
    criteria=(Post.user_id == OWNER,),
    hidden=PROFILE_HIDDEN,
    hiding=_authors_not_in,
)
TIMELINE = Listing(
    NEWEST_POSTS,
    _posts_with_authors,
    criteria=(Post.user_id.in_(_TIMELINE_AUTHORS),),
    narrow=_no_older_than_each_authors_nth,
    hidden=TIMELINE_HIDDEN,
    hiding=_authors_not_in,
)
INBOX = Listing(NEWEST_MESSAGES, _messages_with_senders, criteria=(Message.recipient_id == OWNER,))
USERS_LIST = Listing(Keyset(User.id, descending=False), _users)
FOLLOWERS = Listing(
    Keyset(followers.c.follower_id, descending=False),
    _users,
    criteria=(followers.c.followed_id == OWNER,),
)
FOLLOWED = Listing(
    Keyset(followers.c.followed_id, descending=False),
    _users,
    criteria=(followers.c.follower_id == OWNER,),
)


def all_posts(viewer):
    """Explore: every post ``viewer`` may see, newest first."""
    return EXPLORE.of(viewer_id=_id(viewer), total=lambda session: total(session, POSTS))


def posts_by(user, viewer=None):
    """A profile: ``user``'s posts, newest first (none when a block stands between them
    and ``viewer``)."""
    return PROFILE.of(
        user_id=user.id, viewer_id=_id(viewer), total=lambda _session: user.post_count
    )


def _id(viewer):
    return NOBODY if viewer is None else viewer.id


def timeline(user):
    """The home page: the posts of the people ``user`` follows, and ``user``'s own."""

    def count(session):
        authors = User.id.in_(_TIMELINE_AUTHORS)
        sums = select(func.coalesce(func.sum(User.post_count), 0)).where(authors)
        # int(): MySQL and MariaDB sum integers into decimals
        return int(session.scalar(sums, {"user_id": user.id}))

    return TIMELINE.of(user_id=user.id, total=count)


def inbox(user):
    """The messages ``user`` received, newest first, with their senders."""
    return INBOX.of(user_id=user.id, total=lambda _session: user.message_count)


def all_users():
    """Every account, oldest first."""
    return USERS_LIST.of(total=lambda session: total(session, USERS))


def followers_of(user):
    """The people who follow ``user``, by id."""
    return FOLLOWERS.of(user_id=user.id, total=lambda _session: user.follower_count)


def followed_by(user):
    """The people ``user`` follows, by id."""
    return FOLLOWED.of(user_id=user.id, total=lambda _session: user.followed_count)
