"""``/api/v2/media`` (and ``/api/v1/media``): uploading a picture for a status to come
(``media_ids`` of ``POST /api/v1/statuses``), reading it back and describing it, on the
site's own upload path (``views/api/media.accept_upload``)."""

from ...resources.mastodon import MediaContext, MediaUploads
from ...security import Permission
from ..api.media import accept_upload, described
from . import entities, mastodon_view, params, unprocessable


@mastodon_view(
    context=MediaUploads, request_method="POST", permission=Permission.POST, scope="write:media"
)
def upload(context, request):
    """200 with the attachment, or 202 while a worker still encodes it (its URLs null)."""
    media = accept_upload(request, unprocessable)
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
        context.media.description = described(values["description"], unprocessable)
    return entities.attachment(request, context.media)
