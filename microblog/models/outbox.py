"""Mail that a committed transaction asked for and that has not been delivered yet."""

import json
from datetime import datetime, timedelta

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base, utcnow

# the first retry waits this long, each next one twice as long, up to MAX_DELAY
FIRST_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
ERROR_LENGTH = 500


class OutboxMail(Base):
    """One message kept until its delivery succeeds (then the row goes)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sender: Mapped[str] = mapped_column(String(254))
    recipients_json: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(255))
    # the whole MIME message (an export's attachment included): MySQL's BLOB holds 64 KB
    message: Mapped[bytes] = mapped_column(
        LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt: Mapped[datetime] = mapped_column(DateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))

    @property
    def recipients(self):
        return json.loads(self.recipients_json)

    def failed(self, error, now=None):
        """One more failed delivery: the next try waits twice as long as the last."""
        now = now or utcnow()
        self.attempts += 1
        delay = min(FIRST_DELAY * 2 ** (self.attempts - 1), MAX_DELAY)
        self.next_attempt = now + delay
        self.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        return delay
