"""Publishing a post."""

from ..i18n import _
from ..models.post import BODY_MAX_LENGTH
from .base import CSRFSchema, short_text_node
from .media import pictures_node


class PostSchema(CSRFSchema):
    post = short_text_node(BODY_MAX_LENGTH, title=_("Say something"))


class PostWithPicturesSchema(PostSchema):
    """A new post (home, a reply): its text and up to four pictures (``PicturesForm``)."""

    images = pictures_node()
