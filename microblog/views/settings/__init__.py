"""``/settings``: the account pages, one module each.

A module registers its page (``config.add_settings_page`` in its ``includeme``, the
context class beside its views) and is named in :data:`PAGES`; the menu, the ACL (the
signed-in user only) and the page's place in the tree come from the container
(``resources/settings.py``).
"""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...resources.settings import AccountSettings, add_settings_page
from ...security import Permission
from ..forms import FormView

SETTINGS_FORM = "microblog:templates/settings/form.jinja2"
SETTINGS_PAGE = "microblog:templates/settings/base.jinja2"
# the modules of the pages, each with an includeme that registers it
PAGES = ("password", "email", "sessions", "apps", "two_factor", "people", "delete")


class SettingsFormView(FormView):
    """A form on a settings page, shown beside the settings menu."""

    explanation = None

    def page(self):
        return {"settings": self.context.__parent__, "explanation": self.explanation}


def page_url(request, page):
    """``/settings/{name}`` (without the trailing slash ``resource_url`` gives a context)."""
    return request.resource_url(page.__parent__, page.__name__)


def settings_values(context, **values):
    """What a settings page's template needs besides its own values (the menu)."""
    return {"settings": context.__parent__, **values}


@view_config(context=AccountSettings, permission=Permission.ACCOUNT, request_method="GET")
def settings_index(context, request):
    return HTTPSeeOther(request.resource_url(context, context.pages()[0][0]))


def includeme(config):
    config.add_directive("add_settings_page", add_settings_page)
    for module in PAGES:
        config.include(f".{module}")
