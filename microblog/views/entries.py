"""Lists of posts as the reader sees them: each post with its reader's likes and reposts,
whom it answers and mentions (``models.entries``), in a fixed number of queries."""

from ..models.entries import annotate
from .pagination import Page, paginate, web_window
from .streams import home_stream, profile_stream


def entries(request, posts, **extra):
    """``[Entry]`` for ``posts`` as the signed-in user sees them (one query)."""
    viewer = request.user
    return annotate(request.dbsession, viewer.id if viewer else None, posts, **extra)


def with_entries(request, page, **extra):
    """``page`` (of posts) with its posts made entries."""
    page.items = entries(request, page.items, **extra)
    return page


def stream_page(request, stream):
    """A page of a stream (``streams``): its ``(post, reposter)`` pairs made entries."""
    page = paginate(request, stream, web_window(request))
    pairs = page.items
    page.items = entries(request, [post for post, _reposter in pairs])
    for entry, (_post, reposter) in zip(page.items, pairs, strict=True):
        entry.reposted_by = reposter
    return page


def home_page(request):
    return stream_page(request, home_stream(request.user))


def profile_page(request, user):
    return stream_page(request, profile_stream(user, request.user))


def list_page(request, items):
    """One numbered page of a list already in memory (all of it in ``items``)."""
    window = web_window(request, cursors=False)
    start = window.offset
    page = Page(request, window, items[start : start + window.per_page])
    page.has_next = len(items) > start + window.per_page
    page.has_prev = window.number > 1
    return page
