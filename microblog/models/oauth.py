"""OAuth 2 for Mastodon clients: registered applications, authorization codes and tokens.

Secrets (client secrets, codes, access and refresh tokens) are random and long, and only
their SHA-256 digests are stored: a copy of the database hands out no working credential.
A digest of a high-entropy secret needs no salt or slow hash, and its unique index finds
the row (``security/oauth.py``).
"""

import hashlib
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .meta import Base, utcnow

DIGEST_LENGTH = 64
SCOPES_LENGTH = 500


def digest(secret):
    """The stored form of a secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class OAuthApplication(Base):
    """A client registered with ``POST /api/v1/apps``."""

    __tablename__ = "oauth_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(500))
    # one per line, as Mastodon takes them
    redirect_uris: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(String(SCOPES_LENGTH))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    client_secret_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def redirect_uri_list(self):
        return [uri for uri in self.redirect_uris.split() if uri]

    @property
    def scope_list(self):
        return self.scopes.split()


class OAuthCode(Base):
    """An authorization code: what a user approved, waiting to be exchanged for a token."""

    __tablename__ = "oauth_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("oauth_application.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    redirect_uri: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(String(SCOPES_LENGTH))
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(10))
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    application = relationship("OAuthApplication", lazy="joined")


class OAuthToken(Base):
    """An access token (and its refresh token) given to an application, for a user or, by
    the client credentials grant, for the application alone (``user_id`` null)."""

    __tablename__ = "oauth_token"
    __table_args__ = (
        # a user's authorised applications, newest first (the settings page)
        Index("ix_oauth_token_user_id_created_at", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("oauth_application.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    token_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    refresh_token_digest: Mapped[str | None] = mapped_column(String(DIGEST_LENGTH), unique=True)
    scopes: Mapped[str] = mapped_column(String(SCOPES_LENGTH))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    application = relationship("OAuthApplication", lazy="joined")
    user = relationship("User", lazy="joined")

    @property
    def scope_list(self):
        return self.scopes.split()

    def revoke(self, now=None):
        if self.revoked_at is None:
            self.revoked_at = now or utcnow()


class Marker(Base):
    """Where a user stopped reading a timeline (``home``, ``notifications``), for clients
    that sync it (``/api/v1/markers``)."""

    __tablename__ = "marker"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    timeline: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_read_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PostIdempotency(Base):
    """A post published with an ``Idempotency-Key``: the same key again within the hour
    answers the same post instead of writing a second one."""

    __tablename__ = "post_idempotency"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    key_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
