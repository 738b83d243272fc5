"""The JSON API's branch of the tree, ``/api/...``.

Its contexts are classes of their own (no web view is ever registered on them) that reuse the
web's ACL functions, so that the API and the site grant exactly the same rights. Every
endpoint is a context and its views have no name: a segment after an endpoint finds no view,
which makes ``/api/users/1/followers/extra`` a 404 instead of a second address for the list.
"""

from pyramid.authorization import DENY_ALL, Allow, Authenticated
from pyramid.httpexceptions import HTTPBadRequest

from ..models import Media, Message, Post, User
from ..security import Permission, principal_for
from .ids import row_id
from .mastodon import versions
from .posts import post_acl
from .tags import find_tag
from .users import user_acl


class ApiNode:
    """An endpoint without children of its own."""

    def __init__(self, parent, name):
        self.__parent__, self.__name__ = parent, name

    @property
    def request(self):
        return self.__parent__.request


class ApiRoot:
    """``/api``: the API's endpoints. Who may use them comes from the site root's ACL."""

    __name__ = "api"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request
        self.children = {
            "tokens": ApiTokens(self, "tokens"),
            "users": ApiUsers(self, "users"),
            "posts": ApiPosts(self, "posts"),
            "feed": ApiFeed(self, "feed"),
            "messages": ApiMessages(self, "messages"),
            "search": ApiSearch(self, "search"),
            "media": ApiMedia(self, "media"),
            "tags": ApiTags(self, "tags"),
            "notifications": ApiNotifications(self, "notifications"),
            "openapi.json": ApiDocument(self, "openapi.json"),
            # Mastodon's client API (``mastodon.py``)
            **versions(self),
        }

    def __getitem__(self, name):
        return self.children[name]


class ApiDocument(ApiNode):
    """``/api/openapi.json``: the API's description, public."""


class ApiTokens(ApiNode):
    """``/api/tokens``: the caller's bearer token (issued on Basic credentials, revoked)."""


class ApiFeed(ApiNode):
    """``/api/feed``: the caller's timeline."""


class ApiSearch(ApiNode):
    """``/api/search``: posts matching words."""


class ApiRows(ApiNode):
    """A collection of rows of ``model``, each found by its id: ``/api/<collection>/{id}``
    is a ``context`` around one row."""

    model = context = None

    def __getitem__(self, key):
        row = self.request.dbsession.get(self.model, row_id(key))
        if row is None:
            raise KeyError(key)
        return self.context(row, parent=self)


class ApiRowContext:
    """One row of an :class:`ApiRows`, named by its id."""

    def __init__(self, row, parent):
        self.row, self.__parent__, self.__name__ = row, parent, str(row.id)


class ApiUserContext(ApiRowContext):
    """One account, with the web profile's rules (``user_acl``) and its sub-collections."""

    user = property(lambda self: self.row)

    def __acl__(self):
        return user_acl(self.user)

    def __getitem__(self, name):
        child = {
            "followers": ApiFollowers,
            "followed": ApiFollowed,
            "posts": ApiUserPosts,
            "follow": ApiFollow,
        }[name]
        return child(self, name)


class ApiUsers(ApiRows):
    """``/api/users``: every account; ``/api/users/{id}`` is an :class:`ApiUserContext`."""

    model, context = User, ApiUserContext


class ApiUserPart(ApiNode):
    """Something of one user's: its ``user`` is the parent context's."""

    @property
    def user(self):
        return self.__parent__.user


class ApiFollowers(ApiUserPart):
    """``/api/users/{id}/followers``."""


class ApiFollowed(ApiUserPart):
    """``/api/users/{id}/followed``."""


class ApiUserPosts(ApiUserPart):
    """``/api/users/{id}/posts``."""


class ApiFollow(ApiUserPart):
    """``/api/users/{id}/follow``: following (POST) and unfollowing (DELETE) that user.

    The web's rule holds (``user_acl``: nobody follows themself), but the API's contract
    answers that refusal with 400 (bad input) rather than 403: ``refusal`` tells the
    forbidden view so.
    """

    refusal = (HTTPBadRequest, "You cannot follow or unfollow yourself.")


