"""``/api/search?q=``: posts matching words, best matches first, through ``ISearch``."""
from pyramid.httpexceptions import HTTPServiceUnavailable
from pyramid.view import view_config

from ...models import Post
from ...resources.api import ApiSearch
from ...security import Permission
from ...services.interfaces import ISearch
from ..errors import client_error
from .inputs import bad_request, page_parameters
from .representations import collection, post_dict

UNAVAILABLE = "Search is not available right now."


def search_service(request):
    try:
        search = request.find_service(ISearch)
    except LookupError:
        search = None
    if search is None or not search.available:
        raise client_error(HTTPServiceUnavailable, UNAVAILABLE)
    return search


@view_config(context=ApiSearch, request_method="GET", permission=Permission.VIEW,
             renderer="json", require_csrf=False)
def search(context, request):
    text = request.GET.get("q", "").strip()
    if not text:
        raise bad_request("q: This field is required.")
    page, per_page = page_parameters(request)
    ids, total = search_service(request).query(text, page, per_page)
    found = {post.id: post for post in
             request.dbsession.scalars(Post.newest_first(Post.id.in_(ids)))} if ids else {}
    # rank order; a post deleted since it was indexed is skipped
    items = [post_dict(request, found[id_]) for id_ in ids if id_ in found]
    return collection(request, items, total, page, per_page)
