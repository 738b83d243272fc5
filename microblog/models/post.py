"""Posts, and the queries that list them newest first."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, func, select, text
from sqlalchemy.orm import Mapped, contains_eager, mapped_column, relationship

from .meta import Base, utcnow

BODY_MAX_LENGTH = 140
# the text search configuration of the PostgreSQL search backend (it stems English words),
# as a literal: a bound parameter would hide from the planner that the query's expression
# is the index's
SEARCH_CONFIG = text("'english'::regconfig")


class Post(Base):
    __tablename__ = "post"
    __table_args__ = (
        # a profile lists one author's posts newest first; the timeline filters by author too
        Index("ix_post_user_id_timestamp", "user_id", "timestamp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(BODY_MAX_LENGTH))
    timestamp: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    language: Mapped[str | None] = mapped_column(String(5))

    author = relationship("User", back_populates="posts", lazy="raise_on_sql")
    # loaded for every page of posts in one more query (``selectin``), whatever its length
    media = relationship(
        "Media",
        order_by="Media.position",
        lazy="selectin",
        # deleted with their post (by the database when they are not loaded)
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self):
        return f"<Post {self.id}>"

    @classmethod
    def newest_first(cls, *criteria):
        """Posts with their authors (one query, no N+1), newest first."""
        return (
            select(cls)
            .join(cls.author)
            .options(contains_eager(cls.author))
            .where(*criteria)
            .order_by(cls.timestamp.desc(), cls.id.desc())
        )

    @classmethod
    def timeline_of(cls, user):
        """The posts of the users ``user`` follows, and ``user``'s own."""
        return cls.newest_first(cls.user_id.in_(user.timeline_author_ids()))

    @classmethod
    def by_author(cls, user):
        return cls.newest_first(cls.user_id == user.id)


def body_tsvector():
    """The words of a post for PostgreSQL full-text search (the expression indexed below)."""
    return func.to_tsvector(SEARCH_CONFIG, Post.body)


# PostgreSQL only: other databases search with Whoosh. Alembic cannot reflect expression
# indexes on SQLite, so autogenerate skips this one there with a warning.
body_search_index = Index("ix_post_body_tsvector", body_tsvector(), postgresql_using="gin").ddl_if(
    dialect="postgresql"
)
