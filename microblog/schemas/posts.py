"""Publishing a post, and changing its text."""

import colander

from ..i18n import _
from ..models.post import BODY_MAX_LENGTH
from .base import CSRFSchema, short_text_node
from .media import pictures_node

NOTHING_TO_POST = _("Write something, or add a picture.")
REQUIRED = _("This field is required.")


def post_text_node(**kw):
    """A post's text. It may be empty, as long as the post has pictures (a photo posted
    from a phone): :func:`require_content` says so for the whole post."""
    return short_text_node(BODY_MAX_LENGTH, min_length=0, **kw)


def require_content(node, text_field, text, pictures, message=NOTHING_TO_POST):
    """Refuse a post that would have neither text nor pictures, on its text field (the
    web forms' ``post``, the APIs' ``body``)."""
    if not text and not pictures:
        error = colander.Invalid(node)
        error[text_field] = message
        raise error


class PostSchema(CSRFSchema):
    """Editing a post (bind with its ``context``): the text may only go from a post
    that keeps pictures."""

    post = post_text_node(title=_("Say something"), missing="")

    def validator(self, node, value):
        require_content(node, "post", value["post"], node.bindings["context"].post.media, REQUIRED)


class PostWithPicturesSchema(CSRFSchema):
    """A new post (home, a reply): its text and up to four pictures (``PicturesForm``);
    either may be left out, not both."""

    post = post_text_node(title=_("Say something"), missing="")
    images = pictures_node()

    def validator(self, node, value):
        require_content(node, "post", value["post"], value["images"])
