"""``/api/users/{id}/block`` and ``/mute``: POST to block or mute, DELETE to undo (204)."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.view import view_defaults

from ...models import safety
from ...resources.api import ApiBlock, ApiMute
from ...security import Permission
from .. import Views
from . import api_view


@view_defaults(permission=Permission.BLOCK)
class ApiSafetyViews(Views):
    def act(self, action):
        getattr(safety, action)(self.request.dbsession, self.request.user, self.context.user)
        return HTTPNoContent()

    @api_view(context=ApiBlock, request_method="POST")
    def block(self):
        return self.act("block")

    @api_view(context=ApiBlock, request_method="DELETE")
    def unblock(self):
        return self.act("unblock")

    @api_view(context=ApiMute, request_method="POST")
    def mute(self):
        return self.act("mute")

    @api_view(context=ApiMute, request_method="DELETE")
    def unmute(self):
        return self.act("unmute")
