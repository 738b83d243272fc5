"""``/notifications``: what changed for the signed-in user, for the page's poller."""

import math

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.view import view_config

from ..i18n import _
from ..models import Notification
from ..resources.root import Root
from ..security import Permission
from .errors import client_error


def parse_since(raw):
    """The ``since`` parameter as a finite Unix time, or None when it is not one."""
    try:
        since = float(raw)
    except ValueError:
        return None
    return since if math.isfinite(since) else None


@view_config(
    context=Root,
    name="notifications",
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
