"""Posts, found by id."""

from pyramid.authorization import Allow, Authenticated, Deny
from sqlalchemy.orm import joinedload

from ..models import Post
from ..security import Permission, principal_for
from .ids import row_id


class Posts:
    """The ``/post`` container: ``/post/{id}`` is a :class:`PostContext`."""

    __name__ = "post"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    def __getitem__(self, key):
        post = self.request.dbsession.get(Post, row_id(key), options=[joinedload(Post.author)])
        if post is None:
            raise KeyError(key)
        return PostContext(post, parent=self)


def post_acl(post):
    """Only a post's author may delete it; anyone else may report it: shared by the web
    and the API contexts."""
    author = principal_for(post.user_id)
    return [
        (Allow, author, Permission.DELETE),
        (Deny, author, Permission.REPORT),
        (Allow, Authenticated, Permission.REPORT),
    ]


class PostContext:
    """One post."""

    def __init__(self, post, parent):
        self.post, self.__parent__, self.__name__ = post, parent, str(post.id)

    def __acl__(self):
        return post_acl(self.post)
