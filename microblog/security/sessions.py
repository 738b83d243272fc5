"""Sessions on the server: the cookie carries a random secret, nothing else.

``request.session`` is a :class:`ServerSession`: a dict of what the application keeps
(flash messages, the remembered ``next``...) stored as the ``web_session`` row that the
secret's SHA-256 names, with who signed in, when and from where. So signing out, or a new
password, really ends a session: the row is gone (or of an old generation), and a copy of
the cookie leads nowhere. The cookie stays small however many messages wait in it.

The CSRF token is derived from the secret (an HMAC under ``SECRET_KEY``): a visitor who has
only looked at the sign-in form costs no row. A row is written once there is something to
keep, and then at most once a minute to note that the session is still in use. Rows are
written in the request's own transaction, by :func:`session_tween_factory`, just before
pyramid_tm commits it.
"""

import hashlib
import hmac
import json
import random
import secrets
import sys
import time

from pyramid.interfaces import ICSRFStoragePolicy, ISession
from pyramid.tweens import EXCVIEW
from sqlalchemy import bindparam, delete, select
from zope.interface import implementer
from zope.sqlalchemy import mark_changed

from ..models import User, WebSession, unit_of_work, utcnow
from ..models.web_session import USER_AGENT_LENGTH, delete_expired_sessions, session_key
from ..text import is_clean_line

COOKIE_NAME = "session"
SECRET_BYTES = 32
SECRET_LENGTH = 43  # token_urlsafe(32)
# flash messages kept per queue: a client posting without reading pages keeps the latest
FLASH_QUEUE_LENGTH = 10
# one new row in this many removes the rows of sessions that have ended
PRUNE_ONE_IN = 50
# where the reader's CSRF token goes in HTML kept for many readers (a post's card, a blank
# form): escaping turns any "<" of a text into "&lt;", so only a template wrote this
CSRF_SLOT = "<csrf-token>"
# the session's row and its user in one statement: a signed-in request then finds its user
# in the session's identity map (``SecurityPolicy.session_user``) without a second query
SESSION_AND_USER = (
    select(WebSession, User)
    .outerjoin(User, User.id == WebSession.user_id)
    .where(WebSession.id == bindparam("key"))
)


def is_secret(value):
    return (
        isinstance(value, str)
        and len(value) == SECRET_LENGTH
        and is_clean_line(value)
        and value.isascii()
    )


def _changes(method):
    def changing(self, *args, **kw):
        self.dirty = True
        return method(self, *args, **kw)

    changing.__name__ = method.__name__
    return changing


@implementer(ISession)
class ServerSession(dict):
    """One browser's session, loaded from its row (if it has one) on first use."""

    def __init__(self, request, secret, row, user=None):
        super().__init__(row.get_data() if row is not None else {})
        self.request, self.secret, self.row = request, secret, row
        # the user read with the row: held here, it stays in the database session's identity
        # map (which holds unchanged rows weakly), where ``dbsession.get`` finds it
        self.user = user
        self.created = row.created.timestamp() if row is not None else time.time()
        self.new = row is None
        self.dirty = False
        self.issued = False  # a new secret, for a new cookie
        self.ended = False

    __setitem__ = _changes(dict.__setitem__)
    __delitem__ = _changes(dict.__delitem__)
    clear = _changes(dict.clear)
    pop = _changes(dict.pop)
    popitem = _changes(dict.popitem)
    setdefault = _changes(dict.setdefault)
    update = _changes(dict.update)

    # who is signed in ----------------------------------------------------------------------
    @property
    def user_id(self):
        return None if self.row is None else self.row.user_id

    def sign_in(self, user, remembered=False):
        """``user`` signed in here: under a new secret (what a visitor's cookie held before
        signing in is worth nothing after), with the user's current generation."""
        self.rotate()
        now = utcnow()
        self.row = WebSession(
            id=session_key(self.secret),
            user_id=user.id,
            generation=user.session_generation,
            remembered=remembered,
            created=now,
            last_seen=now,
            expires=now + WebSession.lifetime(remembered),
            user_agent=(self.request.user_agent or "")[:USER_AGENT_LENGTH] or None,
            address=self.request.remote_addr,
        )
        self.dirty = True

    def is_of(self, user):
        """True while this session is a session of ``user``'s current generation."""
        row = self.row
        return (
            row is not None
            and row.user_id == user.id
            and row.generation == (user.session_generation or 0)
        )

    # the secret ----------------------------------------------------------------------------
    def ensure_secret(self):
        if self.secret is None:
            self.secret = secrets.token_urlsafe(SECRET_BYTES)
            self.issued = True
        return self.secret

    def rotate(self):
        """A new secret for this session (the same user, the same data); the row under
        the old one goes."""
        old = self.row
        self._drop_row()
        self.secret = None
        self.ensure_secret()
        if old is not None:
            self.row = old.copy(session_key(self.secret))
        self.dirty = True

    def _drop_row(self):
        if self.row is not None:
            with unit_of_work(self.request) as dbsession:
                if self.row in dbsession:
                    dbsession.expunge(self.row)
                dbsession.execute(delete(WebSession).where(WebSession.id == self.row.id))
                mark_changed(dbsession)
            self.row = None

    # ISession --------------------------------------------------------------------------------
    def changed(self):
        self.dirty = True

    def invalidate(self):
        """End the session: its row goes, and the browser is told to forget the cookie
        (unless something is kept afterwards, a goodbye: that starts a new session)."""
        self._drop_row()
        dict.clear(self)
        self.secret = None
        self.issued = False
        self.ended = True
        self.dirty = False

    def flash(self, msg, queue="", allow_duplicate=True):
        messages = self.get("_f_" + queue, [])
        if allow_duplicate or msg not in messages:
            self["_f_" + queue] = [*messages, msg][-FLASH_QUEUE_LENGTH:]
        return True

    def pop_flash(self, queue=""):
        return self.pop("_f_" + queue, []) if "_f_" + queue in self else []

    def peek_flash(self, queue=""):
        return self.get("_f_" + queue, [])

    def new_csrf_token(self):
        return self.request.registry.getUtility(ICSRFStoragePolicy).new_csrf_token(self.request)

    def get_csrf_token(self):
        return self.request.registry.getUtility(ICSRFStoragePolicy).get_csrf_token(self.request)

    # saving ----------------------------------------------------------------------------------
    def save(self, response, settings):
        """Write the row if anything changed (or note the visit), and set the cookie.

        An answer from an exception view writes nothing: pyramid_tm aborts its
        transaction, which may have failed already (its rows expired), and a retried
        attempt leaves the session to the next one."""
        if self.request.exception is None:
            with unit_of_work(self.request) as dbsession:
                if self.dirty and (self or self.row is not None):
                    self._write(dbsession)
                elif self.row is not None and self.row.seen():
                    dbsession.add(self.row)
        if self.ended and not self.issued and self.request.cookies.get(COOKIE_NAME):
            response.delete_cookie(COOKIE_NAME, path="/")
        if self.issued:
            remembered = self.row is not None and self.row.remembered
            response.set_cookie(
                COOKIE_NAME,
                self.secret,
                max_age=int(WebSession.lifetime(True).total_seconds()) if remembered else None,
                path="/",
                httponly=True,
                samesite="Lax",
                secure=settings["microblog.secure_cookies"],
            )

    def _write(self, dbsession):
        now = utcnow()
        if self.row is None:
            self.row = WebSession(
                id=session_key(self.ensure_secret()),
                created=now,
                last_seen=now,
                expires=now + WebSession.lifetime(False),
                address=self.request.remote_addr,
            )
            if random.randrange(PRUNE_ONE_IN) == 0:
                delete_expired_sessions(dbsession, now)
        self.row.data = json.dumps(dict(self), separators=(",", ":"))
        self.row.seen(now)
        dbsession.add(self.row)
        dbsession.flush()


