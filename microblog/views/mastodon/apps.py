"""``/api/v1/apps``: registering a client application, and checking its token."""

from oauthlib.uri_validate import is_absolute_uri
from pyramid.httpexceptions import HTTPUnauthorized
from pyramid.security import NO_PERMISSION_REQUIRED

from ...resources.mastodon import Apps
from ...security import scopes
from ...security.oauth import register_application
from .. import Views
from ..errors import client_error
from . import PUBLIC, mastodon_view, params, unprocessable

MAX_REDIRECT_URIS = 10


def application(app, secret=None):
    data = {
        "id": str(app.id),
        "name": app.name,
        "website": app.website,
        "scopes": app.scope_list,
        "redirect_uri": "\n".join(app.redirect_uri_list),
        "redirect_uris": app.redirect_uri_list,
        "client_id": app.client_id,
        "vapid_key": "",
    }
    if secret is not None:
        data["client_secret"] = secret
        data["client_secret_expires_at"] = 0
    return data


class AppsViews(Views):
    @mastodon_view(
        context=Apps, request_method="POST", permission=NO_PERMISSION_REQUIRED, scope=PUBLIC
    )
    def register(self):
        """Anyone may register an application (as on Mastodon); it gets nothing until a
        user authorises it."""
        values = params(self.request)
        name = str(values.get("client_name") or "").strip()
        uris = values.get("redirect_uris") or ""
        uris = uris.split() if isinstance(uris, str) else [str(uri) for uri in uris]
        asked = str(values.get("scopes") or "read").split()
        website = str(values.get("website") or "").strip() or None
        if not name or len(name) > 100:
            raise unprocessable("client_name must be 1 to 100 characters")
        if not uris or len(uris) > MAX_REDIRECT_URIS or any(len(uri) > 500 for uri in uris):
            raise unprocessable("redirect_uris must hold 1 to 10 URIs")
        if not all(_acceptable_redirect(uri) for uri in uris):
            raise unprocessable("redirect_uris must be absolute URIs without a fragment")
        if not scopes.known(asked):
            raise unprocessable("scopes holds a scope this server does not know")
        if website is not None and len(website) > 500:
            raise unprocessable("website is too long")
        app, secret = register_application(self.request.dbsession, name, uris, asked, website)
        return application(app, secret)

    @mastodon_view(
        context=Apps,
        name="verify_credentials",
        request_method="GET",
        permission=NO_PERMISSION_REQUIRED,
        scope=PUBLIC,
    )
    def verify(self):
        token = self.request.oauth_token
        if token is None:
            raise client_error(HTTPUnauthorized, "The access token is invalid")
        return application(token.application)


def _acceptable_redirect(uri):
    return bool(is_absolute_uri(uri)) and "#" not in uri
