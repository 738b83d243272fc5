"""The generated avatars, served with a year of caching (their URLs carry a version)."""

from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..avatars import generated_svg
from ..resources.avatars import AvatarContext
from ..static import ONE_YEAR


@view_config(
    context=AvatarContext, permission=NO_PERMISSION_REQUIRED, request_method=("GET", "HEAD")
)
def generated_avatar(context, request):
    body = generated_svg(context.user_id)
    response = Response(body=body, content_type="image/svg+xml", charset=None)
    response.cache_control = f"public, max-age={ONE_YEAR}, immutable"
    response.md5_etag()
    response.conditional_response = True
    return response
