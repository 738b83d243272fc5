"""The other lists of conversations, on the one pagination (``pagination``, ``lists``):
a tag's posts, what a user liked, who liked or reposted a post, a post's earlier versions
and a user's notifications. Their totals come from the counts kept on the rows."""

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import contains_eager

from ..models import Activity, Like, Post, PostEdit, Repost, User
from ..models.tags import PostTag
from .lists import EXPLORE_HIDDEN, NOBODY, OWNER, TIMELINE_HIDDEN
from .pagination import Keyset, Listing

POST = bindparam("post_id", type_=Integer)
TAG = bindparam("tag_id", type_=Integer)


def _posts_by_key(keys):
    """Posts with their authors, for keys whose second column is a post id."""
    return (
        select(Post)
        .join(keys, Post.id == keys.c.post_id)
        .join(Post.author)
        .options(contains_eager(Post.author))
    )


def _users_by_key(keys):
    return select(User).join(keys, User.id == keys.c.user_id)


def _not_by(post_id):
    """``hiding`` for a list keyed on ``post_id``: none of the hidden authors' posts."""

    def hiding(ids):
        return (post_id.not_in(select(Post.id).where(Post.user_id.in_(ids))),)

    return hiding


def _rows(model):
    def load(keys):
        return select(model).join(keys, model.id == keys.c.id)

    return load


# newest first on the time of the tag, like, repost, edit or notification
# a tag's posts leave out whom the reader blocked or muted, or who blocked them, as explore
# does; one's likes, whom one blocked or muted since; both, suspended accounts' posts
TAGGED = Listing(
    Keyset(PostTag.timestamp, PostTag.post_id),
    _posts_by_key,
    criteria=(PostTag.tag_id == TAG,),
    hidden=EXPLORE_HIDDEN,
    hiding=_not_by(PostTag.post_id),
)
LIKED = Listing(
    Keyset(Like.timestamp, Like.post_id),
    _posts_by_key,
    criteria=(Like.user_id == OWNER,),
    hidden=TIMELINE_HIDDEN,
    hiding=_not_by(Like.post_id),
)
LIKERS = Listing(
    Keyset(Like.timestamp, Like.user_id), _users_by_key, criteria=(Like.post_id == POST,)
)
REPOSTERS = Listing(
    Keyset(Repost.timestamp, Repost.user_id), _users_by_key, criteria=(Repost.post_id == POST,)
)
EDITS = Listing(
    Keyset(PostEdit.timestamp, PostEdit.id), _rows(PostEdit), criteria=(PostEdit.post_id == POST,)
)
NOTIFICATIONS = Listing(
    Keyset(Activity.timestamp, Activity.id), _rows(Activity), criteria=(Activity.user_id == OWNER,)
)


def tagged(tag, viewer=None):
    """The posts carrying ``tag``, newest first, as ``viewer`` may see them."""
    viewer_id = NOBODY if viewer is None else viewer.id
    return TAGGED.of(tag_id=tag.id, viewer_id=viewer_id, total=lambda _session: tag.post_count)


def liked_by(user):
    """The posts ``user`` liked, the most recently liked first (no total: never shown)."""
    return LIKED.of(user_id=user.id)


def likers_of(post):
    """Who liked ``post``, the latest first."""
    return LIKERS.of(post_id=post.id, total=lambda _session: post.like_count)


def reposters_of(post):
    """Who reposted ``post``, the latest first."""
    return REPOSTERS.of(post_id=post.id, total=lambda _session: post.repost_count)


def edits_of(post):
    """The versions of ``post`` its edits replaced, the newest first."""
    return EDITS.of(post_id=post.id, total=lambda _session: post.edit_count)


def notifications_of(user):
    """What happened that concerns ``user``, one row per event, newest first."""
    return NOTIFICATIONS.of(user_id=user.id, total=lambda _session: user.notification_count)
