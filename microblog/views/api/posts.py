"""``/api/posts`` and ``/api/feed``: reading, publishing and deleting posts."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.view import view_defaults

from ...language import detect_language
from ...models import Post
from ...resources.api import ApiFeed, ApiPostContext, ApiPosts
from ...schemas.api import NewPostSchema
from ...security import Permission
from ...services.throttle import POST, spend
from .. import Views
from ..lists import all_posts, timeline
from . import api_view
from .inputs import validated
from .representations import created, paginated, post_dict


@view_defaults(context=ApiPosts)
class ApiPostsViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def explore(self):
        return paginated(self.request, all_posts(self.request.user), post_dict)

    @api_view(request_method="POST", permission=Permission.POST)
    def publish(self):
        body = validated(self.request, NewPostSchema)["body"]
        spend(self.request, POST, "user", self.request.user.id)
        post = Post(
            body=body,
            author=self.request.user,
            language=detect_language(body, self.request.locale_name),
        )
        return created(self.request, post, post_dict, "posts")


@view_defaults(context=ApiPostContext)
class ApiPostViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def show(self):
        return post_dict(self.request, self.context.post)

    @api_view(request_method="DELETE", permission=Permission.DELETE)
    def delete(self):
        self.request.dbsession.delete(self.context.post)
        return HTTPNoContent()


@api_view(context=ApiFeed, request_method="GET", permission=Permission.VIEW)
def feed(context, request):
    return paginated(request, timeline(request.user), post_dict)
