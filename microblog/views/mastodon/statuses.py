"""``/api/v1/statuses``: publishing, reading, editing and deleting posts, their
conversations and histories (likes and reposts: ``interactions.py``)."""

from datetime import timedelta

import colander
from pyramid.httpexceptions import HTTPForbidden
from sqlalchemy import delete, func, select

from ...models import Post, PostEdit, Repost, User, isoformat, utcnow
from ...models.conversation import ancestors, delete_post, descendants, edit, load_posts, publish
from ...models.media import MAX_PER_POST
from ...models.oauth import PostIdempotency, digest
from ...resources import context_for
from ...resources.mastodon import StatusContext, Statuses
from ...richtext import mentioned_names
from ...schemas.api import (
    NewMessageSchema,
    NewPostSchema,
    PostChangesSchema,
    own_unattached_media,
)
from ...security import Permission
from ...services.throttle import POST, spend
from .. import Views
from ..errors import client_error
from . import entities, mastodon_view, params, unprocessable
from .conversations import message_status

IDEMPOTENCY_WINDOW = timedelta(hours=1)
MAX_DESCENDANTS = 500
MAX_VERSIONS = 100


def checked(request, schema_class, data, **bind):
    """``data`` through the site's own schema (bound with ``request`` and ``bind``); its
    complaints as Mastodon's 422."""
    try:
        return schema_class().bind(request=request, **bind).deserialize(data)
    except colander.Invalid as error:
        fields = error.asdict(translate=request.localizer.translate)
        names = {"body": "status"}
        raise unprocessable(
            "; ".join(f"{names.get(name, name)}: {message}" for name, message in fields.items())
        ) from error


def _in_reply_to(values):
    raw = values.get("in_reply_to_id")
    if raw in (None, ""):
        return None
    raw = str(raw)
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 11 else -1


def _media_ids(request, values):
    """``media_ids`` as a JSON list or repeated ``media_ids[]`` form fields."""
    raw = values.get("media_ids")
    if raw is None:
        raw = request.POST.getall("media_ids[]") or request.GET.getall("media_ids[]")
    if isinstance(raw, str | int):
        raw = [raw]
    if not isinstance(raw, list):
        raise unprocessable("media_ids must be a list of ids")
    ids = []
    for item in raw:
        text = str(item)
        if not (text.isascii() and text.isdigit() and len(text) < 11):
            raise unprocessable(f"media_ids: {text!r} is not an id")
        ids.append(int(text))
    if len(ids) > MAX_PER_POST:
        raise unprocessable(f"at most {MAX_PER_POST} media per status")
    return ids


class StatusesViews(Views):
    @mastodon_view(
        context=Statuses, request_method="POST", permission=Permission.POST, scope="write:statuses"
    )
    def create(self):
        request = self.request
        values = params(request)
        key = request.headers.get("Idempotency-Key")
        if key:
            earlier = self._idempotent(key)
            if earlier is not None:
                return entities.status(request, earlier)
        spend(request, POST, "user", request.user.id)
        if values.get("visibility") == "direct":
            return self._direct(values)
        # "status" may be left out when "media_ids" is given (a photo posted from a phone)
        data = checked(
            request,
            NewPostSchema,
            {
                "body": str(values.get("status") or ""),
                "in_reply_to_id": _in_reply_to(values),
                "media_ids": _media_ids(request, values),
            },
        )
        session = request.dbsession
        chosen = own_unattached_media(request, data["media_ids"])
        answered = None
        if data["in_reply_to_id"]:
            answered = session.get(Post, data["in_reply_to_id"])
            if not request.has_permission(Permission.REPLY, context_for(request, answered)):
                raise client_error(HTTPForbidden, "This action is not allowed")
        post = publish(
            session,
            request.user,
            data["body"],
            in_reply_to=answered,
            author_language=str(values.get("language") or "")[:5] or request.locale_name,
        )
        for position, media in enumerate(chosen):
            media.post_id, media.position = post.id, position
        if key:
            self._remember(key, post)
        return entities.status(request, post)

    def _direct(self, values):
        """A private message to the one person the text mentions (the site's messages
        go to one person)."""
        request = self.request
        body = str(values.get("status") or "")
        names = {name.lower() for name in mentioned_names(body)}
        found = request.dbsession.scalars(
            select(User).where(func.lower(User.username).in_(sorted(names)))
        ).all()
        if len(found) != 1:
            raise unprocessable("a direct status mentions exactly one existing account")
        (recipient,) = found
        data = checked(request, NewMessageSchema, {"recipient_id": recipient.id, "body": body})
        message = request.user.send_message(recipient, data["body"])
        return message_status(request, message, request.user, recipient)

    def _idempotent(self, key):
        """The post published with this key within the hour, if any."""
        session, user = self.request.dbsession, self.request.user
        row = session.get(PostIdempotency, (user.id, digest(key)))
        if row is None or row.created_at < utcnow() - IDEMPOTENCY_WINDOW:
            return None
        post = session.get(Post, row.post_id)
        return post if post is not None and not post.deleted else None

    def _remember(self, key, post):
        """Keep ``key`` for ``post``, and forget the caller's keys older than the hour.

        Only once the post is written: its author's row is then locked (the counts'
        update), so that a concurrent request with the same key waits for this one
        instead of locking the keys' range first and deadlocking with it (InnoDB). That
        request's key then clashes with this one, and its retry answers this post."""
        session, user = self.request.dbsession, self.request.user
        session.flush()
        session.execute(
            delete(PostIdempotency).where(
                PostIdempotency.user_id == user.id,
                PostIdempotency.created_at < utcnow() - IDEMPOTENCY_WINDOW,
            )
        )
        session.add(PostIdempotency(user_id=user.id, key_digest=digest(key), post_id=post.id))


