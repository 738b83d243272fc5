"""Error pages in the site's look, or the API's JSON error shape for clients that want it."""
import logging

from pyramid.httpexceptions import (HTTPError, HTTPForbidden, HTTPInternalServerError,
                                    HTTPNotFound, HTTPSeeOther)
from pyramid.renderers import render_to_response
from pyramid.response import Response
from pyramid.view import exception_view_config, forbidden_view_config, notfound_view_config

from ..i18n import _
from ..security import is_api_request

log = logging.getLogger(__name__)
ERROR_PAGE = "microblog:templates/errors/error.jinja2"

MESSAGES = {
    400: _("The request could not be understood. If you submitted a form, reload the page "
           "and try again."),
    403: _("You are not allowed to do that."),
    404: _("The page you are looking for does not exist."),
    405: _("That method is not allowed here."),
    500: _("An unexpected error has occurred. The administrator has been notified. "
           "Sorry for the inconvenience!"),
}
# the page's heading; the JSON "error" keeps HTTP's own reason phrase
HEADINGS = {
    400: _("Bad request"),
    403: _("Access denied"),
    404: _("Page not found"),
    405: _("Method not allowed"),
    500: _("Internal server error"),
}


def wants_json(request):
    if is_api_request(request):
        return True
    offers = request.accept.acceptable_offers(["text/html", "application/json"])
    return bool(offers) and offers[0][0] == "application/json"


def error_response(request, status_class, message=None, headers=None):
    """The error as JSON (``{"error", "message"}``) or as a page, with the right status."""
    status = status_class.code
    text = request.localizer.translate(message or MESSAGES.get(status, MESSAGES[400]))
    if wants_json(request):
        response = Response(json_body={"error": status_class.title, "message": text},
                            status=status, charset="utf-8")
    else:
        response = render_to_response(
            ERROR_PAGE,
            {"status": status, "reason": HEADINGS.get(status, _("Error")), "message": text,
             "safe_mode": status >= 500},
            request=request)
        response.status_int = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


@forbidden_view_config()
def forbidden(exc, request):
    if request.user is None and not wants_json(request):
        # after signing in, come back here; a POST-only URL cannot be come back to
        query = {"next": request.path_qs} if request.method in ("GET", "HEAD") else {}
        return HTTPSeeOther(request.resource_url(request.root, "login", query=query))
    return error_response(request, HTTPForbidden)


@notfound_view_config()
def notfound(exc, request):
    return error_response(request, HTTPNotFound)


@exception_view_config(HTTPError)
def http_error(exc, request):
    detail = None if exc.code in MESSAGES else exc.detail
    return error_response(request, type(exc), detail)


@exception_view_config(Exception)
def server_error(exc, request):
    log.exception("Unhandled error on %s %s", request.method, request.path_qs,
                  exc_info=exc)
    return error_response(request, HTTPInternalServerError)
