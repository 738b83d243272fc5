"""``/api/media``: uploading a picture (multipart ``file`` and ``description``) for a
post to come (``media_ids`` of ``POST /api/posts``), and reading it back."""

import logging
from datetime import timedelta

from pyramid.httpexceptions import HTTPServiceUnavailable
from pyramid.view import view_defaults
from sqlalchemy import select

from ...media.images import ImageRefused
from ...media.uploads import create_media, delete_after_commit, read_picture
from ...models import Media, utcnow
from ...resources.api import ApiMedia, ApiMediaContext
from ...schemas.media import DESCRIPTION_MAX_LENGTH, has_file
from ...security import Permission
from ...services.interfaces import StorageUnavailable
from ...services.throttle import POST, spend
from ...text import has_forbidden_characters
from .. import Views
from ..errors import client_error
from . import api_view
from .inputs import bad_request
from .representations import created, media_dict

log = logging.getLogger(__name__)

UNAVAILABLE = "Pictures cannot be stored right now."
# pictures uploaded for a post that never came are removed after this long
UNATTACHED_LIFETIME = timedelta(days=1)
# what a multipart body adds to its file: headers, boundaries, the description
MULTIPART_OVERHEAD = 64 * 1024


def described(text, refuse):
    """An upload's description, its spaces folded; ``refuse(message)`` makes the error
    of the API asking (each has its own shape)."""
    description = " ".join(str(text or "").split())
    if has_forbidden_characters(description):
        raise refuse("description: Control characters are not allowed here.")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise refuse(f"description: Must be at most {DESCRIPTION_MAX_LENGTH} characters long.")
    return description


def accept_upload(request, refuse):
    """The picture of a multipart upload (``file``, ``description``), checked, encoded and
    stored for the caller: what the site's API and the Mastodon API share."""
    # an upload counts as a post (RATELIMIT_POST): each may be 10 MB to decode and store
    spend(request, POST, "user", request.user.id)
    max_bytes = request.registry.settings["microblog.media_max_bytes"]
    if (request.content_length or 0) > max_bytes + MULTIPART_OVERHEAD:
        raise refuse(f"file: The file is larger than the limit of {max_bytes} bytes.")
    upload = request.POST.get("file")
    if not has_file(upload):
        raise refuse("file: This field is required (a multipart/form-data file).")
    description = described(request.POST.get("description"), refuse)
    try:
        picture = read_picture(upload, max_bytes, description)
    except ImageRefused as error:
        raise refuse(f"file: {request.localizer.translate(error.message)}") from None
    forget_unattached(request)
    try:
        return create_media(request, request.user, picture)
    except StorageUnavailable as error:
        log.error("An uploaded picture was not stored: %s", error)
        request.tm.doom()
        raise client_error(HTTPServiceUnavailable, UNAVAILABLE) from None


@view_defaults(context=ApiMedia)
class ApiMediaViews(Views):
    @api_view(request_method="POST", permission=Permission.POST)
    def upload(self):
        media = accept_upload(self.request, bad_request)
        return created(self.request, media, media_dict, "media")


@api_view(context=ApiMediaContext, request_method="GET", permission=Permission.VIEW)
def show(context, request):
    return media_dict(request, context.media)


def forget_unattached(request):
    """Remove the caller's pictures that waited for a post longer than a day."""
    old = request.dbsession.scalars(
        select(Media).where(
            Media.user_id == request.user.id,
            Media.post_id.is_(None),
            Media.created < utcnow() - UNATTACHED_LIFETIME,
        )
    ).all()
    for media in old:
        request.dbsession.delete(media)
    delete_after_commit(request, [key for media in old for key in media.stored_keys()])
