"""``/settings/delete``: leaving the site. The account is signed out everywhere and
hidden at once, and removed (posts, messages, files) after ``DELETION_GRACE_DAYS``;
signing in before then keeps it."""

from datetime import timedelta

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget

from ...i18n import _
from ...models import utcnow
from ...resources.settings import SettingsPage
from ...schemas.settings import DeleteAccountSchema
from ...security import Permission
from ..forms import form_view
from . import SETTINGS_FORM, SettingsFormView


class DeletePage(SettingsPage):
    """The form that deletes the account."""


@form_view(context=DeletePage, renderer=SETTINGS_FORM, permission=Permission.ACCOUNT)
class DeleteAccountView(SettingsFormView):
    schema = DeleteAccountSchema
    title = _("Delete Account")
    submit = _("Delete My Account")

    @property
    def explanation(self):
        return _(
            "Your profile and posts disappear at once. After ${days} days your posts, "
            "messages and pictures are removed for good, and nobody can take your "
            "username. Signing in before then cancels the deletion.",
            mapping={"days": self.request.registry.settings["microblog.deletion_grace_days"]},
        )

    def success(self, data, form):
        request, user = self.request, self.context.user
        user.deletion_requested_at = now = utcnow()
        user.end_sessions()
        headers = forget(request)
        days = request.registry.settings["microblog.deletion_grace_days"]
        request.flash(
            _(
                "Your account will be removed on ${date}. Sign in before then to keep it.",
                mapping={"date": (now + timedelta(days=days)).date().isoformat()},
            ),
            "info",
        )
        return HTTPSeeOther(request.resource_url(request.root, "login"), headers=headers)


def includeme(config):
    config.add_settings_page("delete", DeletePage, _("Delete account"), order=90)
