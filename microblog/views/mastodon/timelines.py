"""``/api/v1/timelines/home``, ``public`` and ``tag/{name}``, and ``/api/v1/favourites``:
the site's own lists, paged Mastodon's way."""

from ...resources.mastodon import Favourites, TagTimeline, Timelines
from ...security import Permission
from ..lists import all_posts
from ..post_lists import liked_by, tagged
from ..streams import home_stream
from . import mastodon_view, truthy
from .lists import liked_ids, post_statuses, stream_statuses, tagged_ids


@mastodon_view(
    context=Timelines,
    name="home",
    request_method="GET",
    permission=Permission.VIEW,
    scope="read:statuses",
)
def home(context, request):
    """The people the caller follows, their reposts, and the caller's own posts."""
    return stream_statuses(request, home_stream(request.user))


@mastodon_view(
    context=Timelines,
    name="public",
    request_method="GET",
    permission=Permission.VIEW,
    scope="read:statuses",
)
def public(context, request):
    """Every post of the site (all of it is local), newest first."""
    if truthy(request.GET.get("only_media", "")) or truthy(request.GET.get("remote", "")):
        return []
    return post_statuses(request, all_posts(request.user))


@mastodon_view(
    context=TagTimeline, request_method="GET", permission=Permission.VIEW, scope="read:statuses"
)
def tag(context, request):
    if context.tag is None:
        return []
    return post_statuses(request, tagged(context.tag, request.user), tagged_ids(context.tag))


@mastodon_view(
    context=Favourites,
    request_method="GET",
    permission=Permission.VIEW,
    scope="read:favourites",
)
def favourites(context, request):
    user = request.user
    return post_statuses(request, liked_by(user), liked_ids(user))
