"""A test-only view that fails, included through ``pyramid.includes`` by the error tests."""
from pyramid.security import NO_PERMISSION_REQUIRED


class Boom(RuntimeError):
    """The failure the tests provoke."""


def boom(request):
    raise Boom("provoked by the tests")


def includeme(config):
    config.add_view(boom, name="boom", permission=NO_PERMISSION_REQUIRED)
