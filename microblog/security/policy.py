"""The security policy: who is asking (session or API credentials), and the ACL check."""

from pyramid.authorization import ACLHelper, Authenticated, Everyone
from sqlalchemy import select

from ..models import User, unit_of_work
from ..models.safety import blocked_either_way, relationship
from .credentials import api_user, is_api_request

# principals beyond Everyone, Authenticated and user:<id>
VERIFIED = "verified"  # an account whose address is confirmed (or where none need be)
MODERATOR = "role:moderator"
ADMIN = "role:admin"
ROLE_PRINCIPALS = {"moderator": [MODERATOR], "admin": [ADMIN, MODERATOR]}
# the permissions a block between two people withholds, on the contexts that name the
# other person (``counterpart_id``: a user, a post's author); only they cost a query
BLOCKABLE = {"follow", "message", "reply", "like", "repost"}
RELATIONSHIPS = "microblog.relationships"
BLOCKED_IDS = "microblog.blocked_ids"


def principal_for(user_id):
    return f"user:{user_id}"


def blocked_principal(user_id):
    """Held by everyone a block stands between with ``user_id`` (either way)."""
    return f"blocked:{user_id}"


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
            # a suspended account (or one waiting for removal) has no sessions or tokens
            # that work, whatever was issued before
            if user is not None and not user.is_active:
                user = None
            if user is not None:
                user.touch()
        return user

    def session_user(self, request):
        session = request.session
        if session.user_id is None:
            return None
        user = request.dbsession.get(User, session.user_id)
        if user is None or not session.is_of(user) or not user.is_active:
            # signed out everywhere since (a new password, a suspension): this session is over
            session.invalidate()
            return None
        return user

    def effective_principals(self, request):
        principals = [Everyone]
        user = request.user
        if user is not None:
            principals += [Authenticated, principal_for(user.id)]
            principals += ROLE_PRINCIPALS.get(user.role, [])
            if user.email_verified or not request.registry.settings.get(
                "microblog.require_email_verification"
            ):
                principals.append(VERIFIED)
        return principals

    def permits(self, request, context, permission):
        principals = self.effective_principals(request)
        other = counterpart(context)
        if (
            permission in BLOCKABLE
            and other is not None
            and request.user is not None
            and is_blocked(request, other)
        ):
            principals = [*principals, blocked_principal(other)]
        return ACLHelper().permits(context, principals, permission)

    def remember(self, request, userid, remember_me=False, **kw):
        """Sign ``userid`` in on this browser's session (its cookie goes out with it)."""
        request.session.sign_in(request.dbsession.get(User, userid), remembered=remember_me)
        return []

    def forget(self, request, **kw):
        request.session.invalidate()
        return []


def counterpart(context):
    """The other person of ``context`` or of the nearest context above it (a post's like
    is a part of the post): the id a block would stand between the visitor and."""
    while context is not None:
        found = getattr(context, "counterpart_id", None)
        if found is not None:
            return found
        context = getattr(context, "__parent__", None)
    return None


def relationship_with(request, other):
    """``request.relationship(other)``: where the signed-in user stands with ``other``
    (following, blocking, blocked_by, muting, and ``blocked``: either way), asked once per
    request and user."""
    cache = request.environ.setdefault(RELATIONSHIPS, {})
    if other.id not in cache:
        found = relationship(request.dbsession, request.user.id, other.id)
        found["blocked"] = found["blocking"] or found["blocked_by"]
        cache[other.id] = found
    return cache[other.id]


def is_blocked(request, other_id):
    """Whether a block stands between the signed-in user and ``other_id``, from the list
    of every account blocked either way: one query per request, whatever a page lists
    and whoever wrote it (a page's cost never depends on whose posts it shows)."""
    if BLOCKED_IDS not in request.environ:
        ids = select(blocked_either_way(request.user.id).subquery().c[0])
        request.environ[BLOCKED_IDS] = set(request.dbsession.scalars(ids))
    return other_id in request.environ[BLOCKED_IDS]


def know_blocked(request, ids):
    """What :func:`is_blocked` would read, learnt by a query that asked for more (a list's
    hidden people): ``ids`` are every account blocked either way."""
    request.environ.setdefault(BLOCKED_IDS, set(ids))


def forget_relationships(request):
    """Called after a follow, block or mute changed them within the request."""
    request.environ.pop(RELATIONSHIPS, None)
    request.environ.pop(BLOCKED_IDS, None)