class ApiNotifications(ApiNode):
    """``/api/notifications``: what happened that concerns the caller."""


class ApiPostContext(ApiRowContext):
    """One post, with the web's rules (``post_acl``): only its author edits or deletes it,
    anyone signed in likes and reposts it; and what belongs to it."""

    post = property(lambda self: self.row)

    def __acl__(self):
        return post_acl(self.post)

    def __getitem__(self, name):
        child = {
            "context": ApiPostConversation,
            "history": ApiPostHistory,
            "like": ApiPostLike,
            "repost": ApiPostRepost,
            "likes": ApiPostLikes,
            "reposts": ApiPostReposts,
        }[name]
        return child(self, name)


class ApiPostPart(ApiNode):
    """Something of one post's, under the post's ACL: its ``post`` is the parent's."""

    @property
    def post(self):
        return self.__parent__.post


class ApiPostConversation(ApiPostPart):
    """``/api/posts/{id}/context``: what the post answers, and its replies."""


class ApiPostHistory(ApiPostPart):
    """``/api/posts/{id}/history``: the versions its edits replaced."""


class ApiPostLike(ApiPostPart):
    """``/api/posts/{id}/like``: liking (POST) and unliking (DELETE) it."""


class ApiPostRepost(ApiPostPart):
    """``/api/posts/{id}/repost``: reposting (POST) and taking it back (DELETE)."""


class ApiPostLikes(ApiPostPart):
    """``/api/posts/{id}/likes``: who liked it."""


class ApiPostReposts(ApiPostPart):
    """``/api/posts/{id}/reposts``: who reposted it."""


class ApiTags(ApiNode):
    """``/api/tags/{name}``: hashtags, by name (any case)."""

    def __getitem__(self, name):
        return ApiTagContext(find_tag(self.request.dbsession, name), parent=self)


class ApiTagContext:
    """One tag; ``/api/tags/{name}/posts`` lists its posts."""

    def __init__(self, tag, parent):
        self.tag, self.__parent__, self.__name__ = tag, parent, tag.name

    def __getitem__(self, name):
        if name != "posts":
            raise KeyError(name)
        return ApiTagPosts(self, name)


class ApiTagPosts(ApiNode):
    """``/api/tags/{name}/posts``: the posts carrying the tag, newest first."""

    @property
    def tag(self):
        return self.__parent__.tag


class ApiPosts(ApiRows):
    """``/api/posts``: every post, and publishing; ``/api/posts/{id}`` is one post (a
    deleted one is gone, even where the site keeps its place in a conversation)."""

    model, context = Post, ApiPostContext

    def __getitem__(self, key):
        context = super().__getitem__(key)
        if context.post.deleted:
            raise KeyError(key)
        return context


class ApiMessageContext(ApiRowContext):
    """One private message: its sender and its recipient may read it, nobody else.

    ``conceal_when_forbidden`` makes a refusal look like a missing message (404), so that
    nobody learns which message ids exist between other people.
    """

    conceal_when_forbidden = True
    message = property(lambda self: self.row)

    def __acl__(self):
        return [
            (Allow, principal_for(self.message.sender_id), Permission.VIEW),
            (Allow, principal_for(self.message.recipient_id), Permission.VIEW),
            DENY_ALL,
        ]


class ApiMessages(ApiRows):
    """``/api/messages``: the caller's inbox and sending; ``/api/messages/{id}`` is one message."""

    __acl__ = [(Allow, Authenticated, Permission.MESSAGE)]
    model, context = Message, ApiMessageContext


class ApiMediaContext(ApiRowContext):
    """One uploaded picture. Once on a post, whoever may read the post may read it; until
    then only its uploader, and a refusal looks like a missing picture (404)."""

    conceal_when_forbidden = True
    media = property(lambda self: self.row)

    def __acl__(self):
        if self.media.post_id is not None:
            return []  # the site root's rule: signed-in users may view
        return [(Allow, principal_for(self.media.user_id), Permission.VIEW), DENY_ALL]


class ApiMedia(ApiRows):
    """``/api/media``: uploading pictures for posts; ``/api/media/{id}`` is one of them."""

    model, context = Media, ApiMediaContext
