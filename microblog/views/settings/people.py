"""``/settings/blocked`` and ``/settings/muted``: the accounts one keeps away, and taking
them back."""

from pyramid.view import view_config

from ...i18n import _
from ...models.safety import blocked_by, muted_by
from ...resources.settings import SettingsPage
from ...security import Permission
from ..pagination import Page
from . import settings_values


class BlockedPage(SettingsPage):
    """The accounts the user blocked."""

    title = _("Blocked accounts")
    empty = _("You have not blocked anyone.")
    undo, undo_label = "unblock", _("Unblock")
    listed = staticmethod(blocked_by)


class MutedPage(SettingsPage):
    """The accounts the user muted."""

    title = _("Muted accounts")
    empty = _("You have not muted anyone.")
    undo, undo_label = "unmute", _("Unmute")
    listed = staticmethod(muted_by)


@view_config(
    context=BlockedPage,
    permission=Permission.ACCOUNT,
    request_method="GET",
    renderer="microblog:templates/settings/people.jinja2",
)
@view_config(
    context=MutedPage,
    permission=Permission.ACCOUNT,
    request_method="GET",
    renderer="microblog:templates/settings/people.jinja2",
)
def people(context, request):
    page = Page(request, context.listed(context.user))
    return settings_values(context, title=context.title, page=page)


def includeme(config):
    config.add_settings_page("blocked", BlockedPage, _("Blocked"), order=50)
    config.add_settings_page("muted", MutedPage, _("Muted"), order=60)
