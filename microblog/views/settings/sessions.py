"""``/settings/sessions``: where the account is signed in (browsers and the API token),
and signing out of each, or everywhere else."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults
from sqlalchemy import delete, select
from zope.sqlalchemy import mark_changed

from ...i18n import _
from ...models import WebSession, utcnow
from ...resources.settings import SettingsPage
from ...security import Permission
from ...security.tokens import revoke_token
from .. import Views
from . import page_url, settings_values
from .password import keep_this_session


class SessionsPage(SettingsPage):
    """The account's sessions and API token."""


@view_defaults(context=SessionsPage, permission=Permission.ACCOUNT)
class SessionsViews(Views):
    @property
    def user(self):
        return self.context.user

    @view_config(request_method="GET", renderer="microblog:templates/settings/sessions.jinja2")
    def list(self):
        now = utcnow()
        sessions = self.request.dbsession.scalars(
            select(WebSession)
            .where(
                WebSession.user_id == self.user.id,
                WebSession.generation == self.user.session_generation,
                WebSession.expires > now,
            )
            .order_by(WebSession.last_seen.desc())
        ).all()
        current = self.request.session.row
        token_expires = self.user.token_expiration if self.user.token else None
        return settings_values(
            self.context,
            title=_("Sessions"),
            sessions=sessions,
            current_id=current.id if current is not None else None,
            token_expires=token_expires if token_expires and token_expires > now else None,
        )

    @view_config(name="end", request_method="POST")
    def end(self):
        """Sign one other browser out (this one signs out with the navbar's button)."""
        dbsession = self.request.dbsession
        dbsession.execute(
            delete(WebSession).where(
                WebSession.user_id == self.user.id,
                WebSession.id == self.request.POST.get("session", ""),
                WebSession.id != self.request.session.row.id,
            )
        )
        mark_changed(dbsession)
        self.request.flash(_("That session has been signed out."), "success")
        return self.back()

    @view_config(name="revoke_token", request_method="POST")
    def revoke_token(self):
        revoke_token(self.user)
        self.request.flash(_("The API token has been revoked."), "success")
        return self.back()

    @view_config(name="end_all", request_method="POST")
    def end_all(self):
        """Every other session and the API token end; this browser stays signed in."""
        self.user.end_sessions()
        keep_this_session(self.request, self.user)
        self.request.flash(_("You are signed out everywhere else."), "success")
        return self.back()

    def back(self):
        return HTTPSeeOther(page_url(self.request, self.context))


def includeme(config):
    config.add_settings_page("sessions", SessionsPage, _("Sessions"), order=30)
