"""Private messages between users."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, contains_eager, mapped_column, relationship

from .meta import Base, utcnow

BODY_MAX_LENGTH = 140


class Message(Base):
    __tablename__ = "message"
    __table_args__ = (
        # the inbox lists one recipient's messages newest first (the id breaks ties) and
        # counts the unread ones
        Index("ix_message_recipient_id_timestamp_id", "recipient_id", "timestamp", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(String(BODY_MAX_LENGTH))
    timestamp: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    sender = relationship("User", foreign_keys=[sender_id], lazy="raise_on_sql")
    recipient = relationship("User", foreign_keys=[recipient_id], lazy="raise_on_sql")

    def __repr__(self):
        return f"<Message {self.id}>"

    @classmethod
    def received_by(cls, user):
        """``user``'s inbox, newest first, with each sender loaded in the same query."""
        return (
            select(cls)
            .join(cls.sender)
            .options(contains_eager(cls.sender))
            .where(cls.recipient_id == user.id)
            .order_by(cls.timestamp.desc(), cls.id.desc())
        )
