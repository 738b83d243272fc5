"""One pagination for every list: web pages, search results and API collections.

A list has a fixed order on a unique key: posts and messages newest first on
``(timestamp, id)``, users by id (:class:`Keyset`). A page is asked for by number
(``?page=N``) or by cursor: a next link carries ``before=<the key of the page's last
item>`` and a previous link ``after=<the key of its first>``, so that following the links
down a list costs the same on page 2,000 as on page 1. A numbered page skips its rows on
the index alone, before the rows and their authors are joined. Totals, where a list has
one, come from the counts kept on the rows, never from a ``COUNT`` of the list.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from typing import Any
from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPNotFound
from sqlalchemy import DateTime, Integer, and_, bindparam, or_, select

from ..security.policy import know_blocked

MAX_PAGE = 10**9
BEFORE, AFTER = "before", "after"
MAX_CURSOR_LENGTH = 100
# a narrowed list (the timeline) looks at this many rows per author at most; deeper
# numbered pages sort the whole list instead, which then costs less
NARROW_ROWS = 500
# the ids a list leaves out, read before its page (``Listing.hidden``)
HIDDEN_IDS = bindparam("hidden_ids", type_=Integer, expanding=True)


class Keyset:
    """The order of a list: key columns, together unique, all descending or ascending."""

    def __init__(self, *columns, descending=True):
        self.columns = columns
        self.descending = descending

    def order_by(self, columns=None, reverse=False):
        descending = self.descending != reverse
        return [c.desc() if descending else c.asc() for c in columns or self.columns]

    def beyond(self, values, columns=None, reverse=False):
        """The rows that come after ``values`` in the list's order (before, if ``reverse``).

        ``a <= x AND (a < x OR b < y)`` rather than a row-value comparison: every database
        seeks the index on the first column with it, and checks the rest on the way.
        """
        descending = self.descending != reverse
        (column, *rest), (value, *more) = columns or self.columns, values
        past = column < value if descending else column > value
        if not rest:
            return past
        at_most = column <= value if descending else column >= value
        return and_(at_most, or_(past, self.beyond(more, rest, reverse)))

    def cursor(self, values):
        """The text of a cursor at the row whose key is ``values``."""
        return ",".join(v.isoformat() if isinstance(v, datetime) else str(v) for v in values)

    def parse(self, text):
        """The key of a cursor's text; ``ValueError`` when it is not one of this list."""
        parts = text.split(",")
        if len(parts) != len(self.columns) or len(text) > MAX_CURSOR_LENGTH:
            raise ValueError(text)
        values = []
        for column, part in zip(self.columns, parts, strict=True):
            if isinstance(column.type, DateTime):
                values.append(datetime.fromisoformat(part).replace(tzinfo=None))
            elif part.isascii() and part.isdigit() and len(part) < 19:
                values.append(int(part))
            else:
                raise ValueError(text)
        return tuple(values)


@dataclass(frozen=True)
class Hidden:
    """Whom a list leaves out: ``select`` gives ``(id, blocked)`` rows
    (``models.safety.kept_away``) for the user the parameter ``reader`` names."""

    select: Any
    reader: str


