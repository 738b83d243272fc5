"""``/settings/blocked`` and ``/settings/muted``: the accounts one keeps away, and taking
them back."""

from pyramid.view import view_config
from sqlalchemy import select

from ...i18n import _
from ...models import User
from ...models.safety import blocks, mutes
from ...resources.settings import SettingsPage
from ...security import Permission
from ..lists import OWNER
from ..pagination import Keyset, Listing, paginate, web_window
from . import settings_values


def kept_away(table, one, other):
    """The accounts in ``table`` that the owner keeps away, the latest first."""
    return Listing(
        Keyset(table.c.created, table.c[other]),
        lambda keys: select(User).join(keys, User.id == keys.c[other]),
        criteria=(table.c[one] == OWNER,),
    )


class BlockedPage(SettingsPage):
    """The accounts the user blocked."""

    title = _("Blocked accounts")
    empty = _("You have not blocked anyone.")
    undo, undo_label = "unblock", _("Unblock")
    listing = kept_away(blocks, "blocker_id", "blocked_id")


class MutedPage(SettingsPage):
    """The accounts the user muted."""

    title = _("Muted accounts")
    empty = _("You have not muted anyone.")
    undo, undo_label = "unmute", _("Unmute")
    listing = kept_away(mutes, "muter_id", "muted_id")


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
    page = paginate(request, context.listing.of(user_id=context.user.id), web_window(request))
    return settings_values(context, title=context.title, page=page)


def includeme(config):
    config.add_settings_page("blocked", BlockedPage, _("Blocked"), order=50)
    config.add_settings_page("muted", MutedPage, _("Muted"), order=60)
