"""The lists the site shows a page at a time (see ``pagination``): posts, messages, users.

Each names its order, the rows it holds, how a page of them is loaded (posts with their
authors, messages with their senders: one query) and its total, from the kept counts.
"""

from datetime import datetime
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager

from ..models import POSTS, USERS, Message, Post, User, followers, total
from .pagination import Keyset, Listing

NEWEST_POSTS = Keyset(Post.timestamp, Post.id)
NEWEST_MESSAGES = Keyset(Message.timestamp, Message.id)
# older than any post: what a timestamp is compared with when there is no bound
OLDEST = datetime(1000, 1, 1)


def _posts_with_authors(keys):
    return (
        select(Post)
        .join(keys, Post.id == keys.c.id)
        .join(Post.author)
        .options(contains_eager(Post.author))
    )


def all_posts():
    """Explore: every post, newest first."""
    return Listing(NEWEST_POSTS, _posts_with_authors, total=lambda session: total(session, POSTS))


def posts_by(user):
    """A profile: ``user``'s posts, newest first."""
    return Listing(
        NEWEST_POSTS,
        _posts_with_authors,
        criteria=(Post.user_id == user.id,),
        total=lambda _session: user.post_count,
    )


def timeline(user):
    """The home page: the posts of the people ``user`` follows, and ``user``'s own."""
    authors = user.timeline_author_ids()
    return Listing(
        NEWEST_POSTS,
        _posts_with_authors,
        criteria=(Post.user_id.in_(authors),),
        total=lambda session: session.scalar(
            select(func.coalesce(func.sum(User.post_count), 0)).where(User.id.in_(authors))
        ),
        narrow=partial(_no_older_than_each_authors_nth, authors),
    )


def _no_older_than_each_authors_nth(authors, keys, n, cursor):
    """Keep the timeline's posts no older than the newest of its authors' ``n``-th posts.

    An author whose ``n``-th newest post (past the cursor) is at time T has ``n`` posts
    from T on: the first ``n`` of the timeline are all at least that recent. The database
    then sorts at most ``n`` posts per author, however long their histories are, instead
    of every post of every author followed.
    """
    post, author = aliased(Post), authors.subquery()
    keys_of_post = (post.timestamp, post.id)
    after_cursor = () if cursor is None else (NEWEST_POSTS.beyond(cursor, keys_of_post),)
    nth = (
        select(post.timestamp)
        .where(post.user_id == author.c[0], *after_cursor)
        .order_by(*NEWEST_POSTS.order_by(keys_of_post))
        .limit(1)
        .offset(n - 1)
        .scalar_subquery()
    )
    bound = select(func.max(nth)).select_from(author).scalar_subquery()
    return keys.where(Post.timestamp >= func.coalesce(bound, OLDEST))


def inbox(user):
    """The messages ``user`` received, newest first, with their senders."""

    def load(keys):
        return (
            select(Message)
            .join(keys, Message.id == keys.c.id)
            .join(Message.sender)
            .options(contains_eager(Message.sender))
        )

    return Listing(
        NEWEST_MESSAGES,
        load,
        criteria=(Message.recipient_id == user.id,),
        total=lambda _session: user.message_count,
    )


def _users(key):
    def load(keys):
        return select(User).join(keys, User.id == keys.c[0])

    return Keyset(key, descending=False), load


def all_users():
    """Every account, oldest first."""
    keyset, load = _users(User.id)
    return Listing(keyset, load, total=lambda session: total(session, USERS))


def followers_of(user):
    """The people who follow ``user``, by id."""
    keyset, load = _users(followers.c.follower_id)
    return Listing(
        keyset,
        load,
        criteria=(followers.c.followed_id == user.id,),
        total=lambda _session: user.follower_count,
    )


def followed_by(user):
    """The people ``user`` follows, by id."""
    keyset, load = _users(followers.c.followed_id)
    return Listing(
        keyset,
        load,
        criteria=(followers.c.follower_id == user.id,),
        total=lambda _session: user.followed_count,
    )
