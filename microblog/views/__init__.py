"""View callables by area, and the helpers they share."""

from urllib.parse import quote, urlsplit

from pyramid.httpexceptions import HTTPSeeOther

from ..text import is_clean_line

# what stays as it is in a Location header: the URL's own delimiters and escapes
URL_SAFE = "/?#[]@!$&'()*+,;=%:~-._"


class Views:
    """The start of a view class: Pyramid makes one per request with the context and the
    request, then calls the method the view was registered with."""

    def __init__(self, context, request):
        self.context, self.request = context, request


def flash(request, message, category="info"):
    """Queue ``message`` (translated now: the next page may not share this request's
    localizer) for the next page."""
    request.session.flash({"text": request.localizer.translate(message), "category": category})


def user_url(request, user, *elements):
    """``/user/{username}[/element...]``: the canonical form, without a trailing slash."""
    return request.resource_url(request.root, "user", user.username, *elements)


def is_local_path(target):
    """True for a path on this site (``/user/ana?page=2``), false for anything that could
    leave it (``//evil.example``, ``https://...``, ``/\\evil``, ``javascript:``) or split a
    header (a line break, a NUL)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if not is_clean_line(target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in parts.path


def redirect_to_next(request, fallback):
    """303 to the ``next`` parameter when it is a path on this site, else ``fallback``."""
    target = request.params.get("next")
    return HTTPSeeOther(quote(target, safe=URL_SAFE) if is_local_path(target) else fallback)


def redirect_back(request, fallback):
    """303 to ``next``, else to the referring page of this site, else ``fallback``."""
    target = request.params.get("next")
    if not is_local_path(target):
        referrer = request.referrer or ""
        if referrer.startswith(request.host_url + "/"):
            target = referrer[len(request.host_url) :]
    if not is_local_path(target) or target == request.path_qs:
        target = fallback
    return HTTPSeeOther(quote(target, safe=URL_SAFE))


def includeme(config):
    config.add_request_method(flash)
    config.include(".errors")  # the JSON marker of views rendered as JSON
    config.include(".health")  # /healthz answers outside any transaction
    config.include(".translate")  # /translate keeps its transactions short
    config.include(".settings")  # the account pages register themselves
    config.include(".mastodon")  # the OAuth scope each Mastodon API view needs
    config.scan(".")
