"""The Mastodon API's lists on the site's own (``views/lists.py``, ``streams.py``,
``post_lists.py``), with how their items are named by id."""

from sqlalchemy import select

from ...models import Activity, Like, Post, Repost
from ...models.tags import PostTag
from ...resources.ids import row_id
from ...resources.mastodon import reblog_key
from . import entities
from .paging import Ids, page_of


def _post_id(raw):
    try:
        return row_id(raw)
    except KeyError:
        return None


def _stream_key(session, raw):
    pair = reblog_key(raw)
    if pair is not None:
        post_id, user_id = pair
        repost = session.get(Repost, (user_id, post_id))
        return None if repost is None else (repost.timestamp, post_id, user_id)
    post_id = _post_id(raw)
    at = post_id and session.scalar(select(Post.timestamp).where(Post.id == post_id))
    return None if not at else (at, post_id, 0)


def _stream_id(item):
    post, reblogger = item
    return entities.reblog_id(post.id, reblogger.id) if reblogger else str(post.id)


# a stream's items are (post, reposter or None); its key (time, post id, reposter or 0)
STREAM = Ids(_stream_id, _stream_key)


def _post_key(session, raw):
    post_id = _post_id(raw)
    at = post_id and session.scalar(select(Post.timestamp).where(Post.id == post_id))
    return None if not at else (at, post_id)


POSTS = Ids(lambda post: str(post.id), _post_key)


def tagged_ids(tag):
    def key(session, raw):
        post_id = _post_id(raw)
        at = post_id and session.scalar(
            select(PostTag.timestamp).where(PostTag.post_id == post_id, PostTag.tag_id == tag.id)
        )
        return None if not at else (at, post_id)

    return Ids(lambda post: str(post.id), key)


def liked_ids(user):
    def key(session, raw):
        post_id = _post_id(raw)
        at = post_id and session.scalar(
            select(Like.timestamp).where(Like.post_id == post_id, Like.user_id == user.id)
        )
        return None if not at else (at, post_id)

    return Ids(lambda post: str(post.id), key)


def _activity_key(session, raw):
    activity_id = _post_id(raw)
    at = activity_id and session.scalar(
        select(Activity.timestamp).where(Activity.id == activity_id)
    )
    return None if not at else (at, activity_id)


NOTIFICATIONS = Ids(lambda activity: str(activity.id), _activity_key)


def _account_key(session, raw):
    user_id = _post_id(raw)
    return None if user_id is None else (user_id,)


ACCOUNTS = Ids(lambda user: str(user.id), _account_key)


def stream_statuses(request, listing):
    """A page of a stream (posts and reposts) as statuses, reblogs wrapped."""
    items, keys = page_of(request, listing, STREAM)
    posts = [post for post, _ in items]
    reblogs = [
        (reblogger, key[0]) if reblogger is not None else None
        for (_, reblogger), key in zip(items, keys, strict=True)
    ]
    return entities.statuses(request, posts, reblogs)


def post_statuses(request, listing, ids=POSTS):
    items, _keys = page_of(request, listing, ids)
    return entities.statuses(request, items)
