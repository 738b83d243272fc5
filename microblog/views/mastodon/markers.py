"""``/api/v1/markers``: where the caller stopped reading ``home`` and ``notifications``."""

from sqlalchemy import select

from ...models import Marker, isoformat, utcnow
from ...resources.mastodon import Markers
from ...security import Permission
from . import listed, mastodon_view, params, unprocessable

TIMELINES = ("home", "notifications")


def shown(marker):
    return {
        "last_read_id": marker.last_read_id,
        "version": marker.version,
        "updated_at": isoformat(marker.updated_at),
    }


@mastodon_view(
    context=Markers, request_method="GET", permission=Permission.VIEW, scope="read:statuses"
)
def markers(context, request):
    wanted = [t for t in listed(request, "timeline") if t in TIMELINES] or list(TIMELINES)
    found = request.dbsession.scalars(
        select(Marker).where(Marker.user_id == request.user.id, Marker.timeline.in_(wanted))
    )
    return {marker.timeline: shown(marker) for marker in found}


@mastodon_view(
    context=Markers, request_method="POST", permission=Permission.VIEW, scope="write:statuses"
)
def save_markers(context, request):
    """``home[last_read_id]=...`` (a form) or ``{"home": {"last_read_id": ...}}``."""
    values, session, user = params(request), request.dbsession, request.user
    saved = {}
    for timeline in TIMELINES:
        given = values.get(f"{timeline}[last_read_id]")
        if given is None and isinstance(values.get(timeline), dict):
            given = values[timeline].get("last_read_id")
        if given is None:
            continue
        given = str(given)
        if not given or len(given) > 40:
            raise unprocessable(f"{timeline}: last_read_id is not an id")
        marker = session.get(Marker, (user.id, timeline))
        if marker is None:
            marker = Marker(user_id=user.id, timeline=timeline, version=0)
            session.add(marker)
        marker.last_read_id, marker.updated_at = given, utcnow()
        marker.version = (marker.version or 0) + 1
        session.flush()
        saved[timeline] = shown(marker)
    return saved
