"""Users, found by username."""

from pyramid.authorization import Allow, Authenticated, Deny
from sqlalchemy import select

from ..models import User
from ..security import VERIFIED, Permission, blocked_principal, principal_for


class Users:
    """The ``/user`` container: ``/user/{username}`` is a :class:`UserContext`."""

    __name__ = "user"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    def __getitem__(self, username):
        user = self.request.dbsession.scalar(select(User).where(User.username == username))
        if user is None:
            raise KeyError(username)
        return UserContext(user, parent=self)


def user_acl(user):
    """Who may do what to ``user``: shared by the web and the API contexts."""
    me = principal_for(user.id)
    between_us = (Permission.FOLLOW, Permission.MESSAGE, Permission.BLOCK, Permission.REPORT)
    return [
        # nobody follows, messages, blocks or reports themself
        (Deny, me, between_us),
        # nor anyone a block stands between them and (either way)
        (Deny, blocked_principal(user.id), (Permission.FOLLOW, Permission.MESSAGE)),
        (
            Allow,
            Authenticated,
            (Permission.VIEW, Permission.FOLLOW, Permission.BLOCK, Permission.REPORT),
        ),
        # an address still to confirm (REQUIRE_EMAIL_VERIFICATION) may not write to anyone
        (Allow, VERIFIED, Permission.MESSAGE),
        # what one liked is one's own business
        (Allow, me, (Permission.EDIT, Permission.EXPORT, Permission.VIEW_LIKES)),
    ]


class UserContext:
    """One user's profile, and the actions on it."""

    def __init__(self, user, parent):
        self.user, self.__parent__, self.__name__ = user, parent, user.username

    @property
    def counterpart_id(self):
        """A block between this user and the visitor withholds following and messages."""
        return self.user.id

    def __acl__(self):
        return user_acl(self.user)
