"""Mastodon's entities made from the site's rows: Account, Status, Relationship, Tag,
Notification (https://docs.joinmastodon.org/entities/).

A page of statuses costs a fixed number of queries whatever its length: what the reader
did to each post and whom they mention come from ``models.entries.annotate`` (one query)
and the people they name from one more.
"""

from markupsafe import Markup, escape
from sqlalchemy import func, select

from ...models import User, isoformat
from ...models.entries import annotate
from ...richtext import render, tag_names

# Mastodon's words for the site's notifications (a reply is a mention there)
NOTIFICATION_TYPES = {
    "follow": "follow",
    "reply": "mention",
    "mention": "mention",
    "like": "favourite",
    "repost": "reblog",
}


def user_url(request, username):
    return request.resource_url(request.root, "user", username)


def tag_url(request, name):
    return request.resource_url(request.root, "tag", name)


def status_url(request, post_id):
    return request.resource_url(request.root, "post", str(post_id))


def paragraph(text):
    return str(Markup("<p>{}</p>").format(text)) if text else ""


def account(request, user, source=False):
    """An Account; ``source`` adds what only its owner sees (``verify_credentials``)."""
    url = user_url(request, user.username)
    avatar = request.avatar_url(user, 400)
    # Mastodon gives the day an account was made, at midnight UTC
    day = user.created_at.replace(hour=0, minute=0, second=0, microsecond=0)
    data = {
        "id": str(user.id),
        "username": user.username,
        "acct": user.username,
        "display_name": user.username,
        "locked": False,
        "bot": False,
        "discoverable": True,
        "indexable": True,
        "group": False,
        "noindex": False,
        "created_at": isoformat(day),
        "note": paragraph(escape(user.about_me or "")),
        "url": url,
        "uri": url,
        "avatar": avatar,
        "avatar_static": avatar,
        "header": "",
        "header_static": "",
        "followers_count": user.follower_count,
        "following_count": user.followed_count,
        "statuses_count": user.post_count,
        "last_status_at": None,
        "emojis": [],
        "fields": [],
    }
    if source:
        data["source"] = {
            "privacy": "public",
            "sensitive": False,
            "language": "",
            "note": user.about_me or "",
            "fields": [],
            "follow_requests_count": 0,
        }
    return data


def tag(request, name, history=False):
    data = {"name": name, "url": tag_url(request, name)}
    if history:
        data["history"] = []
    return data


def _people(session, entries):
    """``{lower-case username: user}`` of everyone the entries mention or answer."""
    names = set()
    for entry in entries:
        names.update(name.lower() for name in entry.mentions)
        if entry.replying_to:
            names.add(entry.replying_to.lower())
    if not names:
        return {}
    users = session.scalars(select(User).where(func.lower(User.username).in_(sorted(names))))
    return {user.username.lower(): user for user in users}


def attachment(request, media):
    """A MediaAttachment; its URLs are null while a worker still encodes the picture."""
    ready = media.ready
    size = {"width": media.width, "height": media.height}
    if media.width and media.height:
        size["size"] = f"{media.width}x{media.height}"
        size["aspect"] = media.width / media.height
    return {
        "id": str(media.id),
        "type": "image",
        "url": request.media_url(media.display_key) if ready else None,
        "preview_url": request.media_url(media.preview_key) if ready else None,
        "remote_url": None,
        "meta": {"original": size, "small": size},
        "description": media.description or None,
        "blurhash": None,
    }


def statuses(request, posts, reblogs=None):
    """Statuses for ``posts``; ``reblogs`` (``[(reblogger, time) or None]``, one per post)
    wraps those that came into a list by a repost."""
    viewer = request.user.id if request.user is not None else None
    entries = annotate(request.dbsession, viewer, posts)
    people = _people(request.dbsession, entries)
    shown = []
    for n, entry in enumerate(entries):
        status = _status(request, entry, people)
        reblog = reblogs[n] if reblogs else None
        if reblog is not None:
            reblogger, at = reblog
            status = _reblog(request, status, reblogger, at, entry)
        shown.append(status)
    return shown