def session_factory(request):
    """``request.session``: the session the cookie names, or a new one."""
    secret = request.cookies.get(COOKIE_NAME)
    if not is_secret(secret):
        return ServerSession(request, None, None)
    with unit_of_work(request) as dbsession:
        found = dbsession.execute(SESSION_AND_USER, {"key": session_key(secret)}).first()
    row, user = found if found is not None else (None, None)
    if row is not None and row.is_expired():
        row = user = None
    # a secret without a row (a visitor who has only been given a CSRF token) stays: its
    # token must go on matching
    return ServerSession(request, secret, row, user)


def current_secret(request):
    """The session's secret, read from the cookie while nothing asked for the session itself:
    a token costs no query (an error page's language menu, with the database down)."""
    session = request.__dict__.get("session")
    if session is not None:
        return session.secret
    secret = request.cookies.get(COOKIE_NAME)
    return secret if is_secret(secret) else None


@implementer(ICSRFStoragePolicy)
class SessionCSRF:
    """CSRF tokens bound to the session's secret: ``HMAC(SECRET_KEY, secret)``. Nothing to
    store, and a new secret (signing in, signing out) makes a new token."""

    def __init__(self, secret_key):
        self.key = hashlib.sha256(b"microblog.csrf:" + secret_key.encode("utf-8")).digest()

    def new_csrf_token(self, request):
        request.session.rotate()
        return self.get_csrf_token(request)

    def get_csrf_token(self, request):
        secret = current_secret(request) or request.session.ensure_secret()
        return hmac.new(self.key, secret.encode("ascii"), hashlib.sha256).hexdigest()

    def check_csrf_token(self, request, supplied_token):
        if current_secret(request) is None:
            return False
        expected = self.get_csrf_token(request)
        return hmac.compare_digest(expected.encode(), (supplied_token or "").encode())


def session_tween_factory(handler, registry):
    settings = registry.settings

    def session_tween(request):
        response = handler(request)
        # only a request that used its session has one to save
        session = request.__dict__.get("session")
        if session is not None:
            try:
                session.save(response, settings)
            except Exception:
                # out here no exception view would answer (the database went down in
                # between): ask for the answer it would give, and pyramid_tm aborts
                return request.invoke_exception_view(sys.exc_info())
        return response

    return session_tween


def includeme(config):
    settings = config.get_settings()
    config.set_session_factory(session_factory)
    config.set_csrf_storage_policy(SessionCSRF(settings["microblog.secret_key"]))
    # inside pyramid_tm's transaction (saved before it commits), around the exception views
    # (an error page's session is saved too, and rolled back with its transaction)
    config.add_tween(
        "microblog.security.sessions.session_tween_factory",
        under="pyramid_tm.tm_tween_factory",
        over=EXCVIEW,
    )
