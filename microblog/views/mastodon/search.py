"""``/api/v2/search``: accounts, statuses (the site's search service) and hashtags."""

from pyramid.httpexceptions import HTTPServiceUnavailable
from sqlalchemy import select

from ...models import Tag
from ...resources.mastodon import Search
from ...security import Permission
from ...services.search import SearchUnavailable, search_posts
from ..errors import client_error
from . import entities, mastodon_view
from .accounts import find_accounts
from .paging import limit

TYPES = ("accounts", "statuses", "hashtags")


def _offset(request):
    raw = request.GET.get("offset", "0")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 0


@mastodon_view(
    context=Search, request_method="GET", permission=Permission.VIEW, scope="read:search"
)
def search(context, request):
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("type")
    size, offset = limit(request), _offset(request)
    found = {name: [] for name in TYPES}
    if not text or len(text) > 200:
        return found
    if kind in (None, "accounts") and offset == 0:
        found["accounts"] = [entities.account(request, u) for u in find_accounts(request, text)]
    if kind in (None, "hashtags") and offset == 0:
        name = text.lstrip("#").lower()
        tags = request.dbsession.scalars(
            select(Tag)
            .where(Tag.name.startswith(name, autoescape=True))
            .order_by(Tag.post_count.desc())
            .limit(size)
        )
        found["hashtags"] = [entities.tag(request, t.name, history=True) for t in tags]
    if kind in (None, "statuses"):
        try:
            posts, _total = search_posts(request, text, offset // size + 1, size)
        except (SearchUnavailable, LookupError):
            raise client_error(
                HTTPServiceUnavailable, "Search is not available right now"
            ) from None
        found["statuses"] = entities.statuses(request, list(posts))
    return found
