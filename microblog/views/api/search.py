"""``/api/search?q=``: posts matching words, best matches first (``search_posts``)."""

from pyramid.httpexceptions import HTTPServiceUnavailable
from pyramid.view import view_config

from ...resources.api import ApiSearch
from ...security import Permission
from ...services.search import SearchUnavailable, search_posts
from ..errors import client_error
from .inputs import bad_request, page_parameters
from .representations import collection, post_list

UNAVAILABLE = "Search is not available right now."


@view_config(
    context=ApiSearch,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def search(context, request):
    try:
        text = request.GET.get("q", "").strip()
    except UnicodeDecodeError:
        raise bad_request("q: The query string is not valid UTF-8.") from None
    if not text:
        raise bad_request("q: This field is required.")
    page, per_page = page_parameters(request)
    try:
        # the same results as the web page: rank order, authors loaded, query text cleaned
        posts, total = search_posts(request, text, page, per_page)
    except (SearchUnavailable, LookupError):
        raise client_error(HTTPServiceUnavailable, UNAVAILABLE) from None
    items = post_list(request, posts)
    return collection(request, items, total, page, per_page)
