"""Profiles: showing, following, editing."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..models.streams import profile_of
from ..resources.root import Root
from ..resources.users import UserContext
from ..schemas.accounts import EditProfileSchema
from ..security import Permission
from . import user_url
from .entries import StreamPage
from .forms import FORM_PAGE, FormView


@view_defaults(context=UserContext, permission=Permission.VIEW)
class UserViews:
    def __init__(self, context, request):
        self.context, self.request = context, request
        self.user = context.user

    def summary(self):
        """What the top of every tab of the profile shows."""
        me = self.request.user
        return {
            "user": self.user,
            "counts": self.user.counts(),
            "is_me": me.id == self.user.id,
            "following": me.id != self.user.id and me.is_following(self.user),
        }

    @view_config(
        request_method=("GET", "HEAD"), renderer="microblog:templates/users/profile.jinja2"
    )
    def profile(self):
        """The user's posts and reposts, newest first."""
        page = StreamPage(self.request, profile_of(self.user))
        return {**self.summary(), "page": page, "tab": "posts"}

    @view_config(name="follow", request_method="POST", permission=Permission.FOLLOW)
    def follow(self):
        self.request.user.follow(self.user)
        self.request.flash(
            _("You are following ${username}!", mapping={"username": self.user.username}), "success"
        )
        return HTTPSeeOther(user_url(self.request, self.user))

    @view_config(name="unfollow", request_method="POST", permission=Permission.FOLLOW)
    def unfollow(self):
        self.request.user.unfollow(self.user)
        self.request.flash(
            _("You are not following ${username}.", mapping={"username": self.user.username}),
            "info",
        )
        return HTTPSeeOther(user_url(self.request, self.user))


@view_config(
    context=UserContext,
    name="edit",
    renderer=FORM_PAGE,
    permission=Permission.EDIT,
    request_method=("GET", "HEAD", "POST"),
)
class EditProfileView(FormView):
    schema = EditProfileSchema
    buttons = (deform.Button("submit", _("Submit")),)
    title = _("Edit Profile")

    def bind(self):
        return {"user": self.context.user}

    def appstruct(self):
        user = self.context.user
        return {"username": user.username, "about_me": user.about_me or ""}

    def success(self, data, form):
        user = self.context.user
        user.username, user.about_me = data["username"], data["about_me"]
        self.request.flash(_("Your changes have been saved."), "success")
        return HTTPSeeOther(user_url(self.request, user))


@view_config(context=Root, name="edit_profile", permission=Permission.VIEW)
def edit_profile(context, request):
    return HTTPSeeOther(user_url(request, request.user, "edit"))
