"""``/notifications``: what changed for the signed-in user, for the page's poller; and
``/notifications/all``, the page of everything that concerns them."""

import math

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config

from ..i18n import _
from ..models import Notification
from ..models.activity import grouped
from ..resources.notifications import Notifications
from ..security import Permission
from .errors import client_error
from .pagination import Page, web_window


def parse_since(raw):
    """The ``since`` parameter as a finite Unix time, or None when it is not one."""
    try:
        since = float(raw)
    except ValueError:
        return None
    return since if math.isfinite(since) else None


@view_config(
    context=Notifications,
    renderer="json",
    permission=Permission.VIEW,
    request_method="GET",
)
def notifications(context, request):
    """``[{"name", "data", "timestamp"}]`` newer than ``?since=`` (a Unix time), oldest first."""
    response = request.response
    response.cache_control.no_store = True
    since = parse_since(request.GET.get("since", "0").strip())
    if since is None:
        raise client_error(
            HTTPBadRequest, _("The since parameter must be a Unix time, such as 1700000000.5.")
        )
    rows = request.dbsession.scalars(Notification.for_user_since(request.user.id, since))
    return [notification.as_dict() for notification in rows]


def groups_page(request, user):
    """One numbered page of the notifications page's groups (``models.activity.grouped``:
    groups have no key of their own for a cursor)."""
    window = web_window(request, cursors=False)
    groups = grouped(request.dbsession, user.id, window.offset, window.per_page + 1)
    page = Page(request, window, groups[: window.per_page])
    page.has_next = len(groups) > window.per_page
    page.has_prev = window.number > 1
    return page


@view_config(
    context=Notifications,
    name="all",
    renderer="microblog:templates/notifications/all.jinja2",
    permission=Permission.VIEW,
    request_method="GET",
)
def all_notifications(context, request):
    """Follows, replies, mentions, likes and reposts, grouped; opening it reads them all."""
    user = request.user
    previously_read = user.last_notification_read_time
    page = groups_page(request, user)
    user.mark_notifications_read()
    return {"title": _("Notifications"), "page": page, "previously_read": previously_read}
