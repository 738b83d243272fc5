"""The Mastodon client API's branch of the tree: ``/api/v1/...`` and ``/api/v2/...``.

Like the site's own API (``api.py``), its contexts are classes of their own that reuse the
web's ACL functions (``post_acl``, ``user_acl``), so the three ways in grant the same
rights. Mastodon's action paths (``/statuses/{id}/favourite``) are view names on the
contexts; a segment no view answers is a 404 in Mastodon's error shape.
"""

from pyramid.authorization import DENY_ALL, Allow
from sqlalchemy.orm import joinedload

from ..models import Activity, Media, Post, Repost, User
from ..security import Permission, principal_for
from .ids import row_id
from .posts import post_acl
from .tags import find_tag
from .users import user_acl


class MastodonResource:
    """Any context of the Mastodon API: its views must name the OAuth scope they need."""

    @property
    def request(self):
        return self.__parent__.request


class Endpoint(MastodonResource):
    """A path whose last segments are view names (``/timelines/home``)."""

    def __init__(self, parent, name):
        self.__parent__, self.__name__ = parent, name


class MastodonVersion(Endpoint):
    """``/api/v1`` or ``/api/v2``: the endpoints of that version."""

    def __init__(self, parent, name, children):
        super().__init__(parent, name)
        self.children = children

    def __getitem__(self, name):
        return self.children[name](self, name)


class Apps(Endpoint):
    """``/api/v1/apps``: registering a client; ``verify_credentials`` checks its token."""


class Instance(Endpoint):
    """``/api/v1/instance`` and ``/api/v2/instance``: what this site is."""


class Accounts(Endpoint):
    """``/api/v1/accounts``: ``verify_credentials``, ``update_credentials``,
    ``relationships``, ``lookup``, ``search`` are views; an id is an :class:`AccountContext`."""

    def __getitem__(self, key):
        user = self.request.dbsession.get(User, row_id(key))
        if user is None:
            raise KeyError(key)
        return AccountContext(user, parent=self)


class AccountContext(MastodonResource):
    """One account, with the web profile's rules; ``statuses``, ``followers``,
    ``following``, ``follow``, ``unfollow`` are views on it."""

    def __init__(self, user, parent):
        self.user, self.__parent__, self.__name__ = user, parent, str(user.id)

    def __acl__(self):
        return user_acl(self.user)


def reblog_key(key):
    """``(post id, reposter id)`` of a reblog's status id (``"12r3"``), else ``None``."""
    post, marker, user = key.partition("r")
    if not marker or not (post.isdigit() and user.isdigit()):
        return None
    return row_id(post), row_id(user)


class Statuses(Endpoint):
    """``/api/v1/statuses``: publishing (POST); an id is a :class:`StatusContext`, a
    reblog's id (``{post}r{user}``) the reblogged post's, seen as that reblog."""

    def __getitem__(self, key):
        session, reblogger = self.request.dbsession, None
        pair = reblog_key(key)
        if pair is not None:
            post_id, user_id = pair
            if session.get(Repost, (user_id, post_id)) is None:
                raise KeyError(key)
            reblogger = session.get(User, user_id)
        else:
            post_id = row_id(key)
        post = session.get(Post, post_id, options=[joinedload(Post.author)])
        if post is None or post.deleted:
            raise KeyError(key)
        return StatusContext(post, parent=self, reblogger=reblogger)


class MediaUploads(Endpoint):
    """``/api/v2/media`` (and ``/api/v1/media``): uploading a picture for a status to come;
    an id is a :class:`MediaContext`."""

    def __getitem__(self, key):
        media = self.request.dbsession.get(Media, row_id(key))
        if media is None:
            raise KeyError(key)
        return MediaContext(media, parent=self)


class MediaContext(MastodonResource):
    """One uploaded picture: its uploader reads and describes it; once on a status,
    whoever may read statuses may read it (the site's own API's rule). Another's picture
    not yet on a status is a 404, as if it did not exist."""

    conceal_when_forbidden = True

    def __init__(self, media, parent):
        self.media, self.__parent__, self.__name__ = media, parent, str(media.id)

    def __acl__(self):
        owner = (Allow, principal_for(self.media.user_id), (Permission.VIEW, Permission.EDIT))
        if self.media.post_id is not None:
            return [owner]  # and the site root's rule: signed-in users may view
        return [owner, DENY_ALL]


