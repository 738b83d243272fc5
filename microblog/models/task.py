"""Background tasks launched for a user (RQ job ids)."""

from sqlalchemy import Boolean, ForeignKey, Index, String, and_, select
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base
from .notification import Notification

TASK_PROGRESS = "task_progress"


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (Index("ix_task_user_id_complete", "user_id", "complete"),)

    # the RQ job id
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    # an English message id, translated when shown
    description: Mapped[str | None] = mapped_column(String(128))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    complete: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self):
        return f"<Task {self.name} {self.id}>"

    @classmethod
    def in_progress(cls, user_id, name=None):
        """The user's tasks still in progress (of kind ``name`` if given)."""
        query = select(cls).where(cls.user_id == user_id, cls.complete.is_(False))
        if name is not None:
            query = query.where(cls.name == name)
        return query.order_by(cls.id)

    @classmethod
    def in_progress_with_progress(cls, user_id):
        """``(task, payload_json or None)`` for the user's tasks in progress, in one query:
        the payload is the user's latest ``task_progress`` notification (which says which
        task it is about)."""
        return (
            select(cls, Notification.payload_json)
            .outerjoin(
                Notification,
                and_(Notification.user_id == cls.user_id, Notification.name == TASK_PROGRESS),
            )
            .where(cls.user_id == user_id, cls.complete.is_(False))
            .order_by(cls.id)
        )
