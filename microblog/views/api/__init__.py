"""The JSON API (``/api``): tutorial chapter 23's users and tokens, then the rest of the app.

Its views sit on the contexts of ``resources/api.py`` and use the ``json`` renderer. The
session cookie never authenticates ``/api`` (see ``security.SecurityPolicy``), so no API view
needs a CSRF token; callers authenticate with a bearer token instead (``auth.py``).
"""


def includeme(config):
    config.include(".auth")
