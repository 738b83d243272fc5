"""From an upload to stored files and a :class:`~microblog.models.Media` row.

Files are written while the request's transaction is still open, and deleted again if it
does not commit (a rollback, a failed commit, a doomed transaction): a post never points
at a missing file, and a refused post leaves nothing behind. Deleting works the other way
round: files go only once the deletion has committed (see :mod:`microblog.media`).
"""

import logging
import secrets
from dataclasses import dataclass

from ..i18n import _
from ..models import Media
from ..models.media import PROCESSING, READY
from ..services.interfaces import IMediaStorage, IQueue
from ..services.queue import QueueUnavailable
from .images import DISPLAY_SIZE, PREVIEW_SIZE, ImageRefused, Inspected, encode, fit, inspect

log = logging.getLogger(__name__)

WEBP = "image/webp"
TOO_BIG = _("This file is larger than the limit of ${max} MB.")


@dataclass
class Picture:
    """An upload that decoded completely, with its description (alt text)."""

    data: bytes
    inspected: Inspected
    description: str = ""


def read_upload(upload, max_bytes):
    """The bytes of an uploaded file (a ``FieldStorage``, a file or bytes), refusing with
    :class:`ImageRefused` a file over ``max_bytes``; nothing more than that is read."""
    if isinstance(upload, bytes):
        data = upload
    else:
        handle = getattr(upload, "file", upload)
        handle.seek(0)  # from its start, however often the request is tried
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        megabytes = f"{max_bytes / 2**20:.3g}"  # MEDIA_MAX_BYTES's 10 MB are 10 x 2**20
        raise ImageRefused(_(TOO_BIG, mapping={"max": megabytes}))
    return data


def read_picture(upload, max_bytes, description=""):
    """A :class:`Picture` from an upload, decoded in full; :class:`ImageRefused` if not."""
    data = read_upload(upload, max_bytes)
    return Picture(data, inspect(data), description)


def new_key(prefix):
    """A new, unguessable storage key: ``prefix/ab/ab12...`` (32 hexadecimal digits)."""
    token = secrets.token_hex(16)
    return f"{prefix}/{token[:2]}/{token}"


def store_before_commit(request, files):
    """Write ``files`` (``(key, bytes, content type)``) now; remove them again if the
    request's transaction does not commit."""
    storage = request.find_service(IMediaStorage)
    written = []

    def discard(*_args):
        if written:
            log.info("Transaction not committed: removing %d stored files", len(written))
            storage.delete(written)

    transaction = request.tm.get()
    transaction.addAfterCommitHook(lambda committed: committed or discard())
    transaction.addAfterAbortHook(discard)
    for key, data, content_type in files:
        storage.put(key, data, content_type)
        written.append(key)


def delete_after_commit(request, keys):
    """Remove the stored ``keys`` once the request's transaction has committed."""
    keys = list(keys)
    if not keys:
        return
    storage = request.find_service(IMediaStorage)
    request.tm.get().addAfterCommitHook(lambda committed: committed and storage.delete(keys))


def store_encoded(request, media, encoded):
    """Store the display size and the preview of ``media``, and note their sizes."""
    media.width, media.height = encoded.width, encoded.height
    media.preview_width, media.preview_height = encoded.preview_width, encoded.preview_height
    media.size = len(encoded.display)
    store_before_commit(
        request,
        [(media.display_key, encoded.display, WEBP), (media.preview_key, encoded.preview, WEBP)],
    )
    media.state = READY


def create_media(request, user, picture, position=0, post_id=None):
    """A new :class:`Media` of ``user``'s (added to the session) from ``picture``, on the
    post ``post_id`` if given.

    Small pictures are encoded here and now; larger ones (more pixels, all frames counted,
    than ``microblog.media_inline_pixels``) are left to a worker, which the row's state
    says (``processing``), unless the queue is down. The row knows its display size
    either way.
    """
    inspected = picture.inspected
    width, height = fit(inspected.width, inspected.height, DISPLAY_SIZE)
    preview_width, preview_height = fit(inspected.width, inspected.height, PREVIEW_SIZE)
    media = Media(
        user_id=user.id,
        post_id=post_id,
        key=new_key("images"),
        description=picture.description,
        position=position,
        width=width,
        height=height,
        preview_width=preview_width,
        preview_height=preview_height,
        size=0,
        state=PROCESSING,
    )
    request.dbsession.add(media)
    limit = request.registry.settings["microblog.media_inline_pixels"]
    queue = _queue_for_large(request) if inspected.pixels * inspected.frames > limit else None
    if queue is None:
        store_encoded(request, media, encode(picture.data))
        return media
    store_before_commit(request, [(media.upload_key, picture.data, "application/octet-stream")])
    request.dbsession.flush()  # the job needs the id
    queue.enqueue("microblog.media.jobs.encode_upload", media.id, media.upload_key)
    return media


def _queue_for_large(request):
    queue = request.find_service(IQueue)
    try:
        queue.check()
    except QueueUnavailable as error:
        log.warning("No worker for a large picture (%s): encoding it in the request", error)
        return None
    return queue


def attach(request, post, pictures):
    """Store ``pictures`` as the images of ``post`` (a new post of the signed-in user,
    flushed: ``models.conversation.publish``)."""
    for position, picture in enumerate(pictures):
        create_media(request, post.author, picture, position, post_id=post.id)


def media_url(request, key):
    """The public URL of a stored file (``request.media_url``)."""
    return request.find_service(IMediaStorage).url(request, key)
