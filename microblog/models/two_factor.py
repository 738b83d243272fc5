"""Second factors: the one-time recovery codes of an account with TOTP sign-in."""

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base, utcnow

RECOVERY_CODES = 10


def hash_code(code):
    # the codes are random (50 bits): a fast hash is enough, unlike a chosen password
    normalised = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(b"microblog.recovery:" + normalised.encode("utf-8")).hexdigest()


class RecoveryCode(Base):
    """One recovery code, stored hashed; ``used_at`` once it has served."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


def new_recovery_codes(dbsession, user):
    """Ten new codes for ``user`` (the old ones stop working); shown once, then only
    their hashes remain."""
    dbsession.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
    dbsession.add_all(RecoveryCode(user_id=user.id, code_hash=hash_code(c)) for c in codes)
    return codes


def use_recovery_code(dbsession, user, code):
    """True when ``code`` is one of ``user``'s unused codes, which is then spent."""
    if not isinstance(code, str) or len(code) > 32:
        return False
    wanted = hash_code(code)
    unused = dbsession.scalars(
        select(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        .with_for_update()
    ).all()
    for row in unused:
        if hmac.compare_digest(row.code_hash, wanted):
            row.used_at = utcnow()
            return True
    return False


def unused_recovery_codes(dbsession, user):
    return len(
        dbsession.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )
