"""Translations already made, so that a popular post is not paid for twice."""

import hashlib

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base

DEST_LANGUAGE_MAX_LENGTH = 16


def source_key(text, source_language):
    """The cache key of ``text`` written in ``source_language``: a SHA-256 in hex."""
    return hashlib.sha256(f"{source_language}\n{text}".encode()).hexdigest()


class Translation(Base):
    """One text (by its :func:`source_key`) translated into one language."""

    __tablename__ = "translation"
    __table_args__ = (
        # the lookup, and the guard against two requests storing the same translation
        UniqueConstraint("source_hash", "dest_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64))
    dest_language: Mapped[str] = mapped_column(String(DEST_LANGUAGE_MAX_LENGTH))
    text: Mapped[str] = mapped_column(Text)

    def __repr__(self):
        return f"<Translation {self.source_hash[:8]} -> {self.dest_language}>"
