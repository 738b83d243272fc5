"""The API's conversations: a post's context and history, likes and reposts, tag timelines
and the caller's notifications."""

from pyramid.httpexceptions import HTTPNoContent

from ...models import isoformat
from ...models.conversation import ancestors, descendants, load_posts
from ...models.interactions import like, repost, unlike, unrepost
from ...resources.api import (
    ApiNotifications,
    ApiPostConversation,
    ApiPostHistory,
    ApiPostLike,
    ApiPostLikes,
    ApiPostRepost,
    ApiPostReposts,
    ApiTagPosts,
)
from ...security import Permission
from .. import Views
from ..post_lists import edits_of, likers_of, notifications_of, reposters_of, tagged
from . import api_view
from .representations import api_url, paginated, paginated_posts, post_list, user_dict

# a conversation's replies come in one answer; past this many, the oldest branches first
MAX_DESCENDANTS = 500


@api_view(context=ApiPostConversation, request_method="GET", permission=Permission.VIEW)
def context(context, request):
    """``{"ancestors": [...], "descendants": [...]}``: what the post answers, oldest first,
    and every reply below it in reading order (each followed by its own replies). Deleted
    posts kept for their replies are left out."""
    session, post = request.dbsession, context.post
    above = [p for p in ancestors(session, post) if not p.deleted]
    below_ids = [post_id for post_id, _depth in descendants(session, post)][:MAX_DESCENDANTS]
    below = [p for p in load_posts(session, below_ids) if not p.deleted]
    shown = post_list(request, [*above, *below])
    return {"ancestors": shown[: len(above)], "descendants": shown[len(above) :]}


def version_dict(request, version):
    return {
        "body": version.body,
        "language": version.language or None,
        "timestamp": isoformat(version.timestamp),
    }


@api_view(context=ApiPostHistory, request_method="GET", permission=Permission.VIEW)
def history(context, request):
    """The versions of the post that edits replaced, the newest first."""
    return paginated(request, edits_of(context.post), version_dict)


class ToggleViews(Views):
    """Liking and reposting: doing it twice, or undoing what was not done, changes nothing."""

    def done(self, action):
        action(self.request.user, self.context.post)
        return HTTPNoContent()

    @api_view(context=ApiPostLike, request_method="POST", permission=Permission.LIKE)
    def like(self):
        return self.done(like)

    @api_view(context=ApiPostLike, request_method="DELETE", permission=Permission.LIKE)
    def unlike(self):
        return self.done(unlike)

    @api_view(context=ApiPostRepost, request_method="POST", permission=Permission.REPOST)
    def repost(self):
        return self.done(repost)

    @api_view(context=ApiPostRepost, request_method="DELETE", permission=Permission.REPOST)
    def unrepost(self):
        return self.done(unrepost)


@api_view(context=ApiPostLikes, request_method="GET", permission=Permission.VIEW)
def likes(context, request):
    return paginated(request, likers_of(context.post), user_dict)


@api_view(context=ApiPostReposts, request_method="GET", permission=Permission.VIEW)
def reposts(context, request):
    return paginated(request, reposters_of(context.post), user_dict)


@api_view(context=ApiTagPosts, request_method="GET", permission=Permission.VIEW)
def tag_posts(context, request):
    return paginated_posts(request, tagged(context.tag, request.user))


def notification_dict(request, activity):
    read_until = request.user.last_notification_read_time
    return {
        "id": activity.id,
        "type": activity.kind,
        "timestamp": isoformat(activity.timestamp),
        "actor_id": activity.actor_id,
        "post_id": activity.post_id,
        "read": read_until is not None and activity.timestamp <= read_until,
        "_links": {
            "actor": api_url(request, "users", activity.actor_id),
            "post": api_url(request, "posts", activity.post_id) if activity.post_id else None,
        },
    }


@api_view(context=ApiNotifications, request_method="GET", permission=Permission.VIEW)
def notifications(context, request):
    """What happened that concerns the caller, newest first, one item per event."""
    return paginated(request, notifications_of(request.user), notification_dict)
