"""Mastodon's client API (``/api/v1``, ``/api/v2``): Mastodon's paths, entities, errors and
``Link`` pagination over the site's models, ACLs and services.

Every view is declared with :class:`mastodon_view`, which names the OAuth scope it needs
(``security/scopes.py``): the ACL decides what the user may do, the scope what the
application may do for them, and a request needs both. The OAuth server itself is in
``views/oauth.py``.
"""

from pyramid.exceptions import ConfigurationError
from pyramid.httpexceptions import HTTPForbidden, HTTPUnprocessableEntity
from pyramid.view import view_config

from ...resources.mastodon import MastodonResource
from ...security import scopes
from ..errors import client_error

# a view anyone may call, without a token (the instance, registering an app)
PUBLIC = "public"
OUTSIDE_SCOPES = "This action is outside the authorized scopes"


class mastodon_view(view_config):
    """``view_config`` for the Mastodon API: JSON, and a ``scope`` (or :data:`PUBLIC`)."""

    def __init__(self, **settings):
        settings.setdefault("renderer", "json")
        super().__init__(**settings)


def oauth_scope(view, info):
    """A view deriver: the request's token must hold the view's ``scope``. Checked after
    the permission, so a request without a token is told to authenticate (401)."""
    scope = info.options.get("scope")
    context = info.options.get("context")
    if scope is None:
        if isinstance(context, type) and issubclass(context, MastodonResource):
            raise ConfigurationError(f"the Mastodon view {info.original_name} names no scope")
        return view
    if scope != PUBLIC and scope not in scopes.KNOWN:
        raise ConfigurationError(f"unknown OAuth scope {scope!r}")

    def scoped(context, request):
        token = request.oauth_token
        if scope != PUBLIC and (token is None or not scopes.allows(token.scope_list, scope)):
            raise client_error(HTTPForbidden, OUTSIDE_SCOPES)
        return view(context, request)

    return scoped


oauth_scope.options = ("scope",)


def unprocessable(message):
    """Mastodon's answer to input it cannot use: 422 ``{"error": "Validation failed: ..."}``."""
    return client_error(HTTPUnprocessableEntity, f"Validation failed: {message}")


def params(request):
    """The request's parameters: query, form or JSON body (clients send all three)."""
    values = dict(request.GET.items())
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type == "application/json":
            try:
                body = request.json_body
            except ValueError:
                raise unprocessable("the body is not JSON") from None
            if not isinstance(body, dict):
                raise unprocessable("the body is not a JSON object")
            values.update(body)
        else:
            values.update(request.POST.items())
    return values


def listed(request, name):
    """A list parameter: ``name[]=a&name[]=b``, ``name=a``, or a JSON list."""
    found = request.GET.getall(f"{name}[]") + request.GET.getall(name)
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type == "application/json":
            value = params(request).get(name) or params(request).get(f"{name}[]") or []
            found += value if isinstance(value, list) else [value]
        else:
            found += request.POST.getall(f"{name}[]") + request.POST.getall(name)
    return [str(item) for item in found]


def truthy(value):
    return str(value).lower() in ("1", "true", "on", "yes")


def includeme(config):
    # the views themselves are found by the scan of ``views``
    config.add_view_deriver(oauth_scope, under="secured_view", over="owrapped_view")
