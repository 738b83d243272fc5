"""``GET /media/{path}``: stored pictures of the ``local`` backend, cached for a year."""

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import FileResponse
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..media.storage import PUBLIC_CACHE_CONTROL, LocalStorage
from ..resources.media import MediaFiles
from ..services.interfaces import IMediaStorage


@view_config(
    context=MediaFiles, name="images", request_method="GET", permission=NO_PERMISSION_REQUIRED
)
@view_config(
    context=MediaFiles, name="avatars", request_method="GET", permission=NO_PERMISSION_REQUIRED
)
def media_file(context, request):
    storage = request.find_service(IMediaStorage)
    if not isinstance(storage, LocalStorage) or not request.subpath:
        raise HTTPNotFound()
    try:
        path = storage.path("/".join((request.view_name, *request.subpath)))
    except KeyError:
        raise HTTPNotFound() from None
    if path.suffix != ".webp" or not path.is_file():
        raise HTTPNotFound()
    response = FileResponse(str(path), request=request, content_type="image/webp")
    response.cache_control = PUBLIC_CACHE_CONTROL
    # a picture is only ever shown as one, never sniffed into a page or a script
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
