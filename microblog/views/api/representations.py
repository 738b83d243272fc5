"""What the API sends: users, posts, messages and pages of them, with absolute links."""

import math
from urllib.parse import urlencode

from sqlalchemy import func, select

from ...models import Post, User, followers, isoformat
from ...resources import context_for
from ...security import Permission
from .inputs import page_parameters

AVATAR_SIZE = 128


def count_per_user(table, user_column, label):
    """A correlated count subquery: a page of users and their counts is one query."""
    query = select(func.count()).select_from(table).where(user_column == User.id)
    return query.correlate(User).scalar_subquery().label(label)


POST_COUNT = count_per_user(Post, Post.user_id, "post_count")
FOLLOWER_COUNT = count_per_user(followers, followers.c.followed_id, "follower_count")
FOLLOWED_COUNT = count_per_user(followers, followers.c.follower_id, "followed_count")


def api_url(request, *segments, query=None):
    return request.resource_url(request.root, "api", *map(str, segments), query=query)


USER_COUNTS = (POST_COUNT, FOLLOWER_COUNT, FOLLOWED_COUNT)


def created(request, row, render, collection):
    """Store ``row``, new, and answer 201: ``render(request, row)``, its URL in ``Location``."""
    request.dbsession.add(row)
    request.dbsession.flush()  # gives the row its id
    request.response.status_int = 201
    request.response.location = api_url(request, collection, row.id)
    return render(request, row)


def user_dict(request, user, post_count, follower_count, followed_count):
    data = {
        "id": user.id,
        "username": user.username,
        "last_seen": isoformat(user.last_seen),
        "about_me": user.about_me,
        "post_count": post_count,
        "follower_count": follower_count,
        "followed_count": followed_count,
        "_links": {
            "self": api_url(request, "users", user.id),
            "followers": api_url(request, "users", user.id, "followers"),
            "followed": api_url(request, "users", user.id, "followed"),
            "avatar": request.avatar_url(user, AVATAR_SIZE),
        },
    }
    # the account's own fields, for whoever may edit it (``user_acl``: its owner)
    if request.has_permission(Permission.EDIT, context_for(request, user)):
        data["email"] = user.email
    return data


def one_user(request, user):
    counts = request.dbsession.execute(select(User, *USER_COUNTS).where(User.id == user.id)).one()
    return user_dict(request, *counts)


def media_dict(request, media):
    """A picture; its URLs are null while a worker still encodes it."""
    ready = media.ready
    return {
        "id": media.id,
        "type": "image",
        "url": request.media_url(media.display_key) if ready else None,
        "preview_url": request.media_url(media.preview_key) if ready else None,
        "description": media.description or None,
        "meta": {"width": media.width, "height": media.height},
    }


def post_dict(request, post):
    return {
        "id": post.id,
        "body": post.body,
        "timestamp": isoformat(post.timestamp),
        "language": post.language or None,
        "author_id": post.user_id,
        "media": [media_dict(request, media) for media in post.media],
        "_links": {
            "self": api_url(request, "posts", post.id),
            "author": api_url(request, "users", post.user_id),
        },
    }


def message_dict(request, message):
    return {
        "id": message.id,
        "body": message.body,
        "timestamp": isoformat(message.timestamp),
        "sender_id": message.sender_id,
        "recipient_id": message.recipient_id,
        "_links": {
            "self": api_url(request, "messages", message.id),
            "sender": api_url(request, "users", message.sender_id),
            "recipient": api_url(request, "users", message.recipient_id),
        },
    }


def collection(request, items, total, page, per_page):
    """The collection shape: ``items``, ``_meta`` and absolute ``_links`` (null at the ends)."""
    total_pages = math.ceil(total / per_page)

    def link(number):
        params = [(k, v) for k, v in request.GET.items() if k not in ("page", "per_page")]
        params += [("page", number), ("per_page", per_page)]
        return f"{request.path_url}?{urlencode(params)}"

    return {
        "items": items,
        "_meta": {
            "page": page,
            "per_page": per_page,
            "total_pages": total_pages,
            "total_items": total,
        },
        "_links": {
            "self": link(page),
            "next": link(page + 1) if page < total_pages else None,
            "prev": link(page - 1) if page > 1 else None,
        },
    }


def paginate(request, query, render, columns=()):
    """One page of ``query`` (``?page=&per_page=``) as a collection.

    Each row, with the extra ``columns`` beside it, is shown by ``render(request, *row)``.
    Two queries whatever the page holds: the count, then the rows with what they show.
    """
    page, per_page = page_parameters(request)
    dbsession = request.dbsession
    total = dbsession.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page_query = query.add_columns(*columns).limit(per_page).offset((page - 1) * per_page)
    rows = dbsession.execute(page_query).all()
    return collection(request, [render(request, *row) for row in rows], total, page, per_page)
