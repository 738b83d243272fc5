"""``/api/tokens``: a bearer token for Basic credentials, and revoking it."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.view import view_config, view_defaults

from ...resources.api import ApiTokens
from ...security import Permission
from ...tokens import issue_token, revoke_token


@view_defaults(context=ApiTokens, renderer="json", require_csrf=False, permission=Permission.VIEW)
class TokenViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="POST")
    def create(self):
        lifetime = self.request.registry.settings["microblog.token_expires"]
        # a credential: no cache on the way may keep a copy
        self.request.response.cache_control = "no-store"
        return {"token": issue_token(self.request.user, lifetime)}

    @view_config(request_method="DELETE")
    def revoke(self):
        revoke_token(self.request.user)
        return HTTPNoContent()
