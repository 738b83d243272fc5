"""The security policy: who is asking (cookie or API credentials), and the ACL check."""

from datetime import timedelta

from pyramid.authentication import AuthTktCookieHelper
from pyramid.authorization import ACLHelper, Authenticated, Everyone

from ..models import User, unit_of_work
from .credentials import api_user, is_api_request

REMEMBER_ME_FOR = timedelta(days=30)


def principal_for(user_id):
    return f"user:{user_id}"


class SecurityPolicy:
    """The signed auth cookie identifies web users; the API branch has its own credentials
    (``credentials.py``) and never trusts the cookie, so a page cannot be tricked into
    making API calls with a visitor's session."""

    def __init__(self, secret, secure=False):
        self.cookie = AuthTktCookieHelper(
            secret,
            cookie_name="microblog_auth",
            hashalg="sha512",
            http_only=True,
            samesite="Lax",
            secure=secure,
            wild_domain=False,
        )

    def identity(self, request):
        return request.user

    def authenticated_userid(self, request):
        user = request.user
        return None if user is None else user.id

    def load_user(self, request):
        """``request.user``: the signed-in user, seen now (``last_seen``), or ``None``."""
        # a request that pyramid_tm leaves alone (see ``models``) looks its user up in a
        # short transaction of its own
        with unit_of_work(request):
            user = api_user(request) if is_api_request(request) else self.cookie_user(request)
            if user is not None:
                user.touch()
        return user

    def cookie_user(self, request):
        ticket = self.cookie.identify(request)
        if not ticket:
            return None
        try:
            user_id = int(ticket["userid"])
        except (TypeError, ValueError):
            return None
        return request.dbsession.get(User, user_id)

    def effective_principals(self, request):
        principals = [Everyone]
        user = request.user
        if user is not None:
            principals += [Authenticated, principal_for(user.id)]
        return principals

    def permits(self, request, context, permission):
        return ACLHelper().permits(context, self.effective_principals(request), permission)

    def remember(self, request, userid, remember_me=False, **kw):
        max_age = int(REMEMBER_ME_FOR.total_seconds()) if remember_me else None
        return self.cookie.remember(request, str(userid), max_age=max_age)

    def forget(self, request, **kw):
        return self.cookie.forget(request)
