"""The JSON API's branch of the tree, ``/api/...``.

Its contexts are classes of their own (no web view is ever registered on them) that reuse the
web's ACL functions, so that the API and the site grant exactly the same rights. Every
endpoint is a context and its views have no name: a segment after an endpoint finds no view,
which makes ``/api/users/1/followers/extra`` a 404 instead of a second address for the list.
"""

from pyramid.authorization import DENY_ALL, Allow, Authenticated
from pyramid.httpexceptions import HTTPBadRequest, HTTPForbidden

from ..models import Media, Message, Post, Report, User
from ..security import VERIFIED, Permission, principal_for
from .ids import row_id
from .mastodon import versions
from .messages import message_acl
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
            "reports": ApiReports(self, "reports"),
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
    # (see UserContext; the parts below find it on their parent)
    counterpart_id = property(lambda self: self.row.id)

    def __acl__(self):
        return user_acl(self.user)

    def __getitem__(self, name):
        child = {
            "followers": ApiFollowers,
            "followed": ApiFollowed,
            "posts": ApiUserPosts,
            "follow": ApiFollow,
            "block": ApiBlock,
            "mute": ApiMute,
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

    def refusal(self, request):
        if self.user.id == request.user.id:
            return (HTTPBadRequest, "You cannot follow or unfollow yourself.")
        return (HTTPForbidden, "A block stands between you and this user.")


class ApiBlock(ApiUserPart):
    """``/api/users/{id}/block``: blocking (POST) and unblocking (DELETE) that user; like
    following, doing it to oneself is bad input (400)."""

    refusal = (HTTPBadRequest, "You cannot block or mute yourself.")


class ApiMute(ApiBlock):
    """``/api/users/{id}/mute``: muting (POST) and unmuting (DELETE) that user."""


class ApiNotifications(ApiNode):
    """``/api/notifications``: what happened that concerns the caller."""


class ApiPostContext(ApiRowContext):
    """One post, with the web's rules (``post_acl``): only its author edits or deletes it,
    anyone signed in likes and reposts it; and what belongs to it."""

    post = property(lambda self: self.row)
    counterpart_id = property(lambda self: self.row.user_id)

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


def unverified_refusal(request):
    """Why writing is refused: an address still to confirm says so (else the usual 403)."""
    user = request.user
    if user is not None and not user.email_verified:
        return (
            HTTPForbidden,
            "Confirm your email address first: open the link that was mailed to it.",
        )
    return (HTTPForbidden, None)


class ApiPosts(ApiRows):
    """``/api/posts``: every post, and publishing; ``/api/posts/{id}`` is one post (a
    deleted one is gone, even where the site keeps its place in a conversation)."""

    refusal = staticmethod(unverified_refusal)

    model, context = Post, ApiPostContext

    def __getitem__(self, key):
        context = super().__getitem__(key)
        if context.post.deleted:
            raise KeyError(key)
        return context


class ApiMessageContext(ApiRowContext):
    """One private message, with the web's rules (``message_acl``): its sender and its
    recipient may read it, nobody else.

    ``conceal_when_forbidden`` makes a refusal look like a missing message (404), so that
    nobody learns which message ids exist between other people.
    """

    conceal_when_forbidden = True
    message = property(lambda self: self.row)

    def __acl__(self):
        return message_acl(self.message)


class ApiMessages(ApiRows):
    """``/api/messages``: the caller's inbox and sending; ``/api/messages/{id}`` is one message."""

    # an address still to confirm (REQUIRE_EMAIL_VERIFICATION) may read, not write
    __acl__ = [(Allow, VERIFIED, Permission.MESSAGE)]
    refusal = staticmethod(unverified_refusal)
    model, context = Message, ApiMessageContext


class ApiReportContext(ApiRowContext):
    """One report, readable by whoever filed it (and a 404 to anyone else)."""

    conceal_when_forbidden = True
    report = property(lambda self: self.row)

    def __acl__(self):
        return [(Allow, principal_for(self.report.reporter_id), Permission.VIEW), DENY_ALL]


class ApiReports(ApiRows):
    """``/api/reports``: reporting a post, a message or an account to the moderators."""

    __acl__ = [(Allow, Authenticated, Permission.REPORT)]
    model, context = Report, ApiReportContext


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
