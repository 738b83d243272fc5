"""Every error answer: a page in the site's look, or the JSON error shape ``{"error", "message"}``.

Views raise (an ``HTTPError``, :func:`client_error` for a message meant for the client, or
anything else for a 500); the exception views here answer. Whether the answer is JSON is
decided in one place, :func:`wants_json`: for the API's branch of the tree, for views
rendered as JSON (``/translate``, ``/notifications``: marked by :func:`mark_json_views`),
and for clients whose ``Accept`` prefers it.
"""

import logging

import sqlalchemy.exc
from pyramid.httpexceptions import (
    HTTPBadRequest,
    HTTPError,
    HTTPForbidden,
    HTTPInternalServerError,
    HTTPMethodNotAllowed,
    HTTPNotFound,
    HTTPSeeOther,
    HTTPServiceUnavailable,
    HTTPTooManyRequests,
    HTTPUnauthorized,
)
from pyramid.renderers import render_to_response
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config
from pyramid.viewderivers import INGRESS
from pyramid_retry import is_error_retryable
from webob.util import status_reasons

from ..i18n import _
from ..models import is_unavailable
from ..models.sqlite import WriterWaitedTooLong
from ..security import Permission, challenge, is_api_request, is_mastodon_request
from ..services.throttle import Throttled

log = logging.getLogger(__name__)
ERROR_PAGE = "microblog:templates/errors/error.jinja2"

MESSAGES = {
    400: _(
        "The request could not be understood. If you submitted a form, reload the page "
        "and try again."
    ),
    403: _("You are not allowed to do that."),
    404: _("The page you are looking for does not exist."),
    405: _("That method is not allowed here."),
    429: _("Too many tries in a short time. Please wait a few minutes, then try again."),
    500: _(
        "An unexpected error has occurred. The administrator has been notified. "
        "Sorry for the inconvenience!"
    ),
}
# the page's heading; the JSON "error" keeps HTTP's own reason phrase
HEADINGS = {
    400: _("Bad request"),
    403: _("Access denied"),
    404: _("Page not found"),
    405: _("Method not allowed"),
    429: _("Too many requests"),
    503: _("Service unavailable"),
    500: _("Internal server error"),
}
SIGN_IN_FIRST = _("Please log in to access this page.")
DATABASE_DOWN = _("The site cannot reach its database right now. Please try again in a minute.")
UNDECODABLE = _("The address or the form is not valid UTF-8.")
# the API's callers are developers: this one is not translated
API_NOT_FOUND = "There is no such resource; the links in the API's answers lead to every one."


# the Mastodon API's words for Pyramid's own errors (``{"error": ...}``)
MASTODON_MESSAGES = {
    401: "The access token is invalid",
    403: "This action is not allowed",
    404: "Record not found",
    405: "This method is not allowed here",
    500: "An unexpected error occurred",
}

JSON_VIEW = "microblog.json_view"
PUBLIC_VIEW_NAMES = "microblog.public_view_names"


def wants_json(request):
    """True when the error answer to ``request`` is the JSON error shape."""
    return is_api_request(request) or request.environ.get(JSON_VIEW) or prefers_json(request)


def prefers_json(request):
    """The client asks for JSON rather than a page (a page's script, an API client)."""
    offers = request.accept.acceptable_offers(["text/html", "application/json"])
    return bool(offers) and offers[0][0] == "application/json"


def client_error(status_class, message, headers=None):
    """An ``HTTPError`` to raise whose ``message`` is shown to the client as it is.

    Pyramid's own errors carry details meant for developers of this site (which principals
    an ACL denied, which predicate failed), so those are shown a generic message instead.
    """
    error = status_class(detail=message, headers=headers)
    error.client_message = message
    return error


def mark_json_views(view, info):
    """A view deriver: a view rendered as JSON answers its errors as JSON too, including
    the ones raised before it runs (permission, CSRF), so it wraps them all."""
    renderer = info.options.get("renderer")
    if getattr(renderer, "name", None) != "json":
        return view

    def json_view(context, request):
        request.environ[JSON_VIEW] = True
        return view(context, request)

    return json_view


def error_response(request, status_class, message=None, headers=None):
    """The error as JSON (``{"error", "message"}``) or as a page, with the right status."""
    status = status_class.code
    if is_mastodon_request(request):
        # Mastodon's shape, in English as Mastodon's clients expect and show it
        text = message or MASTODON_MESSAGES.get(status, status_class.title)
        response = Response(json_body={"error": text}, status=status, charset="utf-8")
    elif wants_json(request):
        text = request.localizer.translate(message or MESSAGES.get(status, MESSAGES[400]))
        reason = status_reasons.get(status, status_class.title)
        response = Response(
            json_body={"error": reason, "message": text}, status=status, charset="utf-8"
        )
    else:
        text = request.localizer.translate(message or MESSAGES.get(status, MESSAGES[400]))
        response = render_to_response(
            ERROR_PAGE,
            {
                "status": status,
                "title": HEADINGS.get(status, _("Error")),
                "reason": HEADINGS.get(status, _("Error")),
                "message": text,
                "safe_mode": status >= 500,
            },
            request=request,
        )
        response.status_int = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def unauthorized(request):
    """401 to an API request, saying which credentials the API wants here."""
    header, message = challenge(request)
    return error_response(request, HTTPUnauthorized, message, headers={"WWW-Authenticate": header})


