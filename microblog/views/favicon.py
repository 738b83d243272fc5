"""``/favicon.ico``, which browsers and feed readers ask for whatever the page says."""

from pyramid.httpexceptions import HTTPMovedPermanently
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..resources.root import Root


@view_config(
    context=Root,
    name="favicon.ico",
    permission=NO_PERMISSION_REQUIRED,
    request_method=("GET", "HEAD"),
)
def favicon(context, request):
    return HTTPMovedPermanently(request.static_url("microblog:static/favicon.svg"))
