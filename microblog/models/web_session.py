"""Browser sessions, kept on the server: the cookie holds a random secret, this row the rest.

The row is found by the SHA-256 of the cookie's secret, so that the table itself holds
nothing a visitor could present as a cookie. A signed-in session belongs to a user and to
the user's session *generation*: changing the password moves the generation on, which ends
every session of the old one at once (see :meth:`User.end_sessions`).
"""

import hashlib
import json
from datetime import datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, delete
from sqlalchemy.orm import Mapped, mapped_column

from .meta import Base, utcnow

# a session nobody uses for this long ends (a remembered one lasts REMEMBERED instead)
IDLE = timedelta(days=2)
REMEMBERED = timedelta(days=30)
# how often a used session's last_seen (and idle expiry) is written
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
USER_AGENT_LENGTH = 200


def session_key(secret):
    """The row's id for the cookie's ``secret``."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


class WebSession(Base):
    """One browser's session: who signed in (if anyone), from where, and its data."""

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    generation: Mapped[int] = mapped_column(Integer, default=0)
    remembered: Mapped[bool] = mapped_column(default=False)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_agent: Mapped[str | None] = mapped_column(String(USER_AGENT_LENGTH))
    address: Mapped[str | None] = mapped_column(String(45))
    # what the application keeps in the session (the CSRF token's salt, flash messages)
    data: Mapped[str] = mapped_column(Text, default="{}")

    def copy(self, new_id):
        """The same session under another id (its secret changed), not yet added."""
        columns = {column.key: getattr(self, column.key) for column in self.__mapper__.columns}
        return WebSession(**{**columns, "id": new_id})

    def get_data(self):
        return json.loads(self.data or "{}")

    def is_expired(self, now=None):
        return self.expires <= (now or utcnow())

    def seen(self, now=None):
        """Refresh ``last_seen`` (and an idle session's expiry), once a minute at most."""
        now = now or utcnow()
        if now - self.last_seen < LAST_SEEN_RESOLUTION:
            return False
        self.last_seen = now
        if not self.remembered:
            self.expires = now + IDLE
        return True

    @staticmethod
    def lifetime(remembered):
        return REMEMBERED if remembered else IDLE


def delete_expired_sessions(dbsession, now=None):
    """Remove the rows of ended sessions (their cookies no longer lead anywhere)."""
    result = dbsession.execute(delete(WebSession).where(WebSession.expires <= (now or utcnow())))
    return result.rowcount
