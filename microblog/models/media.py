"""Pictures: the images attached to posts (uploaded avatars live on the user row)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, SmallInteger, String, bindparam, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from .meta import Base, utcnow

MAX_PER_POST = 4
DESCRIPTION_MAX_LENGTH = 1500
READY, PROCESSING, FAILED = "ready", "processing", "failed"
# stored files to remove once the session's transaction commits (``microblog.media``)
DOOMED_FILES = "microblog.media.doomed"


def discard_files(session, keys):
    """Remove the stored ``keys`` once ``session``'s transaction commits (not if it rolls
    back)."""
    session.info.setdefault(DOOMED_FILES, []).extend(keys)


def remove_pictures(session, post):
    """Take ``post``'s pictures away (rows now, files after the commit): for a post that
    stays, as a tombstone does. Deleting a post does this by itself."""
    load_media(session, [post])
    for media in post.media:
        discard_files(session, media.stored_keys())
    post.media.clear()


def load_media(session, posts, having=None):
    """Load the pictures of ``posts`` (``post.media``), all of them in one query.

    ``having``: the ids of the posts known to have pictures, when the caller knows (a
    list's annotations ask): the others get none without a query, and a page without
    pictures runs none.
    """
    waiting = {post.id: [] for post in posts}
    asked = sorted(waiting if having is None else waiting.keys() & having)
    if asked:
        for media in session.scalars(MEDIA_OF_POSTS, {"post_ids": asked}):
            waiting[media.post_id].append(media)
    for post in posts:
        set_committed_value(post, "media", waiting[post.id])


class Media(Base):
    """One uploaded image, re-encoded: a display size and a preview, both WebP, stored
    under ``key`` (see :mod:`microblog.media`). It belongs to its uploader until a post
    takes it (``post_id``); ``width`` and ``height`` are the display size's, known from the
    upload itself, so that pages reserve its room even while a worker still encodes it."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(String(DESCRIPTION_MAX_LENGTH), default="")
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    preview_width: Mapped[int] = mapped_column(Integer)
    preview_height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(10), default=READY)
    created: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self):
        return f"<Media {self.id} {self.key}>"

    @property
    def ready(self):
        return self.state == READY

    @property
    def display_key(self):
        return f"{self.key}.webp"

    @property
    def preview_key(self):
        return f"{self.key}-small.webp"

    @property
    def upload_key(self):
        """Where the untouched upload waits for a worker: outside the public prefixes."""
        return "incoming/" + self.key.partition("/")[2]

    def stored_keys(self):
        """Every file this image may have in storage."""
        return [self.display_key, self.preview_key, self.upload_key]


# built once (every page asks for its posts' pictures): only executed after that
MEDIA_OF_POSTS = (
    select(Media)
    .where(Media.post_id.in_(bindparam("post_ids", expanding=True)))
    .order_by(Media.position)
)