def _reblog_time(session, context):
    if context.reblogger is None:
        return None
    return session.get(Repost, (context.reblogger.id, context.post.id)).timestamp


class StatusViews(Views):
    def shown(self, post=None):
        context = self.context
        at = _reblog_time(self.request.dbsession, context)
        return entities.status(self.request, post or context.post, context.reblogger, at)

    @mastodon_view(
        context=StatusContext,
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:statuses",
    )
    def show(self):
        return self.shown()

    @mastodon_view(
        context=StatusContext,
        request_method="PUT",
        permission=Permission.EDIT,
        scope="write:statuses",
    )
    def update(self):
        request, post = self.request, self.context.post
        values = params(request)
        data = checked(
            request, PostChangesSchema, {"body": str(values.get("status") or "")}, post=post
        )
        edit(request.dbsession, post, data["body"], author_language=request.locale_name)
        return entities.status(request, post)

    @mastodon_view(
        context=StatusContext,
        request_method="DELETE",
        permission=Permission.DELETE,
        scope="write:statuses",
    )
    def delete(self):
        """Mastodon answers the deleted status with its ``text``, for "delete and
        redraft"."""
        request, post = self.request, self.context.post
        shown = entities.status(request, post)
        shown["text"] = post.body
        delete_post(request.dbsession, post)
        return shown

    @mastodon_view(
        context=StatusContext,
        name="source",
        request_method="GET",
        permission=Permission.EDIT,
        scope="read:statuses",
    )
    def source(self):
        post = self.context.post
        return {"id": str(post.id), "text": post.body, "spoiler_text": ""}

    @mastodon_view(
        context=StatusContext,
        name="context",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:statuses",
    )
    def conversation(self):
        session, post = self.request.dbsession, self.context.post
        above = [p for p in ancestors(session, post) if not p.deleted]
        below_ids = [post_id for post_id, _depth in descendants(session, post)][:MAX_DESCENDANTS]
        below = [p for p in load_posts(session, below_ids) if not p.deleted]
        shown = entities.statuses(self.request, [*above, *below])
        return {"ancestors": shown[: len(above)], "descendants": shown[len(above) :]}

    @mastodon_view(
        context=StatusContext,
        name="history",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:statuses",
    )
    def history(self):
        """Every version, the first first, the current one last."""
        request, post = self.request, self.context.post
        earlier = request.dbsession.scalars(
            select(PostEdit)
            .where(PostEdit.post_id == post.id)
            .order_by(PostEdit.timestamp.desc(), PostEdit.id.desc())
            .limit(MAX_VERSIONS)
        ).all()
        author = entities.account(request, post.author)
        versions = [(v.body, v.timestamp) for v in reversed(earlier)]
        versions.append((post.body, post.edited_at or post.timestamp))
        return [
            {
                "content": entities.paragraph(entities.escape(body)),
                "spoiler_text": "",
                "sensitive": False,
                "created_at": isoformat(at),
                "account": author,
                "poll": None,
                "media_attachments": [],
                "emojis": [],
            }
            for body, at in versions
        ]
