"""``/admin``: moderation (the report queue, suspensions) and administration (roles, the
audit trail), for the holders of the ``moderator`` and ``admin`` roles."""

from pyramid.authorization import DENY_ALL, Allow, Deny, Everyone
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..models import Report, User
from ..security import ADMIN, MODERATOR, Permission, principal_for
from .ids import row_id


def suspension_acl(user):
    """Who may suspend ``user``: nobody themself, nobody an admin, only admins a moderator."""
    rules = [(Deny, principal_for(user.id), Permission.SUSPEND)]
    if user.role == "admin":
        rules.append((Deny, Everyone, Permission.SUSPEND))
    elif user.role == "moderator":
        rules += [(Allow, ADMIN, Permission.SUSPEND), (Deny, Everyone, Permission.SUSPEND)]
    return rules


class Admin:
    """The container: moderators see the queue and act on it, admins also read the audit
    trail and give roles."""

    __name__ = "admin"
    __acl__ = [
        (Allow, MODERATOR, (Permission.VIEW, Permission.MODERATE, Permission.SUSPEND)),
        (Allow, ADMIN, Permission.ADMINISTER),
        DENY_ALL,
    ]

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request
        self.children = {
            "reports": Reports(self, "reports"),
            "users": AdminUsers(self, "users"),
            "audit": AuditTrail(self, "audit"),
        }

    def __getitem__(self, name):
        return self.children[name]


class AdminNode:
    def __init__(self, parent, name):
        self.__parent__, self.__name__ = parent, name

    @property
    def request(self):
        return self.__parent__.request


class Reports(AdminNode):
    """``/admin/reports``: the open reports; ``/admin/reports/{id}`` one of them."""

    def __getitem__(self, key):
        report = self.request.dbsession.get(
            Report, row_id(key), options=[joinedload(Report.user), joinedload(Report.post)]
        )
        if report is None:
            raise KeyError(key)
        return ReportContext(report, self)


class ReportContext:
    """One report, and the actions a moderator takes on it."""

    def __init__(self, report, parent):
        self.report, self.__parent__, self.__name__ = report, parent, str(report.id)

    @property
    def user(self):
        return self.report.user

    def __acl__(self):
        return suspension_acl(self.report.user)


class AdminUsers(AdminNode):
    """``/admin/users/{username}``: suspending, unsuspending, giving a role."""

    def __getitem__(self, username):
        user = self.request.dbsession.scalar(select(User).where(User.username == username))
        if user is None:
            raise KeyError(username)
        return AdminUserContext(user, self)


class AdminUserContext:
    """One account, as moderators and admins act on it."""

    def __init__(self, user, parent):
        self.user, self.__parent__, self.__name__ = user, parent, user.username

    def __acl__(self):
        # nobody changes their own role (an admin cannot lock the site out of admins)
        return [
            *suspension_acl(self.user),
            (Deny, principal_for(self.user.id), Permission.ADMINISTER),
        ]


class AuditTrail(AdminNode):
    """``/admin/audit``: everything moderators and admins did, newest first."""
