"""Notifications polled by the pages (unread counts, task progress)."""
import json

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base


class Notification(Base):
    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_id_timestamp", "user_id", "timestamp"),
        Index("ix_notification_user_id_name", "user_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # a Unix time, as the tutorial keeps it: clients poll with ?since=<float>
    timestamp: Mapped[float] = mapped_column(Float, index=True)
    payload_json: Mapped[str] = mapped_column(Text)

    def get_data(self):
        return json.loads(self.payload_json)

    def __repr__(self):
        return f"<Notification {self.name} for {self.user_id}>"
