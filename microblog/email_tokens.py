"""Links that prove an address belongs to an account: ``<user id>.<expiry>.<address>.<signature>``.

The same shape serves two purposes: confirming the address given at sign-up
(``verify``) and confirming a new address (``change``). The signature (an HMAC under
``SECRET_KEY``) covers the purpose, the user id, the expiry, the address the link is for
and the account's current address, so that a link stops working once the account's
address has changed (it is single-use) and cannot be turned into another purpose.
"""

import base64
import hashlib
import hmac
import time

from .models import User
from .reset_tokens import ExpiredToken, InvalidToken

PURPOSES = ("verify", "change")


def make_email_token(user, purpose, address, secret, expires_in, now=None):
    expires = int((time.time() if now is None else now) + expires_in)
    encoded = base64.urlsafe_b64encode(address.encode("utf-8")).rstrip(b"=").decode("ascii")
    signature = _signature(secret, purpose, user.id, expires, address, user.email)
    return f"{user.id}.{expires}.{encoded}.{signature}"


def read_email_token(dbsession, token, purpose, secret, now=None):
    """``(user, address)`` of a genuine link; raises :class:`InvalidToken` or
    :class:`ExpiredToken`."""
    parts = token.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and len(p) < 19 for p in parts[:2]):
        raise InvalidToken(token)
    user_id, expires = int(parts[0]), int(parts[1])
    try:
        padded = parts[2] + "=" * (-len(parts[2]) % 4)
        address = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except ValueError as error:  # not base64, not ASCII, not UTF-8
        raise InvalidToken(token) from error
    user = dbsession.get(User, user_id) if user_id < 2**31 else None
    if user is None:
        raise InvalidToken(token)
    expected = _signature(secret, purpose, user_id, expires, address, user.email)
    if not hmac.compare_digest(expected.encode("ascii"), parts[3].encode("utf-8")):
        raise InvalidToken(token)
    if expires < (time.time() if now is None else now):
        raise ExpiredToken(token)
    return user, address


def _signature(secret, purpose, user_id, expires, address, current):
    message = "\0".join(
        ["microblog.email." + purpose, str(user_id), str(expires), address, current]
    ).encode("utf-8")
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
