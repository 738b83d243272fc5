"""Notifications polled by the pages (unread counts, task progress)."""

import json
import time

from sqlalchemy import Float, ForeignKey, Index, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column, object_session
from zope.sqlalchemy import mark_changed

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

    def as_dict(self):
        """The shape ``/notifications`` answers with."""
        return {"name": self.name, "data": self.get_data(), "timestamp": self.timestamp}

    def __repr__(self):
        return f"<Notification {self.name} for {self.user_id}>"

    @classmethod
    def for_user_since(cls, user_id, since):
        """A user's notifications newer than the Unix time ``since``, oldest first."""
        return (
            select(cls)
            .where(cls.user_id == user_id, cls.timestamp > since)
            .order_by(cls.timestamp, cls.id)
        )


def add_notification(user, name, data, now=None):
    """Record ``data`` (anything JSON can hold) as ``user``'s notification ``name``.

    A notification replaces the user's previous one of the same name: a page that polls
    wants the latest unread count or progress, not the history. Works in any session (a
    request's, or a background job's): the caller's transaction commits it.
    """
    session = object_session(user)
    session.execute(
        delete(Notification).where(Notification.user_id == user.id, Notification.name == name)
    )
    mark_changed(session)
    notification = Notification(
        user_id=user.id,
        name=name,
        payload_json=json.dumps(data),
        timestamp=time.time() if now is None else now,
    )
    session.add(notification)
    return notification
