"""Publishing, editing and deleting posts, and reading the conversation a post is part of.

Every way of writing a post (the home form, a reply, the API) goes through
:func:`publish`, :func:`edit` and :func:`delete_post`, so that the counts, tags, mentions
and notifications follow the text wherever it was written.
"""

from sqlalchemy import delete, literal, select
from sqlalchemy.orm import joinedload
from zope.sqlalchemy import mark_changed

from ..language import detect_language
from .activity import MENTION, REPLY, Activity, forget, notify
from .counters import POSTS, add_to_counts, forget_stale_counts
from .edits import PostEdit
from .interactions import Like, Repost, add_to_post_counts
from .media import remove_pictures
from .meta import utcnow
from .post import Post
from .tags import Mention, clear_tags, set_mentions, set_tags

# how far up a conversation the page and the API go (a chain of replies is rarely longer;
# the walk stops there whatever happens)
MAX_ANCESTORS = 200
MAX_DEPTH = 1000


def publish(session, author, body, in_reply_to=None, author_language=None):
    """A new post by ``author``, answering ``in_reply_to`` (a live post) if given;
    ``author_language`` is the interface language they write in (``detect_language``)."""
    if in_reply_to is not None:
        add_to_post_counts(session, in_reply_to.id, "reply_count", 1)
    post = Post(
        body=body,
        author=author,
        language=detect_language(body, author_language),
        in_reply_to_id=in_reply_to.id if in_reply_to is not None else None,
    )
    session.add(post)
    session.flush()
    set_tags(session, post)
    mentioned = set_mentions(session, post, author.id)
    answered = None
    if in_reply_to is not None:
        answered = in_reply_to.user_id
        notify(session, answered, author.id, REPLY, post.id)
    for user_id in sorted(mentioned - {answered}):
        notify(session, user_id, author.id, MENTION, post.id)
    return post


def edit(session, post, body, author_language=None):
    """Replace ``post``'s text, keeping the version it replaces; False when unchanged."""
    if body == post.body:
        return False
    session.add(
        PostEdit(
            post_id=post.id,
            body=post.body,
            language=post.language,
            timestamp=post.edited_at or post.timestamp,
        )
    )
    post.body, post.edited_at = body, utcnow()
    post.edit_count = Post.edit_count + 1
    post.language = detect_language(body, author_language)
    session.flush()
    set_tags(session, post)
    for user_id in sorted(set_mentions(session, post, post.user_id)):
        notify(session, user_id, post.user_id, MENTION, post.id)
    return True


def delete_post(session, post):
    """Delete ``post``. One that has replies becomes a tombstone, so that they keep their
    place; removing a conversation's last reply to a tombstone removes the tombstone too."""
    if post.reply_count > 0:
        _bury(session, post)
        return
    parent_id = post.in_reply_to_id
    if parent_id is not None:
        add_to_post_counts(session, parent_id, "reply_count", -1)
    # its notifications and tags would go by ON DELETE CASCADE, behind their counts' back
    forget(session, Activity.post_id == post.id)
    clear_tags(session, post)
    session.delete(post)
    session.flush()
    if parent_id is not None:
        parent = session.get(Post, parent_id)
        if parent is not None and parent.deleted and parent.reply_count <= 0:
            delete_post(session, parent)


def _bury(session, post):
    forget(session, Activity.post_id == post.id)
    clear_tags(session, post)
    remove_pictures(session, post)
    for model in (Like, Repost, Mention, PostEdit):
        session.execute(delete(model).where(model.post_id == post.id))
    # no longer one of its author's posts, nor one of the site's
    add_to_counts(session, {("post_count", post.user_id): -1}, {POSTS: -1})
    forget_stale_counts(session)
    mark_changed(session)
    # through the ORM, so that the search index hears of it like of any other change
    post.user_id, post.body, post.language, post.edited_at = None, "", None, None
    post.like_count = post.repost_count = post.edit_count = 0
    session.flush()


# reading a conversation ---------------------------------------------------------------
def with_authors(*criteria):
    """Posts, tombstones included, with their authors (where they have one)."""
    return select(Post).options(joinedload(Post.author)).where(*criteria)


def ancestors(session, post):
    """What ``post`` answers, and what that answers, ..., oldest first (one query)."""
    if post.in_reply_to_id is None:
        return []
    up = (
        select(Post.id, Post.in_reply_to_id, literal(1).label("depth"))
        .where(Post.id == post.in_reply_to_id)
        .cte("ancestors", recursive=True)
    )
    up = up.union_all(
        select(Post.id, Post.in_reply_to_id, up.c.depth + 1)
        .join(up, Post.id == up.c.in_reply_to_id)
        .where(up.c.depth < MAX_ANCESTORS)
    )
    query = with_authors(Post.id.in_(select(up.c.id))).order_by(Post.timestamp, Post.id)
    return session.scalars(query).unique().all()


def descendants(session, post):
    """``[(id, depth)]`` of every reply below ``post``, in reading order: each reply
    followed by its own replies, oldest first at every level (one query)."""
    down = (
        select(Post.id, Post.in_reply_to_id, Post.timestamp, literal(1).label("depth"))
        .where(Post.in_reply_to_id == post.id)
        .cte("descendants", recursive=True)
    )
    down = down.union_all(
        select(Post.id, Post.in_reply_to_id, Post.timestamp, down.c.depth + 1)
        .join(down, Post.in_reply_to_id == down.c.id)
        .where(down.c.depth < MAX_DEPTH)
    )
    children = {}
    for post_id, parent_id, timestamp, _depth in session.execute(select(down)):
        children.setdefault(parent_id, []).append((timestamp, post_id))
    order, stack = [], [(post.id, 0)]
    while stack:
        post_id, depth = stack.pop()
        if post_id != post.id:
            order.append((post_id, depth))
        # reversed onto the stack, so that the oldest comes off first
        for _timestamp, child in sorted(children.get(post_id, ()), reverse=True):
            stack.append((child, depth + 1))
    return order


def load_posts(session, ids):
    """The posts ``ids`` (tombstones too), with their authors, in the order of ``ids``."""
    if not ids:
        return []
    found = {p.id: p for p in session.scalars(with_authors(Post.id.in_(ids))).unique()}
    return [found[i] for i in ids if i in found]
