"""A test-only view that fails, included through ``pyramid.includes`` by the error tests."""

from pyramid.security import NO_PERMISSION_REQUIRED

from microblog.models import User


class Boom(RuntimeError):
    """The failure the tests provoke."""


def boom(request):
    raise Boom("provoked by the tests")


def write_then_boom(request):
    """Writes a user, then fails: the transaction must be rolled back."""
    request.dbsession.add(User(username="half-written", email="half@example.com"))
    request.dbsession.flush()
    raise Boom("provoked after a write")


def includeme(config):
    config.add_view(boom, name="boom", permission=NO_PERMISSION_REQUIRED)
    config.add_view(
        write_then_boom,
        name="write-then-boom",
        request_method="POST",
        require_csrf=False,
        permission=NO_PERMISSION_REQUIRED,
    )
