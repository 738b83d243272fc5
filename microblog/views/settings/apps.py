"""``/settings/apps``: the applications the user authorised (Mastodon clients), and
taking that back."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults
from sqlalchemy import func, select

from ...i18n import _
from ...models import OAuthApplication, OAuthToken
from ...resources.settings import SettingsPage
from ...security import Permission
from ...security.oauth import revoke_application
from .. import Views
from . import page_url, settings_values


class AppsPage(SettingsPage):
    """The applications holding tokens of the account."""


def authorised_apps(session, user):
    """``[(application, scopes, since)]``: the applications holding live tokens of
    ``user``, the most recently authorised first (one query)."""
    live = (OAuthToken.user_id == user.id, OAuthToken.revoked_at.is_(None))
    rows = session.execute(
        select(OAuthApplication, func.min(OAuthToken.created_at), func.max(OAuthToken.created_at))
        .join(OAuthToken, OAuthToken.application_id == OAuthApplication.id)
        .where(*live)
        .group_by(OAuthApplication.id)
        .order_by(func.max(OAuthToken.created_at).desc(), OAuthApplication.id.desc())
    ).all()
    scopes = {}
    for application_id, granted in session.execute(
        select(OAuthToken.application_id, OAuthToken.scopes).where(*live)
    ):
        scopes.setdefault(application_id, set()).update(granted.split())
    return [(app, sorted(scopes.get(app.id, ())), since) for app, since, _latest in rows]


@view_defaults(context=AppsPage, permission=Permission.ACCOUNT)
class AuthorisedAppsViews(Views):
    @view_config(request_method="GET", renderer="microblog:templates/settings/apps.jinja2")
    def show(self):
        return settings_values(
            self.context,
            apps=authorised_apps(self.request.dbsession, self.context.user),
            title=_("Authorised apps"),
        )

    @view_config(request_method="POST")
    def revoke(self):
        request = self.request
        raw = request.POST.get("application_id", "")
        if raw.isascii() and raw.isdigit() and len(raw) < 11:
            revoke_application(request.dbsession, request.user, int(raw))
            request.flash(_("The app can no longer use your account."), "success")
        return HTTPSeeOther(page_url(request, self.context))


def includeme(config):
    config.add_settings_page("apps", AppsPage, _("Authorised apps"), order=35)
