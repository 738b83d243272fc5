"""What the API sends: users, posts, messages and pages of them, with absolute links."""

from ...models import isoformat
from ...models.entries import annotate
from ...resources import context_for
from ...security import Permission
from ..pagination import api_window, paginate
from .inputs import bad_request, page_parameters

AVATAR_SIZE = 128


def api_url(request, *segments):
    """The absolute URL of ``/api/<segments>``; a page of posts holds dozens."""
    return request.site_url("api", *segments)


def created(request, row, render, collection):
    """Store ``row``, new, and answer 201: ``render(request, row)``, its URL in ``Location``."""
    request.dbsession.add(row)
    request.dbsession.flush()  # gives the row its id
    request.response.status_int = 201
    request.response.location = api_url(request, collection, row.id)
    return render(request, row)


def user_dict(request, user):
    data = {
        "id": user.id,
        "username": user.username,
        "last_seen": isoformat(user.last_seen),
        "about_me": user.about_me,
        "post_count": user.post_count,
        "follower_count": user.follower_count,
        "followed_count": user.followed_count,
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


def post_dict(request, post, entry=None):
    """A post; ``entry`` (``models.entries``) says what the caller did to it, else it is
    looked up, with the post's pictures (one query each: lists pass theirs, see
    :func:`post_list`)."""
    if entry is None:
        (entry,) = annotate(request.dbsession, request.user.id, [post])
    return {
        "id": post.id,
        "body": post.body,
        "timestamp": isoformat(post.timestamp),
        "language": post.language or None,
        "author_id": post.user_id,
        "in_reply_to_id": post.in_reply_to_id,
        "reply_count": post.reply_count,
        "like_count": post.like_count,
        "repost_count": post.repost_count,
        "liked": entry.liked,
        "reposted": entry.reposted,
        "edited_at": isoformat(post.edited_at),
        "media": [media_dict(request, media) for media in post.media],
        "_links": {
            "self": api_url(request, "posts", post.id),
            "author": api_url(request, "users", post.user_id),
        },
    }


def post_list(request, posts):
    """Posts, with what the caller did to each and their pictures, in one query each for
    all of them."""
    found = annotate(request.dbsession, request.user.id, posts)
    return [post_dict(request, entry.post, entry) for entry in found]


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


def window(request):
    """The page a collection's caller asks for: ``?page=&per_page=`` and the cursors."""
    return api_window(request, *page_parameters(request), refuse=bad_request)


def collection(page, render, render_all=None):
    """The collection shape: ``items``, ``_meta`` and absolute ``_links`` (null at the ends).
    Each item is shown by ``render(request, item)``, or all at once by ``render_all(request,
    items)``.

    ``next`` carries a ``before`` cursor and ``prev`` an ``after`` one where the list has
    an order of its own, so that walking the links costs the same on every page.
    """
    if render_all is not None:
        items = render_all(page.request, page.items)
    else:
        items = [render(page.request, item) for item in page]
    return {
        "items": items,
        "_meta": {
            "page": page.number,
            "per_page": page.per_page,
            "total_pages": page.total_pages,
            "total_items": page.total,
        },
        "_links": {"self": page.self_url, "next": page.next_url, "prev": page.prev_url},
    }


def paginated(request, listing, render):
    """One page of ``listing`` as a collection, each item shown by ``render(request, item)``."""
    return collection(paginate(request, listing, window(request)), render)


def paginated_posts(request, listing):
    """One page of a list of posts as a collection, with the caller's likes and reposts
    of them and their pictures (two queries more)."""
    return collection(paginate(request, listing, window(request)), None, render_all=post_list)