class Listing:
    """A kind of list, and how a page of it is loaded; :meth:`of` gives one list.

    ``criteria`` filter the key columns' table; ``load(keys)`` selects the rows to show,
    joined to ``keys`` (a subquery: one page of the key columns). Both may hold bound
    parameters (``bindparam("user_id")``) that :meth:`of` fills in: a page's statement is
    built once per shape of page and process, then only executed. ``narrow(keys, nth,
    cursor)`` may add a condition that keeps the first ``nth + 1`` rows of ``keys`` (past
    the ``cursor`` key, when given) and makes them cheaper to find: the timeline's.

    ``hidden`` (a :class:`Hidden`) says whom the list leaves out (blocked, muted,
    suspended), and ``hiding(ids)`` the criteria that leave them out. The ids are read
    first, in a query of their own: a deep page then skips its rows on the index alone
    (asking a subquery about every row skipped cost more than the rest of the page), and
    when nobody is hidden the criteria are left out of the statement. When the reader is
    the signed-in user, the request keeps whom a block stands between them and others.
    """

    def __init__(self, keyset, load, criteria=(), narrow=None, hidden=None, hiding=None):
        self.keyset, self.load, self.criteria, self.narrow = keyset, load, criteria, narrow
        self.hidden, self.hiding = hidden, hiding
        self.statements = {}

    def of(self, total=None, **params):
        """This kind of list for ``params``; ``total(session)`` counts it from the kept
        counts (``None``: the list shows no total)."""
        return Bound(self, params, total)

    def hidden_ids(self, request, params):
        """The ids this list leaves out for ``params`` (none when it hides nobody)."""
        if self.hidden is None:
            return []
        rows = request.dbsession.execute(self.hidden.select, params).all()
        user = request.user
        if user is not None and params.get(self.hidden.reader) == user.id:
            know_blocked(request, [user_id for user_id, blocked in rows if blocked])
        return sorted({user_id for user_id, _blocked in rows})

    def statement(self, cursor, reverse, narrow, hiding=False):
        shape = (cursor, reverse, narrow, hiding)
        statement = self.statements.get(shape)
        if statement is None:
            statement = self.statements[shape] = self._build(cursor, reverse, narrow, hiding)
        return statement

    def _build(self, cursor, reverse, narrow, hiding):
        keyset = self.keyset
        keys = select(*keyset.columns).where(*self.criteria)
        if hiding:
            keys = keys.where(*self.hiding(HIDDEN_IDS))
        at = None
        if cursor:
            at = tuple(
                bindparam(f"cursor_{n}", type_=column.type)
                for n, column in enumerate(keyset.columns)
            )
            keys = keys.where(keyset.beyond(at, reverse=reverse))
        if narrow:
            keys = self.narrow(keys, bindparam("nth", type_=Integer), at)
        keys = keys.order_by(*keyset.order_by(reverse=reverse))
        limit, offset = bindparam("limit", type_=Integer), bindparam("offset", type_=Integer)
        keys = keys.limit(limit).offset(offset).subquery()
        key_columns = list(keys.c)
        query = self.load(keys).add_columns(*key_columns)
        return query.order_by(*keyset.order_by(key_columns, reverse=reverse))


@dataclass
class Bound:
    """One list: a kind of list and the values of its parameters."""

    listing: Listing
    params: dict
    total: Callable | None = None


@dataclass
class Window:
    """What the request asks for: a page number, a size, maybe a cursor (its text, and
    ``reverse`` for an ``after`` cursor), and how links and refusals look."""

    number: int
    per_page: int
    cursor: str | None = None
    reverse: bool = False
    api: bool = False  # API links always say page and per_page
    refuse: Callable = HTTPNotFound  # the error for a parameter that makes no sense

    @property
    def offset(self):
        return 0 if self.cursor else (self.number - 1) * self.per_page


def web_window(request, per_page=None, cursors=True):
    """The window of a web list: ``?page=N`` (a 404 for anything but a page number) and
    the cursors, ``posts_per_page`` items."""
    per_page = per_page or request.registry.settings["microblog.posts_per_page"]
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < MAX_PAGE:
        raise HTTPNotFound()
    window = Window(int(raw), per_page)
    return _with_cursor(request, window) if cursors else window


def api_window(request, number, per_page, refuse):
    """The window of an API collection, whose ``page`` and ``per_page`` the API read;
    ``refuse(message)`` makes the error for a bad cursor."""
    return _with_cursor(request, Window(number, per_page, api=True, refuse=refuse))


def _with_cursor(request, window):
    before, after = request.GET.get(BEFORE), request.GET.get(AFTER)
    if before is not None and after is not None:
        raise window.refuse(f"{AFTER}: cannot be combined with {BEFORE}.")
    if before is not None or after is not None:
        window.cursor, window.reverse = (before, False) if before is not None else (after, True)
    return window


