"""Background tasks launched for a user (RQ job ids)."""
from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (Index("ix_task_user_id_complete", "user_id", "complete"),)

    # the RQ job id
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    description: Mapped[str | None] = mapped_column(String(128))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    complete: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self):
        return f"<Task {self.name} {self.id}>"
