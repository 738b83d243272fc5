"""``/search?q=...``: the posts matching some words, best first."""

from pyramid.view import view_config

from ..i18n import _
from ..resources.root import Root
from ..security import Permission
from ..services.search import SearchUnavailable, search_posts
from .pagination import Page, page_number


class ResultsPage(Page):
    """One page of search results, shown and linked like every other list of posts."""

    def __init__(self, request, text, per_page=None):
        self.request = request
        self.number = page_number(request)
        self.per_page = per_page or request.registry.settings["microblog.posts_per_page"]
        self.items, self.total = search_posts(request, text, self.number, self.per_page)
        self.has_next = self.total > self.number * self.per_page
        self.has_prev = self.number > 1


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
        return {**values, "page": ResultsPage(request, text), "unavailable": False}
    except SearchUnavailable:
        request.response.status_int = 503
        return {**values, "page": None, "unavailable": True}
