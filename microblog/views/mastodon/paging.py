"""Mastodon's pagination over the site's keyset lists (``views/pagination.py``).

Clients page with ids: ``max_id`` (older than), ``since_id`` (newer than, the newest
first), ``min_id`` (newer than, the oldest first), ``limit``; the ``Link`` header holds
the next (``max_id``) and previous (``min_id``) pages. An id is turned into the list's
key (a post's time and id, a reblog's time...), so each page is one seek on the list's
index, as on the site.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPBadRequest

from ..errors import client_error
from ..pagination import Window, paginate

MAX_ID, SINCE_ID, MIN_ID = "max_id", "since_id", "min_id"


@dataclass
class Ids:
    """How a list's items and ids relate: ``id_of(item)`` is the item's Mastodon id;
    ``key(session, id)`` finds an id's key in the list (``None`` for an id the list
    cannot place)."""

    id_of: Callable
    key: Callable


def limit(request, default=20, maximum=40):
    raw = request.GET.get("limit")
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        raise client_error(HTTPBadRequest, "limit: must be a positive integer")
    return max(1, min(int(raw), maximum))


def page_of(request, listing, ids, default=20, maximum=40):
    """``(items, keys)``: the items of ``listing`` (a bound list) the request asks for and
    their keys in it, with a ``Link`` header for their neighbours."""
    size = limit(request, default, maximum)
    keyset, session = listing.listing.keyset, request.dbsession
    bounds = {}
    for name in (MAX_ID, SINCE_ID, MIN_ID):
        raw = request.GET.get(name)
        if raw:
            key = ids.key(session, raw) if len(raw) <= 40 else None
            if key is None:
                # an id this list cannot place (a deleted status): nothing on that side
                return [], []
            bounds[name] = key
    window = Window(1, size, api=True, refuse=lambda m: client_error(HTTPBadRequest, m))
    if MIN_ID in bounds and MAX_ID not in bounds:
        window.cursor, window.reverse = keyset.cursor(bounds[MIN_ID]), True
    elif MAX_ID in bounds:
        window.cursor = keyset.cursor(bounds[MAX_ID])
    page = paginate(request, listing, window)
    items, keys = page.items, page.keys
    newer = bounds.get(SINCE_ID, bounds.get(MIN_ID) if MAX_ID in bounds else None)
    if newer is not None:
        above = _newer_than(keyset, newer)
        kept = [(item, key) for item, key in zip(items, keys, strict=True) if above(key)]
        items, keys = [item for item, _ in kept], [key for _, key in kept]
    link(request, items, ids)
    return items, keys


def _newer_than(keyset, bound):
    """``key -> bool``: whether a key comes before ``bound`` in the list's order."""

    def above(key):
        return key > bound if keyset.descending else key < bound

    return above


def link(request, items, ids):
    """The ``Link`` header of a page of ``items``: older ones, and newer ones."""
    if not items:
        return
    url = request.path_url
    kept = [(k, v) for k, v in request.GET.items() if k not in (MAX_ID, SINCE_ID, MIN_ID)]

    def address(name, value):
        return url + "?" + urlencode([*kept, (name, value)])

    request.response.headers["Link"] = ", ".join(
        (
            f'<{address(MAX_ID, ids.id_of(items[-1]))}>; rel="next"',
            f'<{address(MIN_ID, ids.id_of(items[0]))}>; rel="prev"',
        )
    )
