"""One page of a list, fetched without counting the whole list."""

from urllib.parse import urlencode

from pyramid.httpexceptions import HTTPNotFound


def page_number(request, name="page"):
    raw = request.GET.get(name, "1")
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 10**9:
        raise HTTPNotFound()
    return int(raw)


class Page:
    """``per_page`` items of a select, plus whether there is a next page.

    One more row than shown is fetched: that says whether a next page exists without a
    ``COUNT`` over the whole list, which costs seconds on a large timeline.
    """

    def __init__(self, request, query, per_page=None):
        self.request = request
        self.number = page_number(request)
        self.per_page = per_page or request.registry.settings["microblog.posts_per_page"]
        offset = (self.number - 1) * self.per_page
        rows = (
            request.dbsession.scalars(query.limit(self.per_page + 1).offset(offset)).unique().all()
        )
        self.items = rows[: self.per_page]
        self.has_next = len(rows) > self.per_page
        self.has_prev = self.number > 1

    def url_for(self, number):
        params = [(k, v) for k, v in self.request.GET.items() if k != "page"]
        if number > 1:
            params.append(("page", str(number)))
        return self.request.path_url + ("?" + urlencode(params) if params else "")

    @property
    def next_url(self):
        return self.url_for(self.number + 1) if self.has_next else None

    @property
    def prev_url(self):
        return self.url_for(self.number - 1) if self.has_prev else None

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)
