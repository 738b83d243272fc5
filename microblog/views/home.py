"""The home timeline (with the post form) and explore."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..models.conversation import publish
from ..models.tags import trending
from ..resources.root import Root
from ..schemas.posts import PostWithPicturesSchema
from ..security import Permission
from ..services.throttle import POST, spend
from .entries import home_page, with_entries
from .forms import FormView
from .lists import all_posts
from .pagination import paginate, web_window
from .pictures import PicturesForm

HOME = "microblog:templates/home/index.jinja2"


@view_defaults(context=Root, renderer=HOME)
@view_config(name="", request_method="GET", permission=Permission.VIEW)
@view_config(name="", request_method="POST", permission=Permission.POST)
@view_config(name="index", request_method="GET", permission=Permission.VIEW)
@view_config(name="index", request_method="POST", permission=Permission.POST)
class HomeView(PicturesForm, FormView):
    """``/``: publish a post, read the posts of the people one follows and one's own."""

    schema = PostWithPicturesSchema
    title = _("Home")
    # on a phone the keyboard would cover the timeline as soon as the page opens
    focus = "off"
    blank_form_kept = True

    def page(self):
        user = self.request.user
        page = home_page(self.request)
        # a new user's empty timeline points somewhere: people to follow, and Explore
        empty = not page.items and not page.has_prev
        return {"page": page, "suggestions": user.suggestions() if empty else []}

    def success(self, data, form):
        spend(self.request, POST, "user", self.request.user.id)
        request = self.request
        post = publish(
            request.dbsession, request.user, data["post"], author_language=request.locale_name
        )
        refused = self.attach_pictures(post, data, form)
        if refused is not None:
            return refused
        self.request.flash(_("Your post is now live!"), "success")
        return HTTPSeeOther(self.request.resource_url(self.context))


@view_config(
    context=Root,
    name="explore",
    renderer="microblog:templates/home/explore.jinja2",
    permission=Permission.VIEW,
    request_method="GET",
)
def explore(context, request):
    return {
        "title": _("Explore"),
        "page": with_entries(
            request, paginate(request, all_posts(request.user), web_window(request))
        ),
        "trending": trending(request.dbsession),
    }
