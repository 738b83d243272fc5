"""The API's input: JSON objects checked with the same rules as the web forms."""

import colander
from sqlalchemy import select

from ..i18n import _
from ..models import MAX_ID, Media, Post, User
from ..models.media import MAX_PER_POST
from ..models.message import BODY_MAX_LENGTH as MESSAGE_MAX_LENGTH
from ..resources import context_for
from ..security import Permission
from .accounts import email_node, password_node, username_node
from .base import Text, short_text_node, stripped, text_length
from .posts import post_text_node, require_content

ABOUT_ME_MAX_LENGTH = 140
REQUIRED = _("This field is required.")


def empty_is_a_value(node):
    """``node`` validating ``""`` (a mistake to refuse) instead of taking it for absent."""
    node.typ = Text(allow_empty=True)
    return node


def about_me_node(**kw):
    # unlike the form's, an empty string is a value here: PUT {"about_me": ""} clears it
    return empty_is_a_value(
        colander.SchemaNode(
            Text(),
            name="about_me",
            preparer=stripped,
            validator=text_length(0, ABOUT_ME_MAX_LENGTH),
            **kw,
        )
    )


def body_node(max_length):
    return short_text_node(max_length, name="body")


class NewUserSchema(colander.Schema):
    """``POST /api/users``: the registration form's fields, without the repeated password."""

    username = username_node()
    email = email_node()
    password = password_node(_("Password"))
    about_me = about_me_node(missing="")


class UserChangesSchema(colander.Schema):
    """``PUT /api/users/{id}``: any of the editable fields; absent ones stay as they are.

    Bind with ``user``: its own username and email are not "taken".
    """

    username = empty_is_a_value(username_node(missing=colander.drop))
    email = empty_is_a_value(email_node(missing=colander.drop))
    about_me = about_me_node(missing=colander.drop)


def own_unattached_media(request, ids):
    """The caller's pictures of ``ids`` that no post has yet, in the order of ``ids``."""
    rows = request.dbsession.scalars(
        select(Media).where(
            Media.id.in_([i for i in ids if 0 < i <= MAX_ID]),
            Media.user_id == request.user.id,
            Media.post_id.is_(None),
        )
    ).all()
    found = {row.id: row for row in rows}
    return [found[i] for i in ids if i in found]


@colander.deferred
def deferred_media_ids(node, kw):
    request = kw["request"]

    def validate(node, ids):
        if any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
            raise colander.Invalid(node, "Each id must be an integer.")
        if len(ids) > MAX_PER_POST:
            raise colander.Invalid(node, f"At most {MAX_PER_POST} pictures per post.")
        if len(set(ids)) < len(ids):
            raise colander.Invalid(node, "Each picture may be given once.")
        found = {media.id for media in own_unattached_media(request, ids)}
        for i in ids:
            if i not in found:
                raise colander.Invalid(
                    node, f"{i} is not one of your pictures waiting for a post (POST /api/media)."
                )

    return validate


@colander.deferred
def deferred_post_answered(node, kw):
    request = kw["request"]

    def validate(node, value):
        post = request.dbsession.get(Post, value) if 0 < value <= MAX_ID else None
        if post is None or post.deleted:
            raise colander.Invalid(node, "No post has this id.")

    return validate


class NewPostSchema(colander.Schema):
    """``POST /api/posts`` (and Mastodon's ``POST /api/v1/statuses``): what the post form
    takes, the post it answers if any, and pictures uploaded first (``POST /api/media``);
    a post with pictures needs no text."""

    body = post_text_node(name="body", missing="")
    in_reply_to_id = colander.SchemaNode(
        colander.Integer(), validator=deferred_post_answered, missing=None
    )
    media_ids = colander.SchemaNode(colander.List(), missing=[], validator=deferred_media_ids)

    def validator(self, node, value):
        require_content(node, "body", value["body"], value["media_ids"])


class PostChangesSchema(colander.Schema):
    """``PUT /api/posts/{id}``: the new text (bind with the ``post``): required, and
    empty only for a post that has pictures."""

    body = empty_is_a_value(post_text_node(name="body"))

    def validator(self, node, value):
        require_content(node, "body", value["body"], node.bindings["post"].media, REQUIRED)


@colander.deferred
def deferred_recipient(node, kw):
    request = kw["request"]

    def validate(node, value):
        recipient = request.dbsession.get(User, value) if 0 < value <= MAX_ID else None
        if recipient is None:
            raise colander.Invalid(node, "No user has this id.")
        # the recipient's ACL (``user_acl``): nobody messages themself, nor across a block
        if not request.has_permission(Permission.MESSAGE, context_for(request, recipient)):
            raise colander.Invalid(
                node,
                "You cannot send a message to yourself."
                if recipient.id == request.user.id
                else "You cannot send a message to this user.",
            )

    return validate


class NewMessageSchema(colander.Schema):
    """``POST /api/messages``: a private message to the user ``recipient_id``."""

    recipient_id = colander.SchemaNode(
        colander.Integer(), validator=deferred_recipient, missing_msg=REQUIRED
    )
    body = body_node(MESSAGE_MAX_LENGTH)
