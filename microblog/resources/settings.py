"""``/settings``: the signed-in user's own account pages.

Each page is a context class registered with ``config.add_settings_page`` (see
``views/settings/``): a new page is one module, its ``includeme`` and one
``config.include`` line. Every page inherits the container's ACL: only the signed-in user,
about their own account.
"""

from pyramid.authorization import DENY_ALL, Allow

from ..security import Permission, principal_for

PAGES = "microblog.settings_pages"


class AccountSettings:
    """The container: ``/settings/{page}`` is the page registered under that name."""

    __name__ = "settings"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    @property
    def user(self):
        return self.request.user

    def __acl__(self):
        user = self.request.user
        if user is None:
            return [DENY_ALL]
        return [(Allow, principal_for(user.id), (Permission.ACCOUNT, Permission.VIEW)), DENY_ALL]

    def __getitem__(self, name):
        page = self.request.registry.get(PAGES, {}).get(name)
        if page is None:
            raise KeyError(name)
        return page.factory(self, name)

    def pages(self):
        """``(name, title)`` of every page, in the order of the menu."""
        pages = sorted(self.request.registry.get(PAGES, {}).values(), key=lambda p: p.order)
        return [(page.name, page.title) for page in pages]


class SettingsPage:
    """One page under ``/settings``: its ``user`` is the signed-in user."""

    def __init__(self, parent, name):
        self.__parent__, self.__name__ = parent, name

    @property
    def request(self):
        return self.__parent__.request

    @property
    def user(self):
        return self.request.user


class RegisteredPage:
    def __init__(self, name, factory, title, order):
        self.name, self.factory, self.title, self.order = name, factory, title, order


def add_settings_page(config, name, factory=SettingsPage, title=None, order=100):
    """``config.add_settings_page("password", PasswordPage, _("Password"), 10)``: the page
    ``/settings/password`` is a ``factory(parent, name)`` and shows in the menu as
    ``title`` (translated), in ``order``."""

    def register():
        config.registry.setdefault(PAGES, {})[name] = RegisteredPage(name, factory, title, order)

    config.action(("microblog.settings_page", name), register)
