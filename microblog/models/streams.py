"""Lists of posts *and reposts*: the home timeline and a profile.

A repost puts the post it shares into the lists of the reposter (their profile) and of
their followers (the home timeline), at the time of the repost. Both lists are the union
of some authors' posts and the same people's reposts, newest first.
"""

from sqlalchemy import Integer, cast, null, select
from sqlalchemy.orm import aliased, contains_eager

from .interactions import Repost
from .post import Post
from .user import User


def stream(people):
    """``(post_id, reposter_id, at)`` rows: the posts of ``people`` (a select of user ids,
    or one id), with ``reposter_id`` null, and the posts they reposted."""
    if isinstance(people, int):
        writes, shares = Post.user_id == people, Repost.user_id == people
    else:
        writes, shares = Post.user_id.in_(people), Repost.user_id.in_(people)
    posts = select(
        Post.id.label("post_id"),
        cast(null(), Integer).label("reposter_id"),
        Post.timestamp.label("at"),
    ).where(writes)
    reposts = select(Repost.post_id, Repost.user_id, Repost.timestamp).where(shares)
    return posts.union_all(reposts).subquery("stream")


def newest_first(rows):
    return (rows.c.at.desc(), rows.c.post_id.desc(), rows.c.reposter_id.desc())


def page_of(rows, offset, limit):
    """A page of ``rows`` (a :func:`stream`): ``(post, reposter or None)`` pairs, each post
    with its author, in one query."""
    window = select(rows).order_by(*newest_first(rows)).offset(offset).limit(limit).subquery()
    reposter = aliased(User)
    return (
        select(Post, reposter)
        .join(window, Post.id == window.c.post_id)
        .join(Post.author)
        .options(contains_eager(Post.author))
        .outerjoin(reposter, reposter.id == window.c.reposter_id)
        .order_by(*newest_first(window))
    )


def timeline_of(user):
    """The home timeline: the posts and reposts of the people ``user`` follows, and theirs."""
    return stream(user.timeline_author_ids())


def profile_of(user):
    """A profile: ``user``'s posts and reposts."""
    return stream(user.id)
