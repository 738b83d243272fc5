"""Lists of posts as the reader sees them: each post with its reader's likes and reposts,
whom it answers and mentions (``models.entries``), in a fixed number of queries."""

from ..models.entries import annotate
from ..models.streams import page_of
from .pagination import Page, page_number


def entries(request, posts, **extra):
    """``[Entry]`` for ``posts`` as the signed-in user sees them (one query)."""
    viewer = request.user
    return annotate(request.dbsession, viewer.id if viewer else None, posts, **extra)


def with_entries(request, page, **extra):
    """``page`` with its posts made entries."""
    page.items = entries(request, page.items, **extra)
    return page


class ListPage(Page):
    """One page of a list already in memory (``items``: all of it), linked like the others."""

    def __init__(self, request, items, per_page=None):
        self.request = request
        self.number = page_number(request)
        self.per_page = per_page or request.registry.settings["microblog.posts_per_page"]
        start = (self.number - 1) * self.per_page
        self.items = items[start : start + self.per_page]
        self.has_next = len(items) > start + self.per_page
        self.has_prev = self.number > 1


class StreamPage(Page):
    """One page of a timeline or profile (``models.streams``): posts and reposts."""

    def __init__(self, request, rows, per_page=None):
        self.request = request
        self.number = page_number(request)
        self.per_page = per_page or request.registry.settings["microblog.posts_per_page"]
        offset = (self.number - 1) * self.per_page
        found = request.dbsession.execute(page_of(rows, offset, self.per_page + 1)).all()
        found = found[: self.per_page + 1]
        self.has_next = len(found) > self.per_page
        self.has_prev = self.number > 1
        pairs = found[: self.per_page]
        viewer = request.user
        self.items = annotate(
            request.dbsession, viewer.id if viewer else None, [post for post, _ in pairs]
        )
        for entry, (_post, reposter) in zip(self.items, pairs, strict=True):
            entry.reposted_by = reposter
