"""The security policy: who is asking (session or API credentials), and the ACL check."""

from pyramid.authorization import ACLHelper, Authenticated, Everyone

from ..models import User, unit_of_work
from .credentials import api_user, is_api_request


def principal_for(user_id):
    return f"user:{user_id}"


class SecurityPolicy:
    """The server-side session identifies web users (``sessions.py``); the API branch has
    its own credentials (``credentials.py``) and never trusts the session cookie, so a page
    cannot be tricked into making API calls with a visitor's session."""

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
            user = api_user(request) if is_api_request(request) else self.session_user(request)
            if user is not None:
                user.touch()
        return user

    def session_user(self, request):
        session = request.session
        if session.user_id is None:
            return None
        user = request.dbsession.get(User, session.user_id)
        if user is None or not session.is_of(user):
            # signed out everywhere since (a new password): this session is over
            session.invalidate()
            return None
        return user

    def effective_principals(self, request):
        principals = [Everyone]
        user = request.user
        if user is not None:
            principals += [Authenticated, principal_for(user.id)]
        return principals

    def permits(self, request, context, permission):
        return ACLHelper().permits(context, self.effective_principals(request), permission)

    def remember(self, request, userid, remember_me=False, **kw):
        """Sign ``userid`` in on this browser's session (its cookie goes out with it)."""
        request.session.sign_in(request.dbsession.get(User, userid), remembered=remember_me)
        return []

    def forget(self, request, **kw):
        request.session.invalidate()
        return []
