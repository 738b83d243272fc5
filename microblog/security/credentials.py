"""The API's credentials: a bearer token on every call, HTTP Basic only to get one.

The Mastodon API (``/api/v1``, ``/api/v2``) takes only OAuth 2 access tokens
(``oauth.py``); the site's own API only its own tokens (``tokens.py``).

Basic credentials count only on ``POST /api/tokens``, as in the tutorial: a password is
exchanged once for a short-lived token, and never travels with every call. The site's
session cookie never counts here (see :class:`~microblog.security.policy.SecurityPolicy`).
"""

import base64

from ..models.user import authenticate
from ..services.interfaces import IThrottle
from ..services.throttle import LOGIN_ACCOUNT, LOGIN_ADDRESS, client_address
from .oauth import find_token
from .tokens import user_for_token
from .two_factor import second_factor_ok

REALM = "Microblog API"
# where POST /api/tokens takes the second factor of an account that has one
CODE_HEADER = "X-TOTP-Code"
NEEDS_CODE = "microblog.needs_code"
TOKENS_PATH = "/api/tokens"


def is_api_request(request):
    return request.path_info == "/api" or request.path_info.startswith("/api/")


def is_mastodon_request(request):
    path = request.path_info
    return path.startswith(("/api/v1/", "/api/v2/")) or path in ("/api/v1", "/api/v2")


def oauth_token(request):
    """``request.oauth_token``: the live OAuth token a Mastodon API request carries, or
    ``None`` (the site's own API and pages never take one)."""
    if not is_mastodon_request(request):
        return None
    return find_token(request.dbsession, credentials(request, "bearer"))


def takes_password(request):
    return request.method == "POST" and request.path_info.rstrip("/") == TOKENS_PATH


def credentials(request, scheme):
    """The credentials of ``Authorization: <scheme> ...``, or ``None``."""
    given, _, value = request.headers.get("Authorization", "").partition(" ")
    if given.lower() != scheme:
        return None
    return value.strip()


def password_user(request, encoded):
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except ValueError:  # not base64 (binascii.Error), not ASCII, not UTF-8
        return None
    username, _, password = decoded.partition(":")
    user = checked_password(request, username, password)
    if user is not None and user.totp_secret:
        # two-factor sign-in: the code from the app (or a recovery code) comes too
        code = request.headers.get(CODE_HEADER, "")
        if not second_factor_ok(request.dbsession, user, code):
            request.find_service(IThrottle).count(
                LOGIN_ACCOUNT, "account", username.strip().lower()[:64]
            )
            request.environ[NEEDS_CODE] = True
            return None
    return user


def checked_password(request, username, password):
    """The user with these credentials, or ``None``; behind the sign-in throttles, which
    count the failures per account and per address and refuse (``Throttled``) once either
    has had too many, the right password included: guessing has to slow down."""
    throttle = request.find_service(IThrottle)
    tries = [
        (LOGIN_ACCOUNT, "account", username.strip().lower()[:64]),
        (LOGIN_ADDRESS, "address", client_address(request)),
    ]
    for limit, *identity in tries:
        throttle.check(limit, *identity)
    user = authenticate(request.dbsession, username, password)
    if user is None:
        for limit, *identity in tries:
            throttle.count(limit, *identity)
    return user


def api_user(request):
    """The caller of an API request, or ``None`` (also for an application's own token)."""
    if is_mastodon_request(request):
        token = request.oauth_token
        return token.user if token is not None else None
    if takes_password(request):
        encoded = credentials(request, "basic")
        return password_user(request, encoded) if encoded else None
    return user_for_token(request.dbsession, credentials(request, "bearer"))


def challenge(request):
    """The ``WWW-Authenticate`` header and message of a 401 answer to an API request."""
    if is_mastodon_request(request):
        error = ', error="invalid_token"' if credentials(request, "bearer") else ""
        return f'Bearer realm="{REALM}"{error}', "The access token is invalid"
    if takes_password(request):
        if request.environ.get(NEEDS_CODE):
            return (
                f'Basic realm="{REALM}"',
                f"This account uses two-factor sign-in: send the current code from its app "
                f"(or a recovery code) in an {CODE_HEADER} header with the password.",
            )
        return (
            f'Basic realm="{REALM}"',
            "Send your username and password with HTTP Basic authentication.",
        )
    if credentials(request, "bearer"):
        return (
            f'Bearer realm="{REALM}", error="invalid_token"',
            "The token is invalid, expired or revoked; POST /api/tokens for a new one.",
        )
    return (
        f'Bearer realm="{REALM}"',
        "Send a token in an 'Authorization: Bearer <token>' header; POST /api/tokens gives one.",
    )
