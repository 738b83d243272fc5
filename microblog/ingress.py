"""What every request is made to be before any other code reads it.

- Its address must be text: a path or query string that is not UTF-8, or that holds a
  control character once decoded (``/%FF``, ``/user/%0A``, ``?q=%00``), is answered 400
  at the door, so that no later code (the transaction's hook, the security policy, a
  database lookup) meets it.
- With ``PUBLIC_URL`` set, the request's scheme and host are the public URL's, whatever the
  ``Host`` and ``X-Forwarded-*`` headers said: every link the app makes (pages, mail,
  feeds, the API) points to the real site, and a forged ``Host`` cannot send a password
  reset link to another site (reset poisoning).
"""

from urllib.parse import unquote_to_bytes, urlsplit

from pyramid.httpexceptions import HTTPBadRequest
from pyramid.interfaces import IRootFactory
from pyramid.request import Request
from pyramid.tweens import INGRESS

from .i18n import _
from .text import FORBIDDEN_IN_LINE, has_forbidden_characters, is_clean_line
from .views.errors import UNDECODABLE, client_error

NOT_TEXT = _("The address holds characters that are not allowed.")


def public_url_environ(public_url):
    """The WSGI environ keys that make a request's URLs start with ``public_url``."""
    parts = urlsplit(public_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {
        "wsgi.url_scheme": parts.scheme,
        "HTTP_HOST": parts.netloc,
        "SERVER_NAME": parts.hostname,
        "SERVER_PORT": str(port),
    }


def apply_public_url(environ, settings):
    """Make ``environ`` a request to ``PUBLIC_URL`` (when it is set)."""
    public_url = settings.get("microblog.public_url")
    if public_url:
        environ.update(public_url_environ(public_url))


def offline_request(registry):
    """A request for work done outside any web request (a job in a worker): with
    ``PUBLIC_URL`` set, the links it makes point to the site too."""
    request = Request.blank("/")
    apply_public_url(request.environ, registry.settings)
    request.registry = registry
    return request


def address_fault(environ):
    """Why the path or the query string is not text (a message), or None when they are."""
    try:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        query = environ.get("QUERY_STRING", "").encode("latin-1").replace(b"+", b" ")
        query = unquote_to_bytes(query).decode("utf-8")
    except UnicodeError:
        return UNDECODABLE
    # a query may hold a tab or a line break (a search pasted from elsewhere); what uses
    # one as a URL (``next``) checks it again
    if not is_clean_line(path) or has_forbidden_characters(query):
        return NOT_TEXT
    return None


def readable_path(environ):
    """The path with what is not text replaced by U+FFFD, in the environ's encoding."""
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    return FORBIDDEN_IN_LINE.sub("\ufffd", path).encode("utf-8").decode("latin-1")


def ingress_tween_factory(handler, registry):
    settings = registry.settings

    def ingress_tween(request):
        apply_public_url(request.environ, settings)
        fault = address_fault(request.environ)
        if fault is None:
            return handler(request)
        # answered as to a visitor, on a readable copy of the path (so that the API's
        # branch still answers JSON): nothing behind the door has to read the address
        request.environ["PATH_INFO"] = readable_path(request.environ)
        request.environ["QUERY_STRING"] = ""
        request.user = None
        request.root = request.context = request.registry.getUtility(IRootFactory)(request)
        error = client_error(HTTPBadRequest, fault)
        return request.invoke_exception_view((HTTPBadRequest, error, None))

    return ingress_tween


def includeme(config):
    config.add_tween("microblog.ingress.ingress_tween_factory", under=INGRESS)
