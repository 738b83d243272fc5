"""``/api/posts`` and ``/api/feed``: reading, publishing, editing and deleting posts."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.view import view_defaults

from ...models import Post
from ...models.conversation import delete_post, edit, publish
from ...resources.api import ApiFeed, ApiPostContext, ApiPosts
from ...schemas.api import NewPostSchema, PostChangesSchema, own_unattached_media
from ...security import Permission
from ...services.throttle import POST, spend
from .. import Views
from ..lists import all_posts, timeline
from . import api_view
from .inputs import validated
from .representations import api_url, paginated_posts, post_dict


@view_defaults(context=ApiPosts)
class ApiPostsViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def explore(self):
        return paginated_posts(self.request, all_posts(self.request.user))

    @api_view(request_method="POST", permission=Permission.POST)
    def publish(self):
        data = validated(self.request, NewPostSchema)
        spend(self.request, POST, "user", self.request.user.id)
        session = self.request.dbsession
        answered = data["in_reply_to_id"] and session.get(Post, data["in_reply_to_id"])
        chosen = own_unattached_media(self.request, data["media_ids"])
        post = publish(
            session,
            self.request.user,
            data["body"],
            in_reply_to=answered or None,
            author_language=self.request.locale_name,
        )
        for position, media in enumerate(chosen):
            media.post_id, media.position = post.id, position
        self.request.response.status_int = 201
        self.request.response.location = api_url(self.request, "posts", post.id)
        return post_dict(self.request, post)


@view_defaults(context=ApiPostContext)
class ApiPostViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def show(self):
        return post_dict(self.request, self.context.post)

    @api_view(request_method="PUT", permission=Permission.EDIT)
    def update(self):
        post = self.context.post
        body = validated(self.request, PostChangesSchema, post=post)["body"]
        edit(self.request.dbsession, post, body, author_language=self.request.locale_name)
        return post_dict(self.request, post)

    @api_view(request_method="DELETE", permission=Permission.DELETE)
    def delete(self):
        delete_post(self.request.dbsession, self.context.post)
        return HTTPNoContent()


@api_view(context=ApiFeed, request_method="GET", permission=Permission.VIEW)
def feed(context, request):
    return paginated_posts(request, timeline(request.user))
