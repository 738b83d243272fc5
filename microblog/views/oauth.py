"""OAuth 2 for Mastodon clients: the consent page, the token and revocation endpoints,
and the server's description (``security/oauth.py`` holds oauthlib's side).

``/oauth/authorize`` is a page of the site: anonymous visitors sign in first, and the
decision is a CSRF-protected form. ``/oauth/token`` and ``/oauth/revoke`` are called by
applications with their client credentials, never by a browser's session.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

from oauthlib.oauth2 import FatalClientError, OAuth2Error
from pyramid.httpexceptions import HTTPBadRequest, HTTPFound
from pyramid.renderers import render_to_response
from pyramid.response import Response
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ..headers import content_security_policy
from ..i18n import _
from ..resources.mastodon import OAuth, WellKnown
from ..security import Permission, scopes
from ..security.oauth import OOB
from ..security.oauth_server import server
from ..services.interfaces import IThrottle
from ..services.throttle import LOGIN_ADDRESS, client_address
from .errors import client_error

AUTHORIZE_PAGE = "microblog:templates/oauth/authorize.jinja2"
CODE_PAGE = "microblog:templates/oauth/code.jinja2"
# what the consent form carries from the application's request to the decision
CARRIED = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)
SCOPE_WORDS = {
    scopes.READ: _("Read everything of your account: posts, people, likes, notifications"),
    scopes.WRITE: _("Post, edit and delete posts, like, repost and change your profile"),
    scopes.FOLLOW: _("Follow and unfollow people"),
    scopes.PUSH: _("Receive your notifications"),
    scopes.PROFILE: _("Read your profile (username and picture) only"),
}
AREAS = {
    "accounts": _("accounts and your profile"),
    "blocks": _("blocks"),
    "bookmarks": _("bookmarks"),
    "conversations": _("private conversations"),
    "favourites": _("likes"),
    "filters": _("filters"),
    "follows": _("follows"),
    "lists": _("lists"),
    "media": _("pictures"),
    "mutes": _("mutes"),
    "notifications": _("notifications"),
    "reports": _("reports"),
    "search": _("search"),
    "statuses": _("posts"),
}


def scope_description(request, scope):
    translate = request.localizer.translate
    if scope in SCOPE_WORDS:
        return translate(SCOPE_WORDS[scope])
    kind, _colon, area = scope.partition(":")
    what = translate(AREAS.get(area, area))
    if kind == scopes.READ:
        return translate(_("Read: ${what}", mapping={"what": what}))
    return translate(_("Change: ${what}", mapping={"what": what}))


def form_target(redirect_uri):
    """The CSP source of a redirect URI: its origin, or its scheme (``tusky:``)."""
    if redirect_uri == OOB:
        return None
    parts = urlsplit(redirect_uri)
    if parts.scheme in ("http", "https"):
        return f"{parts.scheme}://{parts.netloc}"
    return f"{parts.scheme}:"


def oauth_headers(request):
    return dict(request.headers.items())


def form_body(request):
    """The parameters an application sent, form-encoded or JSON, as oauthlib reads them."""
    if request.content_type == "application/json":
        try:
            data = request.json_body
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return ""
        return urlencode([(k, str(v)) for k, v in data.items() if v is not None])
    return urlencode(list(request.POST.items()))


def oauth_response(headers, body, status):
    response = Response(
        body=(body or "{}").encode("utf-8"), status=status, content_type="application/json"
    )
    for name, value in headers.items():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def refused_request(request, error):
    """A request with no trustworthy place to send the answer to (an unknown client, a
    redirect URI it did not register): said on the page, never redirected."""
    raise client_error(HTTPBadRequest, error.description or error.error)


@view_config(
    context=OAuth,
    name="authorize",
    request_method="GET",
    permission=Permission.VIEW,
    renderer=AUTHORIZE_PAGE,
)
def authorize(context, request):
    """The consent page: which application asks, for what; approve or deny."""
    endpoint, _tokens, _revoke = server(request.dbsession)
    try:
        asked, details = endpoint.validate_authorization_request(
            request.url, "GET", None, oauth_headers(request)
        )
    except FatalClientError as error:
        refused_request(request, error)
    except OAuth2Error as error:
        return HTTPFound(error.in_uri(error.redirect_uri))
    application = details["request"].client
    target = form_target(details["redirect_uri"])
    if target:
        # the decision is a form whose answer redirects to the application: browsers
        # hold that redirect to the page's form-action
        policy = content_security_policy(request.registry.settings, [target])
        request.response.headers["Content-Security-Policy"] = policy
    carried = {name: request.GET.get(name, "") for name in CARRIED}
    carried["scope"] = " ".join(asked)
    carried["redirect_uri"] = details["redirect_uri"]
    return {
        "application": application,
        "scopes": [(scope, scope_description(request, scope)) for scope in asked],
        "carried": carried,
        "title": request.localizer.translate(
            _("Authorise ${name}?", mapping={"name": application.name})
        ),
    }


@view_config(context=OAuth, name="authorize", request_method="POST", permission=Permission.VIEW)
def decide(context, request):
    """The user's answer: a code for the application (in its redirect, or shown for it
    to be copied), or ``access_denied``."""
    endpoint, _tokens, _revoke = server(request.dbsession)
    carried = [(name, request.POST.get(name, "")) for name in CARRIED]
    uri = request.path_url + "?" + urlencode([(k, v) for k, v in carried if v])
    try:
        asked, details = endpoint.validate_authorization_request(
            uri, "GET", None, oauth_headers(request)
        )
    except FatalClientError as error:
        refused_request(request, error)
    except OAuth2Error as error:
        return HTTPFound(error.in_uri(error.redirect_uri))
    redirect_uri = details["redirect_uri"]
    if request.POST.get("decision") != "approve":
        if redirect_uri == OOB:
            return _code_page(request, None)
        denied = {"error": "access_denied"}
        if details.get("state"):
            denied["state"] = details["state"]
        separator = "&" if "?" in redirect_uri else "?"
        return HTTPFound(redirect_uri + separator + urlencode(denied))
    headers, _body, _status = endpoint.create_authorization_response(
        uri, "GET", None, oauth_headers(request), scopes=asked, credentials={"user": request.user}
    )
    location = headers["Location"]
    if redirect_uri == OOB:
        code = parse_qs(urlsplit(location).query).get("code", [""])[0]
        return _code_page(request, code)
    return HTTPFound(location)


def _code_page(request, code):
    title = _("Authorisation code") if code else _("Authorisation denied")
    return render_to_response(CODE_PAGE, {"code": code, "title": title}, request=request)


@view_config(
    context=OAuth,
    name="token",
    request_method="POST",
    permission=NO_PERMISSION_REQUIRED,
    require_csrf=False,
)
def token(context, request):
    """``POST /oauth/token``: a code, client credentials or a refresh token for a token.
    Failures count against the address's sign-in throttle: guessing secrets or codes has
    to slow down as guessing passwords does."""
    throttle, address = request.find_service(IThrottle), ("address", client_address(request))
    throttle.check(LOGIN_ADDRESS, *address)
    _authorize, endpoint, _revoke = server(request.dbsession)
    response = oauth_response(
        *endpoint.create_token_response(
            request.path_url, "POST", form_body(request), oauth_headers(request)
        )
    )
    if response.status_int >= 400:
        throttle.count(LOGIN_ADDRESS, *address)
    return response


@view_config(
    context=OAuth,
    name="revoke",
    request_method="POST",
    permission=NO_PERMISSION_REQUIRED,
    require_csrf=False,
)
def revoke(context, request):
    """``POST /oauth/revoke``: the application gives a token up (answered ``{}``)."""
    _authorize, _tokens, endpoint = server(request.dbsession)
    return oauth_response(
        *endpoint.create_revocation_response(
            request.path_url, "POST", form_body(request), oauth_headers(request)
        )
    )


@view_config(
    context=WellKnown,
    name="oauth-authorization-server",
    request_method="GET",
    permission=NO_PERMISSION_REQUIRED,
    renderer="json",
)
def metadata(context, request):
    """RFC 8414's description of the server, as Mastodon 4.3 serves it."""
    root = request.root
    return {
        "issuer": request.resource_url(root),
        "authorization_endpoint": request.resource_url(root, "oauth", "authorize"),
        "token_endpoint": request.resource_url(root, "oauth", "token"),
        "revocation_endpoint": request.resource_url(root, "oauth", "revoke"),
        "app_registration_endpoint": request.resource_url(root, "api", "v1", "apps"),
        "scopes_supported": sorted(scopes.KNOWN),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "service_documentation": "https://docs.joinmastodon.org/",
    }
