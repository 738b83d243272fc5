"""``/api/search?q=``: posts matching words, best matches first (``search_posts``)."""

from pyramid.httpexceptions import HTTPServiceUnavailable

from ...resources.api import ApiSearch
from ...security import Permission
from ...services.search import SearchUnavailable, search_posts
from ..errors import client_error
from . import api_view
from .inputs import bad_request, page_parameters
from .representations import collection, post_list

UNAVAILABLE = "Search is not available right now."


@api_view(context=ApiSearch, request_method="GET", permission=Permission.VIEW)
def search(context, request):
    text = request.GET.get("q", "").strip()
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
