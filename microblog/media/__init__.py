"""Pictures: images on posts and uploaded avatars, in a folder or an S3 bucket.

An upload is decoded and re-encoded (``images``), stored through ``IMediaStorage``
(``storage``, chosen by ``MEDIA_BACKEND``) while the transaction is open and removed if it
does not commit (``uploads``); large ones are encoded by a worker (``jobs``). When a post
or an account is deleted, its files are removed once that deletion has committed (below).
"""

import logging

from pyramid.events import NewRequest
from pyramid_retry import is_error_retryable
from sqlalchemy import event, or_, select

from ..i18n import _
from ..models import Media, Post, User
from ..models.media import DOOMED_FILES, discard_files
from ..services.interfaces import IMediaStorage
from .avatars import avatar_keys
from .storage import storage_from_settings
from .uploads import media_url

log = logging.getLogger(__name__)


def remove_files_of_deleted_rows(session_factory, storage):
    """Deleting a post or a user (through the ORM) removes their stored files, once the
    deletion commits. The rows themselves go by the database's cascades."""

    @event.listens_for(session_factory, "before_flush")
    def note_files(session, _flush_context, _instances):
        posts = [row.id for row in session.deleted if isinstance(row, Post)]
        users = [row for row in session.deleted if isinstance(row, User)]
        if not posts and not users:
            return
        criteria = []
        if posts:
            criteria.append(Media.post_id.in_(posts))
        if users:
            criteria.append(Media.user_id.in_([user.id for user in users]))
        with session.no_autoflush:
            rows = session.scalars(select(Media).where(or_(*criteria))).all()
        keys = [key for media in rows for key in media.stored_keys()]
        keys += [key for user in users for key in avatar_keys(user.avatar_key)]
        discard_files(session, keys)

    @event.listens_for(session_factory, "after_commit")
    def remove_files(session):
        keys = session.info.pop(DOOMED_FILES, None)
        if keys:
            try:
                storage.delete(keys)
            except Exception:
                log.exception("Could not remove %d files of deleted rows", len(keys))

    @event.listens_for(session_factory, "after_rollback")
    def keep_files(session):
        session.info.pop(DOOMED_FILES, None)


def close_uploads(request):
    """Close the temporary files of a multipart request (its uploads, and the copy of its
    body that pyramid_retry keeps to replay it) once it is answered, so that they go now,
    not whenever the garbage collector gets to them; unless the request will be tried
    again, which reads them anew."""
    if request.exception is not None and is_error_retryable(request, request.exception):
        return
    parsed = request.environ.get("webob._parsed_post_vars")
    for value in parsed[0].values() if parsed else ():
        handle = getattr(value, "file", None)
        if handle is not None:
            handle.close()
    if request.environ.get("webob.is_body_seekable"):
        request.environ["wsgi.input"].close()


def on_new_request(event):
    if event.request.content_type == "multipart/form-data":
        event.request.add_finished_callback(close_uploads)


def includeme(config):
    config.add_subscriber(on_new_request, NewRequest)
    storage = storage_from_settings(config.registry.settings)
    config.register_service(storage, IMediaStorage)
    config.add_request_method(media_url, "media_url")
    remove_files_of_deleted_rows(config.registry["dbsession_factory"], storage)
    config.add_js_messages(
        picture_preview=_("The picture you chose"),
        lightbox=_("Picture"),
        lightbox_close=_("Close"),
        lightbox_previous=_("Previous picture"),
        lightbox_next=_("Next picture"),
        lightbox_counter=_("${number} of ${total}"),
    )
