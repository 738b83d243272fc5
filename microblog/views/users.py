"""Profiles: showing, following, editing."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..media.avatars import remove_avatar, set_avatar
from ..media.images import ImageRefused
from ..resources.root import Root
from ..resources.users import UserContext
from ..schemas.accounts import EditProfileSchema
from ..security import Permission
from ..services.interfaces import StorageUnavailable
from . import Views, redirect_to_next, user_url
from .entries import profile_page
from .errors import prefers_json
from .forms import FormView, form_view
from .pictures import UNAVAILABLE


@view_defaults(context=UserContext, permission=Permission.VIEW)
class UserViews(Views):
    @property
    def user(self):
        return self.context.user

    def summary(self):
        """What the profile and its popup show: the user, their counts, whether the
        signed-in user (who may follow them) does, and whether they block or mute them."""
        request, user = self.request, self.user
        # where the two stand (one query, which the ACL's block check then reuses)
        standing = request.relationship(user) if user != request.user else {}
        may_follow = bool(request.has_permission(Permission.FOLLOW))
        return {
            "user": user,
            "counts": user.counts(),
            "following": may_follow and standing["following"],
            "standing": standing,
        }

    @view_config(request_method="GET", renderer="microblog:templates/users/profile.jinja2")
    def profile(self):
        name = {"username": self.user.username}
        description = self.user.about_me or self.request.localizer.translate(
            _("Posts by ${username} on Microblog", mapping=name)
        )
        # the user's posts and reposts, newest first (read first: whom the list hides tells
        # the permissions below whom a block stands between the reader and others)
        page = profile_page(self.request, self.user)
        return {
            **self.summary(),
            "title": _("User: ${username}", mapping=name),
            "description": description,
            "page": page,
            "tab": "posts",
        }

    @view_config(
        name="popup", request_method="GET", renderer="microblog:templates/users/popup.jinja2"
    )
    def popup(self):
        """The hover popup's content: a small card about the user, as an HTML fragment."""
        return self.summary()

    @view_config(name="follow", request_method="POST", permission=Permission.FOLLOW)
    def follow(self):
        self.request.user.follow(self.user)
        message = _("You are following ${username}!", mapping={"username": self.user.username})
        return self.followed(message, "success")

    @view_config(name="unfollow", request_method="POST", permission=Permission.FOLLOW)
    def unfollow(self):
        self.request.user.unfollow(self.user)
        message = _("You are not following ${username}.", mapping={"username": self.user.username})
        return self.followed(message, "info")

    def followed(self, message, category):
        """A script (the popup's button) gets JSON and stays where it is; a form goes back
        to ``next`` or to the profile."""
        if prefers_json(self.request):
            return render_to_response(
                "json",
                {
                    "following": self.request.user.is_following(self.user),
                    "message": self.request.localizer.translate(message),
                },
                request=self.request,
            )
        self.request.flash(message, category)
        return redirect_to_next(self.request, user_url(self.request, self.user))


@form_view(context=UserContext, name="edit", permission=Permission.EDIT)
class EditProfileView(FormView):
    schema = EditProfileSchema
    title = _("Edit Profile")

    def bind(self):
        return {"user": self.context.user}

    def appstruct(self):
        user = self.context.user
        return {"username": user.username, "about_me": user.about_me or ""}

    def success(self, data, form):
        user = self.context.user
        user.username, user.about_me = data["username"], data["about_me"]
        if data["avatar"] is not None:
            try:
                set_avatar(self.request, user, data["avatar"].data)
            except (ImageRefused, StorageUnavailable) as error:
                self.request.tm.doom()
                message = getattr(error, "message", UNAVAILABLE)
                return self.fail(form, message, self.appstruct())
        elif data.get("remove_avatar"):
            remove_avatar(self.request, user)
        self.request.flash(_("Your changes have been saved."), "success")
        return HTTPSeeOther(user_url(self.request, user))


@view_config(context=Root, name="edit_profile", permission=Permission.VIEW)
def edit_profile(context, request):
    return HTTPSeeOther(user_url(request, request.user, "edit"))
