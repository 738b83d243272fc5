"""``/api/tokens``: a bearer token for Basic credentials, and revoking it."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.view import view_defaults

from ...resources.api import ApiTokens
from ...security import Permission
from ...security.tokens import issue_token, revoke_token
from .. import Views
from . import api_view


@view_defaults(context=ApiTokens, permission=Permission.VIEW)
class ApiTokenViews(Views):
    @api_view(request_method="POST")
    def create(self):
        lifetime = self.request.registry.settings["microblog.token_expires"]
        # a credential: no cache on the way may keep a copy
        self.request.response.cache_control = "no-store"
        return {"token": issue_token(self.request.user, lifetime)}

    @api_view(request_method="DELETE")
    def revoke(self):
        revoke_token(self.request.user)
        return HTTPNoContent()
