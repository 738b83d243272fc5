"""The OAuth 2 server on oauthlib's endpoints: :class:`Validator` answers oauthlib's
questions about clients, codes and tokens from the database; :func:`server` puts the
endpoints together (``oauth.py`` has the lookups and the registration)."""

import base64
import binascii
import secrets
from urllib.parse import unquote

from oauthlib.oauth2 import (
    AuthorizationCodeGrant,
    AuthorizationEndpoint,
    BearerToken,
    ClientCredentialsGrant,
    RefreshTokenGrant,
    RequestValidator,
    RevocationEndpoint,
    TokenEndpoint,
)
from sqlalchemy import select

from ..models import OAuthCode, OAuthToken, utcnow
from ..models.oauth import digest
from . import scopes as oauth_scopes
from .oauth import CODE_LIFETIME, find_application, find_token, new_secret


class Validator(RequestValidator):
    """oauthlib's questions, answered from the database of the request being served."""

    def __init__(self, dbsession):
        self.db = dbsession

    # clients ---------------------------------------------------------------------------
    def client_authentication_required(self, request, *args, **kwargs):
        # a public client proves itself with PKCE instead of a secret
        return not (request.grant_type == "authorization_code" and request.code_verifier)

    def authenticate_client(self, request, *args, **kwargs):
        client_id, secret = request.client_id, request.client_secret
        if not secret and request.headers.get("Authorization", "").lower().startswith("basic "):
            client_id, secret = self._basic(request)
        application = find_application(self.db, client_id)
        if application is None or not secret:
            return False
        if not secrets.compare_digest(application.client_secret_digest, digest(secret)):
            return False
        request.client = application
        request.client_id = application.client_id
        return True

    def _basic(self, request):
        try:
            raw = base64.b64decode(request.headers["Authorization"][6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        client_id, _, secret = raw.partition(":")
        return unquote(client_id), unquote(secret)

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        application = find_application(self.db, client_id)
        if application is None:
            return False
        request.client = application
        return True

    def validate_client_id(self, client_id, request, *args, **kwargs):
        application = find_application(self.db, client_id)
        if application is not None:
            request.client = application
        return application is not None

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type in ("authorization_code", "client_credentials", "refresh_token")

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        return response_type == "code"

    # redirect URIs and scopes ----------------------------------------------------------
    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return redirect_uri in request.client.redirect_uri_list

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        uris = request.client.redirect_uri_list
        return uris[0] if len(uris) == 1 else None

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return list(oauth_scopes.DEFAULT)

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return oauth_scopes.known(scopes) and oauth_scopes.within(scopes, client.scope_list)

    # authorization codes ---------------------------------------------------------------
    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        self.db.add(
            OAuthCode(
                code_digest=digest(code["code"]),
                application_id=request.client.id,
                user_id=request.user.id,
                redirect_uri=request.redirect_uri,
                scopes=" ".join(request.scopes),
                code_challenge=request.code_challenge,
                code_challenge_method=request.code_challenge_method,
                expires_at=utcnow() + CODE_LIFETIME,
            )
        )
        self.db.flush()

    def _code(self, code):
        if not code or len(code) > 200:
            return None
        return self.db.scalar(select(OAuthCode).where(OAuthCode.code_digest == digest(code)))

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        row = self._code(code)
        if row is None or row.application_id != client.id or row.expires_at <= utcnow():
            return False
        request.user = row.user_id
        request.scopes = row.scopes.split()
        request.code_row = row
        return True

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kw):
        row = self._code(code)
        return row is not None and row.redirect_uri == redirect_uri

    def is_pkce_required(self, client_id, request):
        return False

    def get_code_challenge(self, code, request):
        row = self._code(code)
        return row.code_challenge if row is not None else None

    def get_code_challenge_method(self, code, request):
        row = self._code(code)
        return row.code_challenge_method if row is not None else None

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        row = self._code(code)
        if row is not None:
            self.db.delete(row)
            self.db.flush()

    # tokens ----------------------------------------------------------------------------
    def save_bearer_token(self, token, request, *args, **kwargs):
        refreshed = getattr(request, "refreshed", None)
        if refreshed is not None:
            refreshed.revoke()
        user_id = request.user if isinstance(request.user, int) else None
        if request.grant_type == "refresh_token":
            user_id = refreshed.user_id
        refresh = token.get("refresh_token")
        self.db.add(
            OAuthToken(
                application_id=request.client.id,
                user_id=user_id,
                token_digest=digest(token["access_token"]),
                refresh_token_digest=digest(refresh) if refresh else None,
                scopes=" ".join(request.scopes or ()),
            )
        )
        self.db.flush()

    def _by_refresh_token(self, refresh_token):
        if not refresh_token or len(refresh_token) > 200:
            return None
        return self.db.scalar(
            select(OAuthToken).where(OAuthToken.refresh_token_digest == digest(refresh_token))
        )

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        row = self._by_refresh_token(refresh_token)
        if row is None or row.revoked_at is not None or row.application_id != client.id:
            return False
        request.refreshed = row
        request.user = row.user_id
        return True

    def get_original_scopes(self, refresh_token, request, *args, **kwargs):
        return self._by_refresh_token(refresh_token).scope_list

    def rotate_refresh_token(self, request):
        return True

    def revoke_token(self, token, token_type_hint, request, *args, **kwargs):
        row = find_token(self.db, token) or self._by_refresh_token(token)
        if row is not None and row.application_id == request.client.id:
            row.revoke()
            self.db.flush()


def mastodon_token(token, token_handler=None, request=None):
    """The token answer as Mastodon words it: no expiry, a creation time. (oauthlib's
    client credentials grant calls it with the token alone.)"""
    token.pop("expires_in", None)
    token["created_at"] = int(utcnow().timestamp())
    return token


def server(dbsession):
    """oauthlib's endpoints on ``dbsession``: ``(authorize, token, revoke)``."""
    validator = Validator(dbsession)
    bearer = BearerToken(validator, token_generator=lambda _request: new_secret())
    code = AuthorizationCodeGrant(validator)
    credentials = ClientCredentialsGrant(validator)
    refresh = RefreshTokenGrant(validator)
    for grant in (code, credentials, refresh):
        grant.register_token_modifier(mastodon_token)
    authorize = AuthorizationEndpoint(
        default_response_type="code", default_token_type=bearer, response_types={"code": code}
    )
    tokens = TokenEndpoint(
        default_grant_type="authorization_code",
        default_token_type=bearer,
        grant_types={
            "authorization_code": code,
            "client_credentials": credentials,
            "refresh_token": refresh,
        },
    )
    revoke = RevocationEndpoint(validator, supported_token_types=("access_token", "refresh_token"))
    return authorize, tokens, revoke
