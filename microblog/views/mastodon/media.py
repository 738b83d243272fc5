"""``/api/v2/media`` (and ``/api/v1/media``): uploading a picture for a status to come
(``media_ids`` of ``POST /api/v1/statuses``), reading it back and describing it. The
site's own upload path (``media.uploads``) does the work: the same checks, encoding and
storage as the post form and ``/api/media``."""

import logging

from pyramid.httpexceptions import HTTPServiceUnavailable

from ...media.images import ImageRefused
from ...media.uploads import create_media, read_picture
from ...resources.mastodon import MediaContext, MediaUploads
from ...schemas.media import DESCRIPTION_MAX_LENGTH, has_file
from ...security import Permission
from ...services.interfaces import StorageUnavailable
from ...text import has_forbidden_characters
from ..api.media import MULTIPART_OVERHEAD, UNAVAILABLE, forget_unattached
from ..errors import client_error
from . import entities, mastodon_view, params, unprocessable

log = logging.getLogger(__name__)


def _description(request, values):
    description = " ".join(str(values.get("description") or "").split())
    if has_forbidden_characters(description):
        raise unprocessable("description holds control characters")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise unprocessable(f"description is longer than {DESCRIPTION_MAX_LENGTH} characters")
    return description


@mastodon_view(
    context=MediaUploads, request_method="POST", permission=Permission.POST, scope="write:media"
)
def upload(context, request):
    """200 with the attachment, or 202 while a worker still encodes it (its URLs null)."""
    max_bytes = request.registry.settings["microblog.media_max_bytes"]
    if (request.content_length or 0) > max_bytes + MULTIPART_OVERHEAD:
        raise unprocessable(f"file is larger than the limit of {max_bytes} bytes")
    upload = request.POST.get("file")
    if not has_file(upload):
        raise unprocessable("file is required (a multipart/form-data file)")
    description = _description(request, request.POST)
    try:
        picture = read_picture(upload, max_bytes, description)
    except ImageRefused as error:
        raise unprocessable(f"file: {request.localizer.translate(error.message)}") from None
    forget_unattached(request)
    try:
        media = create_media(request, request.user, picture)
    except StorageUnavailable as error:
        log.error("An uploaded picture was not stored: %s", error)
        request.tm.doom()
        raise client_error(HTTPServiceUnavailable, UNAVAILABLE) from None
    request.dbsession.flush()
    if not media.ready:
        request.response.status_int = 202
    return entities.attachment(request, media)


@mastodon_view(
    context=MediaContext, request_method="GET", permission=Permission.VIEW, scope="write:media"
)
def show(context, request):
    """206 while still being encoded, as Mastodon answers."""
    if not context.media.ready:
        request.response.status_int = 206
    return entities.attachment(request, context.media)


@mastodon_view(
    context=MediaContext, request_method="PUT", permission=Permission.EDIT, scope="write:media"
)
def describe(context, request):
    values = params(request)
    if "description" in values:
        context.media.description = _description(request, values)
    return entities.attachment(request, context.media)
