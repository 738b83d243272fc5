"""Posts, found by id."""

from pyramid.authorization import Allow, Authenticated, Deny
from sqlalchemy.orm import joinedload

from ..models import Post
from ..security import Permission, blocked_principal, principal_for
from .ids import row_id


class Posts:
    """The ``/post`` container: ``/post/{id}`` is a :class:`PostContext`, or a
    :class:`DeletedPostContext` for a post deleted while it had replies."""

    __name__ = "post"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    def __getitem__(self, key):
        post = self.request.dbsession.get(Post, row_id(key), options=[joinedload(Post.author)])
        if post is None:
            raise KeyError(key)
        if post.deleted:
            return DeletedPostContext(post, parent=self)
        return PostContext(post, parent=self)


def post_acl(post):
    """Only a post's author may edit or delete it; anyone signed in may answer, like,
    repost and report it, but not across a block. Shared by the web and the API contexts."""
    author = principal_for(post.user_id)
    return [
        (Allow, author, (Permission.EDIT, Permission.DELETE)),
        (Deny, author, Permission.REPORT),
        (
            Deny,
            blocked_principal(post.user_id),
            (Permission.REPLY, Permission.LIKE, Permission.REPOST),
        ),
        (
            Allow,
            Authenticated,
            (Permission.REPLY, Permission.LIKE, Permission.REPOST, Permission.REPORT),
        ),
    ]


class PostContext:
    """One post."""

    def __init__(self, post, parent):
        self.post, self.__parent__, self.__name__ = post, parent, str(post.id)

    @property
    def counterpart_id(self):
        """The author: a block between them and the reader withholds replies and likes."""
        return self.post.user_id

    def __acl__(self):
        return post_acl(self.post)


class DeletedPostContext:
    """A deleted post kept for its replies: its conversation can be read, nothing else
    (no view but the conversation is registered on it, so any action is a 404)."""

    def __init__(self, post, parent):
        self.post, self.__parent__, self.__name__ = post, parent, str(post.id)
