"""Posts as a reader sees them in a list: with what the reader did to them (liked,
reposted), whom they answer, whom they mention, and who reposted them into this list.

:func:`annotate` gathers all of that for a whole page in one query, whatever its length,
and the page's pictures (``post.media``) in one more when any of its posts has some.
"""

from dataclasses import dataclass, field

from sqlalchemy import Integer, String, bindparam, literal_column, null, select
from sqlalchemy.orm import aliased

from .interactions import Like, Repost
from .media import Media, load_media
from .post import Post
from .tags import Mention
from .user import User


@dataclass
class Entry:
    """One post in a list, for one reader."""

    post: Post
    liked: bool = False
    reposted: bool = False
    reposted_by: User | None = None  # whose repost brought the post into this list
    replying_to: str | None = None  # the username of the author of the post answered
    replying_to_deleted: bool = False  # it answers a post deleted since
    mentions: set = field(default_factory=set)  # the usernames mentioned that exist
    depth: int = 0  # in a conversation: how many replies down from the post shown

    @property
    def id(self):
        return self.post.id


def _kind(name):
    return literal_column(f"'{name}'", String).label("kind")


IDS = bindparam("ids", expanding=True)
VIEWER = bindparam("viewer_id", type_=Integer)


def _annotations(with_viewer):
    """The statement :func:`annotate` runs, built once per process: ``(post id, kind,
    username)`` rows for the posts ``ids`` (their mentions, the author they answer, one
    row per picture), and the viewer's likes and reposts of them."""
    # a bare NULL: cast to a string it would take the connection's collation, which MySQL
    # and MariaDB refuse to mix with the usernames' own (``case_insensitive_string``)
    nothing = null()
    parent = aliased(Post)
    parts = [
        select(Mention.post_id, _kind("mention"), User.username)
        .join(User, User.id == Mention.user_id)
        .where(Mention.post_id.in_(IDS)),
        select(Post.id, _kind("parent"), User.username)
        .join(parent, parent.id == Post.in_reply_to_id)
        .outerjoin(User, User.id == parent.user_id)
        .where(Post.id.in_(IDS)),
        select(Media.post_id, _kind("picture"), nothing).where(Media.post_id.in_(IDS)),
    ]
    if with_viewer:
        parts += [
            select(Like.post_id, _kind("like"), nothing).where(
                Like.user_id == VIEWER, Like.post_id.in_(IDS)
            ),
            select(Repost.post_id, _kind("repost"), nothing).where(
                Repost.user_id == VIEWER, Repost.post_id.in_(IDS)
            ),
        ]
    return parts[0].union_all(*parts[1:])


# built once: building them again for every page cost more than running them
ANNOTATIONS = {False: _annotations(False), True: _annotations(True)}


def annotate(session, viewer_id, posts, reposters=None, depths=None):
    """``[Entry]`` for ``posts`` (tombstones included), seen by the user ``viewer_id``.

    ``reposters`` (``{post id: user}``) and ``depths`` (``{post id: n}``) fill in
    ``reposted_by`` and ``depth``.
    """
    entries = [
        Entry(
            post,
            reposted_by=(reposters or {}).get(post.id),
            depth=(depths or {}).get(post.id, 0),
        )
        for post in posts
    ]
    ids = sorted({post.id for post in posts})
    if not ids:
        return entries
    statement = ANNOTATIONS[viewer_id is not None]
    rows = session.execute(statement, {"ids": ids, "viewer_id": viewer_id})
    by_id = {}
    for entry in entries:
        by_id.setdefault(entry.post.id, []).append(entry)
    with_pictures = set()
    for post_id, kind, name in rows:
        if kind == "picture":
            with_pictures.add(post_id)
            continue
        for entry in by_id.get(post_id, ()):
            if kind == "like":
                entry.liked = True
            elif kind == "repost":
                entry.reposted = True
            elif kind == "mention":
                entry.mentions.add(name)
            elif name is None:
                entry.replying_to_deleted = True
            else:
                entry.replying_to = name
    load_media(session, posts, having=with_pictures)
    return entries
