"""API tokens: random, short-lived, revocable, compared in constant time (tutorial chapter 23)."""

import hmac
import secrets
from datetime import timedelta

from sqlalchemy import bindparam, select

from ..models import User, utcnow
from ..text import is_clean_line

# a token with less than this left is replaced rather than handed out again, so that a
# client never receives a token that dies before its next request
REUSE_MARGIN = timedelta(seconds=60)


def issue_token(user, lifetime, now=None):
    """The user's current token while it has more than a minute left, else a new one."""
    now = now or utcnow()
    if user.token and user.token_expiration and user.token_expiration > now + REUSE_MARGIN:
        return user.token
    user.token = secrets.token_urlsafe(32)
    user.token_expiration = now + timedelta(seconds=lifetime)
    return user.token


def revoke_token(user, now=None):
    """End the token's life now; the next request for a token gets a new one."""
    user.token_expiration = (now or utcnow()) - timedelta(seconds=1)


# built once: every API request looks its caller up with it
_BY_TOKEN = select(User).where(User.token == bindparam("token"))


def user_for_token(dbsession, token, now=None):
    """The owner of ``token`` while it is valid, else ``None``."""
    if not token or len(token) > 64 or not is_clean_line(token):
        return None
    user = dbsession.scalar(_BY_TOKEN, {"token": token})
    # the unique index finds the row; the secret itself is then checked in constant time,
    # so that the answer never depends on how many leading characters a guess got right
    if user is None or not hmac.compare_digest(user.token.encode(), token.encode()):
        return None
    if user.token_expiration is None or user.token_expiration <= (now or utcnow()):
        return None
    return user
