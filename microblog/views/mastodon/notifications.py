"""``/api/v1/notifications``: what happened that concerns the caller."""

from pyramid.httpexceptions import HTTPNotFound

from ...models import Activity
from ...models.activity import forget
from ...resources.mastodon import NotificationContext, Notifications
from ...security import Permission
from ..post_lists import notifications_of
from . import entities, listed, mastodon_view
from .lists import NOTIFICATIONS
from .paging import page_of


@mastodon_view(
    context=Notifications,
    request_method="GET",
    permission=Permission.VIEW,
    scope="read:notifications",
)
def notifications(context, request):
    """Newest first; ``types[]`` and ``exclude_types[]`` filter the page (the Link
    header still follows the whole list)."""
    activities, _keys = page_of(request, notifications_of(request.user), NOTIFICATIONS)
    shown = entities.notifications(request, activities)
    wanted, unwanted = set(listed(request, "types")), set(listed(request, "exclude_types"))
    return [n for n in shown if (not wanted or n["type"] in wanted) and n["type"] not in unwanted]


@mastodon_view(
    context=Notifications,
    name="clear",
    request_method="POST",
    permission=Permission.VIEW,
    scope="write:notifications",
)
def clear(context, request):
    forget(request.dbsession, Activity.user_id == request.user.id)
    return {}


@mastodon_view(
    context=NotificationContext,
    request_method="GET",
    permission=Permission.VIEW,
    scope="read:notifications",
)
def notification(context, request):
    shown = entities.notifications(request, [context.activity])
    if not shown:
        raise HTTPNotFound()
    return shown[0]


@mastodon_view(
    context=NotificationContext,
    name="dismiss",
    request_method="POST",
    permission=Permission.VIEW,
    scope="write:notifications",
)
def dismiss(context, request):
    forget(request.dbsession, Activity.id == context.activity.id)
    return {}
