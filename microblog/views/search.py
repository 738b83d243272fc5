"""``/search?q=...``: the posts matching some words, best first."""

from pyramid.view import view_config

from ..i18n import _
from ..resources.root import Root
from ..security import Permission
from ..services.search import SearchUnavailable, search_posts
from .entries import with_entries
from .pagination import results_page, web_window


@view_config(
    context=Root,
    name="search",
    renderer="microblog:templates/search/results.jinja2",
    permission=Permission.VIEW,
    request_method="GET",
)
def search(context, request):
    text = request.GET.get("q", "").strip()
    values = {"title": _("Search"), "search_query": text}
    if not text:
        # say what the box is for rather than land somewhere else
        return {**values, "page": None, "unavailable": False}
    try:
        # results come in rank order from the search backend: numbered pages only
        window = web_window(request, cursors=False)
        posts, total = search_posts(request, text, window.number, window.per_page)
        page = with_entries(request, results_page(request, window, posts, total))
        return {**values, "page": page, "unavailable": False}
    except SearchUnavailable:
        request.response.status_int = 503
        return {**values, "page": None, "unavailable": True}
