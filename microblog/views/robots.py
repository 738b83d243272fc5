"""``/robots.txt``: crawlers ask for it before anything else, signed in or not."""

from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..resources.root import Root

ONE_DAY = 24 * 3600
# the pages are for everyone to find; the API and the translation endpoint are not pages
ROBOTS = "User-agent: *\nDisallow: /api/\nDisallow: /translate\n"


@view_config(
    context=Root,
    name="robots.txt",
    permission=NO_PERMISSION_REQUIRED,
    request_method=("GET", "HEAD"),
)
def robots(context, request):
    response = Response(ROBOTS, content_type="text/plain", charset="utf-8")
    response.cache_control.public = True
    response.cache_control.max_age = ONE_DAY
    return response
