"""The worker's part: encoding the pictures too large to encode in a request."""

import logging

from ..models import Media
from ..models.media import FAILED
from ..services.interfaces import IMediaStorage
from ..tasks import app_job
from .images import ImageRefused, encode
from .uploads import delete_after_commit, store_encoded

log = logging.getLogger(__name__)


@app_job
def encode_upload(request, media_id, upload_key):
    """Encode the upload waiting under ``upload_key`` for ``media_id``, then drop it. A
    picture whose post was deleted meanwhile only has its upload removed."""
    storage = request.find_service(IMediaStorage)
    media = request.dbsession.get(Media, media_id)
    delete_after_commit(request, [upload_key])
    if media is None:
        return None
    try:
        store_encoded(request, media, encode(storage.get(upload_key)))
    except (ImageRefused, KeyError) as error:
        log.error("Picture %s could not be encoded: %r", media_id, error)
        media.state = FAILED
    return media.state
