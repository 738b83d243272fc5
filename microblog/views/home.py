"""The home timeline (with the post form) and explore."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..language import detect_language
from ..models import Post
from ..resources.root import Root
from ..schemas.posts import PostSchema
from ..security import Permission
from .forms import FormView
from .lists import all_posts, timeline
from .pagination import paginate, web_window

HOME = "microblog:templates/home/index.jinja2"


@view_defaults(context=Root, renderer=HOME)
@view_config(name="", request_method=("GET", "HEAD"), permission=Permission.VIEW)
@view_config(name="", request_method="POST", permission=Permission.POST)
@view_config(name="index", request_method=("GET", "HEAD"), permission=Permission.VIEW)
@view_config(name="index", request_method="POST", permission=Permission.POST)
class HomeView(FormView):
    """``/``: publish a post, read the posts of the people one follows and one's own."""

    schema = PostSchema
    buttons = (deform.Button("submit", _("Submit")),)
    title = _("Home")

    def page(self):
        request = self.request
        return {"page": paginate(request, timeline(request.user), web_window(request))}

    def success(self, data, form):
        body = data["post"]
        post = Post(body=body, author=self.request.user, language=detect_language(body))
        self.request.dbsession.add(post)
        self.request.flash(_("Your post is now live!"), "success")
        return HTTPSeeOther(self.request.resource_url(self.context))


@view_config(
    context=Root,
    name="explore",
    renderer="microblog:templates/home/explore.jinja2",
    permission=Permission.VIEW,
    request_method=("GET", "HEAD"),
)
def explore(context, request):
    return {"title": _("Explore"), "page": paginate(request, all_posts(), web_window(request))}
