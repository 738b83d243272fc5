"""``/api/search?q=``: posts matching words, best matches first (``search_posts``)."""

from pyramid.httpexceptions import HTTPServiceUnavailable

from ...resources.api import ApiSearch
from ...security import Permission
from ...services.search import SearchUnavailable, search_posts
from ..errors import client_error
from ..pagination import results_page
from . import api_view
from .inputs import bad_request
from .representations import collection, post_list, window

UNAVAILABLE = "Search is not available right now."


@api_view(context=ApiSearch, request_method="GET", permission=Permission.VIEW)
def search(context, request):
    text = request.GET.get("q", "").strip()
    if not text:
        raise bad_request("q: This field is required.")
    asked = window(request)
    try:
        # the same results as the web page: rank order, authors loaded, query text cleaned
        posts, total = search_posts(request, text, asked.number, asked.per_page)
    except (SearchUnavailable, LookupError):
        raise client_error(HTTPServiceUnavailable, UNAVAILABLE) from None
    return collection(results_page(request, asked, posts, total), None, render_all=post_list)
