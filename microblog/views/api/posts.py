"""``/api/posts`` and ``/api/feed``: reading, publishing and deleting posts."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.view import view_config, view_defaults

from ...language import detect_language
from ...models import Post
from ...resources.api import ApiFeed, ApiPostContext, ApiPosts
from ...schemas.api import NewPostSchema
from ...security import Permission
from ..lists import all_posts, timeline
from .inputs import validated
from .representations import api_url, paginated, post_dict


@view_defaults(context=ApiPosts, renderer="json", require_csrf=False)
class PostsViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="GET", permission=Permission.VIEW)
    def explore(self):
        return paginated(self.request, all_posts(), post_dict)

    @view_config(request_method="POST", permission=Permission.POST)
    def publish(self):
        body = validated(self.request, NewPostSchema)["body"]
        post = Post(body=body, author=self.request.user, language=detect_language(body))
        self.request.dbsession.add(post)
        self.request.dbsession.flush()
        self.request.response.status_int = 201
        self.request.response.location = api_url(self.request, "posts", post.id)
        return post_dict(self.request, post)


@view_defaults(context=ApiPostContext, renderer="json", require_csrf=False)
class PostViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="GET", permission=Permission.VIEW)
    def show(self):
        return post_dict(self.request, self.context.post)

    @view_config(request_method="DELETE", permission=Permission.DELETE)
    def delete(self):
        self.request.dbsession.delete(self.context.post)
        return HTTPNoContent()


@view_config(
    context=ApiFeed,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def feed(context, request):
    return paginated(request, timeline(request.user), post_dict)
