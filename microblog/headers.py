"""The security headers of every answer: pages, JSON, files and errors alike.

- A Content-Security-Policy: scripts, styles and frames from this site only. The pages hold
  no inline script, event handler or ``style`` attribute, so the policy needs no
  ``'unsafe-inline'``; ``data:`` images are Bootstrap's own (checkbox ticks, the menu icon)
  and the avatar stand-in; ``blob:`` ones are the pictures chosen in the post form, shown
  before they are sent. With ``AVATARS=gravatar`` the avatars' host is allowed, and so is
  the pictures' host when they are not served by the app (``MEDIA_PUBLIC_URL``, S3).
- No framing by any other site (``frame-ancestors 'none'``, and ``X-Frame-Options`` for
  browsers that predate it): the follow button cannot be clickjacked.
- ``nosniff``: a text answer is never run as a script or a style.
- No address of this site in the ``Referer`` other sites receive (a reset link's token).

They are set on Pyramid's ``NewResponse`` event, which every answer passes, the ones made
before any view (an address refused at the door, ``microblog.ingress``) included. nginx adds
the same ones to the static files it serves itself (``deploy/nginx/microblog.conf``).
"""

from pyramid.events import NewResponse

from .avatars import GRAVATAR
from .media.storage import media_origin


def content_security_policy(settings, form_targets=()):
    """The policy; ``form_targets`` are the other places a form of the page may lead to
    (the OAuth consent form redirects to the application)."""
    images = ["'self'", "data:", "blob:"]
    if settings["microblog.avatars"] == "gravatar":
        images.append(GRAVATAR)
    media = media_origin(settings)
    if media:
        images.append(media)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", *form_targets],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(settings):
    return {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def includeme(config):
    headers = security_headers(config.registry.settings)

    def add_security_headers(event):
        for name, value in headers.items():
            event.response.headers.setdefault(name, value)

    config.add_subscriber(add_security_headers, NewResponse)