@dataclass
class Page:
    """One page of a list: its items, and links to its neighbours."""

    request: Any
    window: Window
    items: list
    count: Callable | None = None  # the total, asked only if shown (``total``)
    has_next: bool = False
    has_prev: bool = False
    first_key: str | None = None  # cursors at the first and last items
    last_key: str | None = None
    keys: list = field(default_factory=list)  # each item's key in the list (paginate's)

    @property
    def number(self):
        return self.window.number

    @property
    def per_page(self):
        return self.window.per_page

    @cached_property
    def total(self):
        """The list's number of items, or None when it has no total."""
        return None if self.count is None else self.count()

    @property
    def total_pages(self):
        return None if self.total is None else math.ceil(self.total / self.per_page)

    def url(self, number, cursor=None):
        api = self.window.api
        owned = ("page", "per_page", BEFORE, AFTER) if api else ("page", BEFORE, AFTER)
        params = [(k, v) for k, v in self.request.GET.items() if k not in owned]
        if number > 1 or api:
            params.append(("page", str(number)))
        if api:
            params.append(("per_page", str(self.per_page)))
        if cursor:
            params.append(cursor)
        # ":" and "," are allowed in a query: cursors stay readable in the address bar
        query = urlencode(params, safe=":,")
        return self.request.path_url + ("?" + query if query else "")

    @property
    def self_url(self):
        window = self.window
        cursor = ((AFTER if window.reverse else BEFORE), window.cursor) if window.cursor else None
        return self.url(self.number, cursor)

    @property
    def next_url(self):
        if not self.has_next:
            return None
        return self.url(self.number + 1, (BEFORE, self.last_key) if self.last_key else None)

    @property
    def prev_url(self):
        if not self.has_prev:
            return None
        number = max(self.number - 1, 1)
        # the first page is the top of the list, whatever was added since
        cursor = (AFTER, self.first_key) if self.first_key and number > 1 else None
        return self.url(number, cursor)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def paginate(request, listing, window):
    """The page of ``listing`` (a :class:`Bound` list) that ``window`` asks for: one query
    (and one for the total, where the list has one and the page shows it)."""
    kind, n = listing.listing, window.per_page + 1
    keyset = kind.keyset
    # the rows up to the end of the page, for narrow()
    upto = window.offset + n
    params = {**listing.params, "limit": n, "offset": window.offset, "nth": upto - 1}
    if window.cursor is not None:
        try:
            cursor = keyset.parse(window.cursor)
        except ValueError:
            name = AFTER if window.reverse else BEFORE
            raise window.refuse(f"{name}: not a position in this list.") from None
        params.update((f"cursor_{i}", value) for i, value in enumerate(cursor))
    narrow = kind.narrow is not None and upto <= NARROW_ROWS and not window.reverse
    params["hidden_ids"] = hidden = kind.hidden_ids(request, listing.params)
    query = kind.statement(window.cursor is not None, window.reverse, narrow, bool(hidden))
    rows = request.dbsession.execute(query, params).all()
    more = len(rows) > window.per_page
    rows = rows[: window.per_page]
    if window.reverse:
        rows.reverse()
    width = len(rows[0]) - len(keyset.columns) if rows else 0
    page = Page(request, window, [row[0] if width == 1 else row[:width] for row in rows])
    page.keys = [tuple(row[width:]) for row in rows]
    if window.reverse:
        page.has_next, page.has_prev = True, more
    else:
        page.has_next, page.has_prev = more, window.cursor is not None or window.number > 1
    if rows:
        page.first_key = keyset.cursor(rows[0][width:])
        page.last_key = keyset.cursor(rows[-1][width:])
    if listing.total is not None:
        page.count = partial(listing.total, request.dbsession)
    return page


def results_page(request, window, items, total):
    """A page of items found elsewhere (a search backend), numbered, with their total."""
    page = Page(request, window, list(items), count=lambda: total)
    page.has_next = total > window.number * window.per_page
    page.has_prev = window.number > 1
    return page
