"""A Content-Security-Policy on every answer: scripts, styles and frames from this site only.

The pages hold no inline script, event handler or ``style`` attribute, so the policy needs
no ``'unsafe-inline'``; ``data:`` images are Bootstrap's own (checkbox ticks, the menu
icon) and the avatar stand-in. With ``AVATARS=gravatar`` the avatars' host is allowed.
"""

from .avatars import GRAVATAR


def content_security_policy(settings):
    images = ["'self'", "data:"]
    if settings["microblog.avatars"] == "gravatar":
        images.append(GRAVATAR)
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
