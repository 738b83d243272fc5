"""Password reset tokens: ``<user id>.<expiry>.<signature>``.

The signature is an HMAC (SHA-256, keyed with ``SECRET_KEY``) over the user id, the expiry
time and the user's current password hash. Nothing is stored: a token is good until it
expires, and stops working as soon as the password changes, which makes it single-use.
"""

import base64
import hashlib
import hmac
import time

from .models import User

PURPOSE = b"microblog.reset_password"


class InvalidToken(Exception):
    """The token is malformed, forged, for an unknown user, or already used."""


class ExpiredToken(InvalidToken):
    """The token was genuine but its time is up."""


def make_token(user, secret, expires_in, now=None):
    expires = int((time.time() if now is None else now) + expires_in)
    return f"{user.id}.{expires}.{_signature(secret, user.id, expires, user.password_hash)}"


def read_token(dbsession, token, secret, now=None):
    """The user a token was made for; raises :class:`InvalidToken` or :class:`ExpiredToken`."""
    parts = token.split(".")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() and len(p) < 19 for p in parts[:2]):
        raise InvalidToken(token)
    user_id, expires, signature = int(parts[0]), int(parts[1]), parts[2]
    user = dbsession.get(User, user_id)
    if user is None:
        raise InvalidToken(token)
    expected = _signature(secret, user_id, expires, user.password_hash)
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8")):
        raise InvalidToken(token)
    if expires < (time.time() if now is None else now):
        raise ExpiredToken(token)
    return user


def _signature(secret, user_id, expires, password_hash):
    message = b"\0".join(
        [
            PURPOSE,
            str(user_id).encode(),
            str(expires).encode(),
            (password_hash or "").encode("utf-8"),
        ]
    )
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
