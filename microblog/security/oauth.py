"""OAuth 2 for the Mastodon API: finding tokens and applications, registering and revoking.

The server itself (``oauth_server.py``) is oauthlib's: it parses and checks the requests
(grant types, PKCE, redirect URIs, scopes, errors as RFC 6749 words them). Grants:
``authorization_code`` (with PKCE, S256 or plain, optional as in Mastodon),
``client_credentials`` and ``refresh_token`` (the refresh token is rotated and the token
it refreshed revoked). Access tokens do not expire, as Mastodon's do not: they live until
revoked, by the user on the settings page or by the client (``/oauth/revoke``).
"""

import secrets
from datetime import timedelta

from sqlalchemy import select

from ..models import OAuthApplication, OAuthToken, utcnow
from ..models.oauth import digest

OOB = "urn:ietf:wg:oauth:2.0:oob"
CODE_LIFETIME = timedelta(minutes=10)


def new_secret():
    return secrets.token_urlsafe(32)


def find_token(dbsession, token):
    """The live :class:`OAuthToken` whose access token is ``token``, or ``None``."""
    if not token or len(token) > 200:
        return None
    row = dbsession.scalar(select(OAuthToken).where(OAuthToken.token_digest == digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    return row


def find_application(dbsession, client_id):
    if not client_id or len(client_id) > 64:
        return None
    return dbsession.scalar(select(OAuthApplication).where(OAuthApplication.client_id == client_id))


def register_application(dbsession, name, redirect_uris, scopes, website=None):
    """A new application and its client secret (shown once, stored as a digest)."""
    secret = new_secret()
    application = OAuthApplication(
        name=name,
        website=website,
        redirect_uris="\n".join(redirect_uris),
        scopes=" ".join(scopes),
        client_id=new_secret(),
        client_secret_digest=digest(secret),
    )
    dbsession.add(application)
    dbsession.flush()
    return application, secret


def revoke_application(dbsession, user, application_id):
    """Revoke every token ``user`` gave the application (the settings page)."""
    tokens = dbsession.scalars(
        select(OAuthToken).where(
            OAuthToken.user_id == user.id,
            OAuthToken.application_id == application_id,
            OAuthToken.revoked_at.is_(None),
        )
    )
    now = utcnow()
    for token in tokens:
        token.revoke(now)
    dbsession.flush()
