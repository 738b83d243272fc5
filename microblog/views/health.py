"""``/healthz``: can this process serve? Asked by nginx, load balancers and monitors.

Each check is a small function ``request -> state`` that costs one round trip at most. Only
the database decides the status code (nothing works without it: 503); Redis and the search
index are reported, and make the answer "degraded" when they are down. So does mail that
waits in the outbox after a failed delivery (``mail``: ``backlog``, and ``mail_backlog``
says how many). States are words, never error messages: the page is public, the details go
to the log.
"""

import logging

from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config
from sqlalchemy import func, select, text

from ..models import OutboxMail, reading
from ..resources.root import Root
from ..services.interfaces import IQueue, ISearch

log = logging.getLogger(__name__)
OK, DOWN, NOT_CONFIGURED = "ok", "down", "not configured"
PATH = "/healthz"


def database_state(request):
    # the engine, not request.dbsession: a health check opens no transaction (and on SQLite
    # takes no write lock)
    with reading(request.registry["dbengine"]).connect() as connection:
        connection.execute(text("SELECT 1"))
    return OK


def queue_state(request):
    queue = optional_service(request, IQueue)
    if queue is None:
        return NOT_CONFIGURED
    return OK if queue.available else DOWN


def search_state(request):
    search = optional_service(request, ISearch)
    if search is None:
        return NOT_CONFIGURED
    return OK if search.available else DOWN


def mail_backlog(request):
    """How many mails wait in the outbox for another try (after a failed delivery)."""
    query = select(func.count()).select_from(OutboxMail).where(OutboxMail.attempts > 0)
    with request.registry["dbengine"].connect() as connection:
        return connection.scalar(query)


CHECKS = {"database": database_state, "redis": queue_state, "search": search_state}
BACKLOG = "backlog"


def optional_service(request, iface):
    """The service registered for ``iface``, or None when this app has none."""
    try:
        return request.find_service(iface)
    except (LookupError, ValueError):
        return None


def run_check(name, check, request):
    try:
        return check(request)
    except Exception:
        log.warning("health check %r failed", name, exc_info=True)
        return DOWN


@view_config(
    context=Root,
    name="healthz",
    request_method="GET",
    renderer="json",
    permission=NO_PERMISSION_REQUIRED,
)
def healthz(request):
    states = {name: run_check(name, check, request) for name, check in CHECKS.items()}
    backlog = run_check("mail", mail_backlog, request) if states["database"] == OK else DOWN
    states["mail"] = DOWN if backlog == DOWN else (BACKLOG if backlog else OK)
    if states["database"] != OK:
        status = "down"
        request.response.status_int = 503
    elif DOWN in states.values() or BACKLOG in states.values():
        status = "degraded"
    else:
        status = "ok"
    request.response.cache_control.no_store = True
    extra = {"mail_backlog": backlog} if backlog != DOWN else {}
    return {"status": status, **states, **extra}


def includeme(config):
    # the health check must not look up the signed-in user (a query) when the database is
    # down: pyramid_tm, which would, leaves it alone
    config.add_path_without_transaction(PATH)
