"""``/settings/password``: a new password, which signs out every other session and the
API token."""

from pyramid.httpexceptions import HTTPSeeOther

from ...i18n import _
from ...resources.settings import SettingsPage
from ...schemas.settings import ChangePasswordSchema
from ...security import Permission
from ..forms import form_view
from . import SETTINGS_FORM, SettingsFormView, page_url


class PasswordPage(SettingsPage):
    """The password form."""


def keep_this_session(request, user):
    """After ``user.end_sessions()``: this browser stays signed in, in the new generation."""
    remembered = bool(request.session.row is not None and request.session.row.remembered)
    request.session.sign_in(user, remembered=remembered)


@form_view(context=PasswordPage, renderer=SETTINGS_FORM, permission=Permission.ACCOUNT)
class ChangePasswordView(SettingsFormView):
    schema = ChangePasswordSchema
    title = _("Change Password")
    submit = _("Change Password")
    explanation = _("Every other browser and the API token will be signed out.")

    def success(self, data, form):
        user = self.context.user
        user.change_password(data["password"])
        keep_this_session(self.request, user)
        self.request.flash(
            _("Your password has been changed; you are signed out everywhere else."), "success"
        )
        return HTTPSeeOther(page_url(self.request, self.context))


def includeme(config):
    config.add_settings_page("password", PasswordPage, _("Password"), order=10)
