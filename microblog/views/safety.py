"""Blocking and muting from a profile (``/user/{username}/block`` ...)."""

from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..models import safety
from ..resources.users import UserContext
from ..security import Permission, forget_relationships
from . import Views, redirect_to_next, user_url

MESSAGES = {
    "block": (
        _("You blocked ${username}: neither of you can follow, message or see the other."),
        "success",
    ),
    "unblock": (_("You unblocked ${username}."), "info"),
    "mute": (_("You muted ${username}: their posts no longer reach you."), "success"),
    "unmute": (_("You unmuted ${username}."), "info"),
}


@view_defaults(context=UserContext, permission=Permission.BLOCK, request_method="POST")
class SafetyViews(Views):
    def done(self, action):
        message, category = MESSAGES[action]
        user = self.context.user
        forget_relationships(self.request)
        self.request.flash(_(message, mapping={"username": user.username}), category)
        return redirect_to_next(self.request, user_url(self.request, user))

    def act(self, action):
        getattr(safety, action)(self.request.dbsession, self.request.user, self.context.user)
        return self.done(action)

    @view_config(name="block")
    def block(self):
        return self.act("block")

    @view_config(name="unblock")
    def unblock(self):
        return self.act("unblock")

    @view_config(name="mute")
    def mute(self):
        return self.act("mute")

    @view_config(name="unmute")
    def unmute(self):
        return self.act("unmute")
