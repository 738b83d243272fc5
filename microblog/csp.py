"""A Content-Security-Policy on every answer: scripts, styles and frames from this site only.

The pages hold no inline script, event handler or ``style`` attribute, so the policy needs
no ``'unsafe-inline'``; ``data:`` images are Bootstrap's own (checkbox ticks, the menu
icon) and the avatar stand-in. With ``AVATARS=gravatar`` the avatars' host is allowed, and
so is the pictures' host when they are not served by the app (``MEDIA_PUBLIC_URL``, S3).
"""

from .avatars import GRAVATAR
from .media.storage import media_origin


def content_security_policy(settings):
    # blob: shows the pictures chosen in the post form before they are sent
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def csp_tween_factory(handler, registry):
    policy = content_security_policy(registry.settings)

    def csp_tween(request):
        response = handler(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return csp_tween


def includeme(config):
    config.add_tween("microblog.csp.csp_tween_factory")
