"""The JSON API (``/api``): tutorial chapter 23's users and tokens, then the rest of the app.

Its views sit on the contexts of ``resources/api.py`` and are declared with
:class:`api_view`. The session cookie never authenticates ``/api`` (see ``security``), so
no API view needs a CSRF token (``security.checks_csrf``); callers authenticate with a
bearer token instead (``security/credentials.py``).
"""

from pyramid.view import view_config


class api_view(view_config):
    """``view_config`` for the API: rendered as JSON unless the view returns a response."""

    def __init__(self, **settings):
        settings.setdefault("renderer", "json")
        super().__init__(**settings)