@forbidden_view_config()
def forbidden(exc, request):
    if request.user is None:
        if is_api_request(request):
            return unauthorized(request)
        if not prefers_json(request):
            # a browser: after signing in, come back here (a POST-only URL cannot be)
            query = {"next": request.path_qs} if request.method in ("GET", "HEAD") else {}
            return HTTPSeeOther(request.resource_url(request.root, "login", query=query))
        # a page's script is told to sign in; the scheme is not one a browser knows, so
        # no password dialog appears
        return error_response(
            request,
            HTTPUnauthorized,
            SIGN_IN_FIRST,
            headers={"WWW-Authenticate": 'Session realm="Microblog"'},
        )
    if getattr(request.context, "conceal_when_forbidden", False):
        # the context's existence is itself private: answer as if it were not there
        return notfound(exc, request)
    # a context may answer its refusals with another status (the API's follow: 400)
    refusal = getattr(request.context, "refusal", (HTTPForbidden, None))
    status_class, message = refusal(request) if callable(refusal) else refusal
    # a refusal that says why itself (a Mastodon token outside its scopes)
    message = getattr(exc, "client_message", None) or message
    return error_response(request, status_class, message)


def allowed_methods(request):
    """The methods the views of the request's context and view name answer (API only)."""
    methods = set()
    introspector = request.registry.introspector
    for view in introspector.get_category("views"):
        view = view["introspectable"]
        if (
            view["exception_only"]
            or view["name"] != request.view_name
            or view["context"] is None
            or not isinstance(request.context, view["context"])
        ):
            continue
        declared = view["request_methods"]
        if declared is None:
            return set()
        methods.update((declared,) if isinstance(declared, str) else declared)
    if "GET" in methods:
        methods.add("HEAD")
    return methods


def names_public_view(request):
    """True when the path ends with the name of a view anyone may see (``feed.atom``): the
    missing thing (/user/nosuch/feed.atom) would have been public, so it is simply missing."""
    names = request.registry.get(PUBLIC_VIEW_NAMES)
    if names is None:
        introspector = request.registry.introspector
        names = request.registry[PUBLIC_VIEW_NAMES] = {
            view["introspectable"]["name"]
            for view in introspector.get_category("views")
            if view["introspectable"]["name"]
            and any(
                related.category_name == "permissions"
                and related["value"] == NO_PERMISSION_REQUIRED
                for related in introspector.related(view["introspectable"])
            )
        }
    return bool(request.subpath) and request.subpath[-1] in names


@notfound_view_config()
def notfound(exc, request):
    # (static files are found by a route, and their absence is no secret)
    traversed = getattr(request, "context", None) is not None and not request.matched_route
    if is_api_request(request) and traversed:
        allowed = allowed_methods(request)
        if allowed and request.method not in allowed:
            return error_response(
                request,
                HTTPMethodNotAllowed,
                f"{request.method} is not allowed here; use {', '.join(sorted(allowed))}.",
                headers={"Allow": ", ".join(sorted(allowed))},
            )
    if (
        traversed
        and request.user is None
        and not request.has_permission(Permission.VIEW)
        and not names_public_view(request)
    ):
        # below what needs signing in, whether a name or an id exists is not told to
        # visitors: /user/nosuch asks them to sign in, as /user/ana does
        return forbidden(exc, request)
    if is_api_request(request) and traversed and not is_mastodon_request(request):
        return error_response(request, HTTPNotFound, API_NOT_FOUND)
    return error_response(request, HTTPNotFound)


@exception_view_config(HTTPError)
def http_error(exc, request):
    message = getattr(exc, "client_message", None)
    if message is None and exc.code not in MESSAGES:
        message = exc.detail
    return error_response(request, type(exc), message, headers=_kept_headers(exc))


def _kept_headers(exc):
    return {
        name: exc.headers[name]
        for name in ("Allow", "WWW-Authenticate", "Retry-After")
        if name in exc.headers
    }


@exception_view_config(UnicodeDecodeError)
def undecodable(exc, request):
    """A query string or form that is not UTF-8 (``?page=%FF``) is the client's error."""
    return error_response(request, HTTPBadRequest, UNDECODABLE)


@exception_view_config(Throttled)
def throttled(exc, request):
    """429: the throttles (``services/throttle.py``) refused this try; ``Retry-After`` says
    when the next one may come (the log has the details already)."""
    return error_response(
        request, HTTPTooManyRequests, headers={"Retry-After": str(exc.retry_after)}
    )


@exception_view_config(sqlalchemy.exc.OperationalError)
@exception_view_config(sqlalchemy.exc.InterfaceError)
@exception_view_config(sqlalchemy.exc.TimeoutError)
@exception_view_config(WriterWaitedTooLong)
def database_unavailable(exc, request):
    """503 while the database cannot be reached (down, restarting, its pool exhausted) or
    stays busy through every retry: the client is told to come back, never a 500."""
    if is_error_retryable(request, exc):
        return retried(exc, request)
    if not is_unavailable(exc):
        return server_error(exc, request)  # a wrong statement: a bug
    log.error(
        "Database unavailable on %s %s: %s",
        request.method,
        request.path_qs,
        getattr(exc, "orig", None) or exc,
    )
    return error_response(
        request, HTTPServiceUnavailable, DATABASE_DOWN, headers={"Retry-After": "30"}
    )


@exception_view_config(Exception, retryable_error=True)
def retried(exc, request):
    """pyramid_retry runs the request again (a concurrent request won a race): this answer
    is thrown away, and nothing is wrong enough to log as an error or mail to the admins."""
    log.info("Retrying %s %s after %s", request.method, request.path_qs, type(exc).__name__)
    return Response(status=503)


@exception_view_config(Exception)
def server_error(exc, request):
    log.exception("Unhandled error on %s %s", request.method, request.path_qs, exc_info=exc)
    return error_response(request, HTTPInternalServerError)


def includeme(config):
    config.add_view_deriver(mark_json_views, under=INGRESS, over="secured_view")
