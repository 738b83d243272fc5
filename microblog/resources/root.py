"""The root of the site."""

from pyramid.authorization import Allow, Authenticated

from ..security import VERIFIED, Permission
from .admin import Admin
from .api import ApiRoot
from .avatars import Avatars
from .mastodon import OAuth, WellKnown
from .media import MediaFiles
from .messages import Messages
from .notifications import Notifications
from .passwords import PasswordResets
from .posts import Posts
from .settings import AccountSettings
from .tags import Tags
from .users import Users


class Root:
    """The site: signed-in users may view it and publish; each child adds its own rules."""

    __name__ = ""
    __parent__ = None
    __acl__ = [
        (Allow, Authenticated, Permission.VIEW),
        # an address still to confirm (REQUIRE_EMAIL_VERIFICATION) may read, not publish
        (Allow, VERIFIED, Permission.POST),
    ]

    def __init__(self, request):
        self.request = request
        self.children = {
            "user": Users(self, request),
            "post": Posts(self, request),
            "tag": Tags(self, request),
            "notifications": Notifications(self, request),
            "messages": Messages(self, request),
            "reset_password": PasswordResets(self, request),
            "api": ApiRoot(self, request),
            "avatar": Avatars(self, request),
            "settings": AccountSettings(self, request),
            "admin": Admin(self, request),
            "oauth": OAuth(self, request),
            ".well-known": WellKnown(self, request),
            "media": MediaFiles(self, request),
        }

    def __getitem__(self, name):
        return self.children[name]