class StatusContext(MastodonResource):
    """One post, as a Mastodon status, with the web's rules (``post_acl``)."""

    def __init__(self, post, parent, reblogger=None):
        self.post, self.__parent__, self.__name__ = post, parent, str(post.id)
        self.reblogger = reblogger

    def __acl__(self):
        return post_acl(self.post)


class Timelines(Endpoint):
    """``/api/v1/timelines``: ``home`` and ``public`` are views; ``tag/{name}`` a tag's."""

    def __getitem__(self, name):
        if name != "tag":
            raise KeyError(name)
        return TagTimelines(self, name)


class TagTimelines(Endpoint):
    """``/api/v1/timelines/tag``: each name is a :class:`TagTimeline`."""

    def __getitem__(self, name):
        try:
            tag = find_tag(self.request.dbsession, name)
        except KeyError:
            tag = None  # nobody used it yet: an empty timeline, as Mastodon's
        return TagTimeline(tag, name, parent=self)


class TagTimeline(MastodonResource):
    """``/api/v1/timelines/tag/{name}``: the posts carrying the tag (``None``: unused)."""

    def __init__(self, tag, name, parent):
        self.tag, self.__parent__, self.__name__ = tag, parent, name


class Notifications(Endpoint):
    """``/api/v1/notifications``: the caller's; ``clear`` is a view, an id one of them."""

    def __getitem__(self, key):
        activity = self.request.dbsession.get(Activity, row_id(key))
        if activity is None:
            raise KeyError(key)
        return NotificationContext(activity, parent=self)


class NotificationContext(MastodonResource):
    """One notification: only the user it was for sees it; to anyone else it is missing."""

    conceal_when_forbidden = True

    def __init__(self, activity, parent):
        self.activity, self.__parent__, self.__name__ = activity, parent, str(activity.id)

    def __acl__(self):
        return [(Allow, principal_for(self.activity.user_id), Permission.VIEW), DENY_ALL]


class Search(Endpoint):
    """``/api/v2/search``: accounts, statuses and hashtags matching words."""


class Conversations(Endpoint):
    """``/api/v1/conversations``: the caller's private messages, one entry per person."""


class Markers(Endpoint):
    """``/api/v1/markers``: where the caller stopped reading ``home`` and ``notifications``."""


class Favourites(Endpoint):
    """``/api/v1/favourites``: what the caller liked."""


class Preferences(Endpoint):
    """``/api/v1/preferences``: the posting and reading defaults (always the same here)."""


class Empty(Endpoint):
    """A Mastodon feature this site does not have, asked for by clients as they start
    (lists, filters, custom emojis...): an empty list, rather than an error they show."""


V1 = {
    "apps": Apps,
    "instance": Instance,
    "accounts": Accounts,
    "statuses": Statuses,
    "media": MediaUploads,
    "timelines": Timelines,
    "notifications": Notifications,
    "conversations": Conversations,
    "markers": Markers,
    "favourites": Favourites,
    "preferences": Preferences,
    **dict.fromkeys(
        (
            "custom_emojis",
            "lists",
            "filters",
            "announcements",
            "bookmarks",
            "follow_requests",
            "blocks",
            "mutes",
            "followed_tags",
        ),
        Empty,
    ),
}
V2 = {"instance": Instance, "search": Search, "media": MediaUploads, "filters": Empty}


def versions(parent):
    """The children ``v1`` and ``v2`` of ``/api``."""
    return {
        "v1": MastodonVersion(parent, "v1", V1),
        "v2": MastodonVersion(parent, "v2", V2),
    }


class OAuth:
    """``/oauth``: ``authorize`` (the consent page), ``token`` and ``revoke`` are views.
    Signed-in users may authorise applications (the root's ACL)."""

    __name__ = "oauth"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request


class WellKnown:
    """``/.well-known``: ``oauth-authorization-server`` describes the OAuth server."""

    __name__ = ".well-known"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request
