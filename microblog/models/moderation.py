"""Reports of abuse, and the audit trail of what moderators did about them."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from .message import Message
from .meta import Base, utcnow
from .post import Post

REASON_MAX_LENGTH = 500
ROLES = ("moderator", "admin")


class Report(Base):
    """Somebody's report of a post, a message or an account. The reported account is
    always named (``user_id``), so that the queue shows whose conduct is in question;
    the reporter is never shown to them."""

    __tablename__ = "report"
    __table_args__ = (Index("ix_report_resolved_at_created", "resolved_at", "created"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="SET NULL"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("message.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(REASON_MAX_LENGTH))
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    # dismissed, post_deleted, warned, suspended
    resolution: Mapped[str | None] = mapped_column(String(16))
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    reporter = relationship("User", foreign_keys=[reporter_id], lazy="raise_on_sql")
    user = relationship("User", foreign_keys=[user_id], lazy="raise_on_sql")
    post = relationship("Post", lazy="raise_on_sql")
    message = relationship("Message", lazy="raise_on_sql")

    @classmethod
    def about(cls, row, reporter, reason):
        """``reporter``'s report of ``row`` (a post, a message or an account), naming the
        account in question: the post's author, the message's sender, the account itself."""
        if isinstance(row, Post):
            subject = {"user_id": row.user_id, "post_id": row.id}
        elif isinstance(row, Message):
            subject = {"user_id": row.sender_id, "message_id": row.id}
        else:
            subject = {"user_id": row.id}
        return cls(reporter_id=reporter.id, reason=reason, **subject)

    @classmethod
    def with_subjects(cls, query):
        """``query`` loading each report's account, reporter, post and message with it."""
        return query.options(
            joinedload(cls.user),
            joinedload(cls.reporter),
            joinedload(cls.post),
            joinedload(cls.message),
        )

    def resolve(self, moderator, resolution, now=None):
        self.resolved_at = now or utcnow()
        self.resolution = resolution
        self.resolved_by_id = moderator.id


class AuditEntry(Base):
    """One thing a moderator or an admin did; names are copied, so that the trail stays
    readable after an account is gone."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    timestamp: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    target_name: Mapped[str | None] = mapped_column(String(64))
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("report.id", ondelete="SET NULL"), index=True
    )
    detail: Mapped[str | None] = mapped_column(String(REASON_MAX_LENGTH))

    @classmethod
    def record(cls, dbsession, actor, action, target=None, report=None, detail=None):
        entry = cls(
            actor_id=actor.id if actor is not None else None,
            actor_name=actor.username if actor is not None else "(command line)",
            action=action,
            target_user_id=target.id if target is not None else None,
            target_name=target.username if target is not None else None,
            report_id=report.id if report is not None else None,
            detail=detail,
        )
        dbsession.add(entry)
        return entry


def suspend(dbsession, moderator, user, report=None, now=None):
    """``user`` can no longer sign in, their sessions and token end and their posts are
    hidden; the audit trail says who did it."""
    user.suspended_at = now or utcnow()
    user.end_sessions()
    AuditEntry.record(dbsession, moderator, "suspend", user, report)


def unsuspend(dbsession, moderator, user):
    user.suspended_at = None
    AuditEntry.record(dbsession, moderator, "unsuspend", user)


def set_role(dbsession, actor, user, role):
    """``role`` is one of :data:`ROLES` or ``None``; ``actor`` is ``None`` on the command line."""
    if role is not None and role not in ROLES:
        raise ValueError(f"not a role: {role!r} (use {', '.join(ROLES)} or none)")
    user.role = role
    AuditEntry.record(dbsession, actor, "role", user, detail=role or "none")
