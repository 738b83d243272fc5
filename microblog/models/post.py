"""Posts, and the queries that list them newest first.

A post may answer another (``in_reply_to_id``). A deleted post that has replies stays as a
*tombstone* so that the conversation keeps its shape: no author (``user_id`` is null), no
text, no likes or reposts. Every list of posts joins the author, so tombstones appear in
none of them; only a conversation shows one, as "this post was deleted".
"""

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
        # lists run newest first on (timestamp, id), the id breaking ties: explore on the
        # first index, a profile (and each author of a timeline) on the second; a page's
        # keys come from the index alone (views/pagination.py)
        Index("ix_post_timestamp_id_user_id", "timestamp", "id", "user_id"),
        Index("ix_post_user_id_timestamp_id", "user_id", "timestamp", "id"),
        # a post's replies, oldest first (and the walk down a conversation)
        Index("ix_post_in_reply_to_id_timestamp", "in_reply_to_id", "timestamp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(BODY_MAX_LENGTH))
    timestamp: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # null for a tombstone (see above)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    language: Mapped[str | None] = mapped_column(String(5))
    # a reply keeps its place if what it answered is ever removed for good: it just stops
    # being an answer
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)
    # kept in step with the rows they count, in the same transaction (models/interactions.py)
    reply_count: Mapped[int] = mapped_column(default=0, server_default="0")
    like_count: Mapped[int] = mapped_column(default=0, server_default="0")
    repost_count: Mapped[int] = mapped_column(default=0, server_default="0")
    edit_count: Mapped[int] = mapped_column(default=0, server_default="0")

    author = relationship("User", back_populates="posts", lazy="raise_on_sql")
    # a list loads them for all its posts in one query (``models.media.load_media``, which
    # ``models.entries.annotate`` calls); a single post on its own
    media = relationship(
        "Media",
        order_by="Media.position",
        # deleted with their post (by the database when they are not loaded)
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def deleted(self):
        """A tombstone: deleted, kept for the replies' sake."""
        return self.user_id is None

    def __repr__(self):
        return f"<Post {self.id}>"

    @classmethod
    def newest_first(cls, *criteria):
        """Posts with their authors (one query, no N+1), newest first; the posts of a
        suspended account, or of one waiting for removal, are hidden."""
        from .user import User

        return (
            select(cls)
            .join(cls.author)
            .options(contains_eager(cls.author))
            .where(User.active(), *criteria)
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
