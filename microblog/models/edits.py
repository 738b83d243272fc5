"""Earlier versions of edited posts."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base
from .post import BODY_MAX_LENGTH


class PostEdit(Base):
    """A version of a post that an edit replaced: its text as it was from ``timestamp``
    (when it was published, or written by an earlier edit) until the next version."""

    __tablename__ = "post_edit"
    __table_args__ = (Index("ix_post_edit_post_id_timestamp", "post_id", "timestamp"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(String(BODY_MAX_LENGTH))
    language: Mapped[str | None] = mapped_column(String(5))
    timestamp: Mapped[datetime] = mapped_column(DateTime)

    def __repr__(self):
        return f"<PostEdit {self.id} of post {self.post_id}>"

    @classmethod
    def of(cls, post):
        """The earlier versions of ``post``, newest first."""
        return (
            select(cls).where(cls.post_id == post.id).order_by(cls.timestamp.desc(), cls.id.desc())
        )