def status(request, post, reblogger=None, at=None):
    (shown,) = statuses(request, [post], [(reblogger, at)] if reblogger else None)
    return shown


def _status(request, entry, people):
    post = entry.post
    author = post.author
    mentioned = [people[name.lower()] for name in entry.mentions if name.lower() in people]
    answered = people.get(entry.replying_to.lower()) if entry.replying_to else None
    content = render(
        post.body,
        lambda name: tag_url(request, name),
        lambda name: user_url(request, name),
        known_users=[user.username for user in mentioned],
    )
    url = status_url(request, post.id)
    return {
        "id": str(post.id),
        "uri": url,
        "url": url,
        "created_at": isoformat(post.timestamp),
        "edited_at": isoformat(post.edited_at),
        "account": account(request, author),
        "content": paragraph(content),
        "text": None,
        "visibility": "public",
        "sensitive": False,
        "spoiler_text": "",
        # the page's pictures came with the annotation (``models.entries.load_media``)
        "media_attachments": [attachment(request, media) for media in post.media],
        "application": None,
        "mentions": [
            {
                "id": str(user.id),
                "username": user.username,
                "acct": user.username,
                "url": user_url(request, user.username),
            }
            for user in sorted(mentioned, key=lambda user: user.id)
        ],
        "tags": [tag(request, name) for name in tag_names(post.body)],
        "emojis": [],
        "reblogs_count": post.repost_count,
        "favourites_count": post.like_count,
        "replies_count": post.reply_count,
        "in_reply_to_id": str(post.in_reply_to_id) if post.in_reply_to_id else None,
        "in_reply_to_account_id": str(answered.id) if answered else None,
        "reblog": None,
        "poll": None,
        "card": None,
        "language": post.language or None,
        "favourited": entry.liked,
        "reblogged": entry.reposted,
        "muted": False,
        "bookmarked": False,
        "pinned": False,
        "filtered": [],
    }


def reblog_id(post_id, user_id):
    return f"{post_id}r{user_id}"


def _reblog(request, original, reblogger, at, entry):
    wrapper = {
        **original,
        "id": reblog_id(entry.post.id, reblogger.id),
        "created_at": isoformat(at),
        "account": account(request, reblogger),
        "content": "",
        "mentions": [],
        "tags": [],
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "reblog": original,
    }
    wrapper["uri"] = wrapper["url"] = original["url"]
    return wrapper


def relationship(user, other, following, followed_by):
    return {
        "id": str(other.id),
        "following": following,
        "showing_reblogs": following,
        "notifying": False,
        "languages": None,
        "followed_by": followed_by,
        "blocking": False,
        "blocked_by": False,
        "muting": False,
        "muting_notifications": False,
        "requested": False,
        "requested_by": False,
        "domain_blocking": False,
        "endorsed": False,
        "note": "",
    }


def notifications(request, activities):
    """Notifications for ``activities`` (rows of ``models.activity``), with their actors'
    accounts and their statuses: two queries for the page."""
    session = request.dbsession
    actor_ids = {a.actor_id for a in activities}
    post_ids = {a.post_id for a in activities if a.post_id}
    actors = {u.id: u for u in session.scalars(select(User).where(User.id.in_(actor_ids)))}
    from ...models import Post

    posts = []
    if post_ids:
        posts = list(session.scalars(Post.newest_first(Post.id.in_(post_ids))).unique())
    shown = dict(zip((p.id for p in posts), statuses(request, posts), strict=True))
    return [
        {
            "id": str(a.id),
            "type": NOTIFICATION_TYPES.get(a.kind, a.kind),
            "created_at": isoformat(a.timestamp),
            "group_key": f"ungrouped-{a.id}",
            "account": account(request, actors[a.actor_id]),
            "status": shown.get(a.post_id),
        }
        for a in activities
        if a.actor_id in actors
    ]
