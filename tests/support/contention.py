"""A test-only page that reads, lets the test write meanwhile, then writes itself.

Included through ``pyramid.includes`` by the concurrency tests. ``GET /read-then-write``
loads the signed-in user, then (on its first attempt only) calls ``registry["between"]`` —
where the test commits a write of its own — and then changes the user, as a page that
refreshes ``last_seen`` does. Every attempt is recorded in ``registry["attempts"]``.
"""

from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from sqlalchemy import select

from microblog.models import User, utcnow


def read_then_write(request):
    attempt = request.environ.get("retry.attempt")
    request.registry["attempts"].append(attempt)
    user = request.dbsession.scalar(select(User).where(User.username == request.GET["user"]))
    if attempt == 0:
        request.registry["between"]()
    user.last_seen = utcnow()
    request.dbsession.flush()
    return Response(f"attempt {attempt}")


def includeme(config):
    config.registry["attempts"] = []
    config.registry["between"] = lambda: None
    config.add_view(read_then_write, name="read-then-write", permission=NO_PERMISSION_REQUIRED)
