"""Liking and reposting posts, and the list of what a user liked.

The buttons are plain forms (they work without scripts: the answer sends the browser
back where it was); a page's script sends the same POST asking for JSON, and puts the
new state in place.
"""

from pyramid.renderers import render_to_response
from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..models.interactions import like, repost, unlike, unrepost
from ..resources.posts import PostContext
from ..resources.users import UserContext
from ..security import Permission
from . import Views, redirect_back
from .entries import entries, with_entries
from .errors import prefers_json
from .pagination import paginate, web_window
from .post_lists import liked_by
from .users import UserViews

ACTIONS = {"like": like, "unlike": unlike, "repost": repost, "unrepost": unrepost}
MESSAGES = {
    "like": _("You like this post."),
    "unlike": _("You no longer like this post."),
    "repost": _("You reposted this post."),
    "unrepost": _("You no longer repost this post."),
}


@view_defaults(context=PostContext, request_method="POST")
class InteractionViews(Views):
    @view_config(name="like", permission=Permission.LIKE)
    @view_config(name="unlike", permission=Permission.LIKE)
    @view_config(name="repost", permission=Permission.REPOST)
    @view_config(name="unrepost", permission=Permission.REPOST)
    def act(self):
        request, post = self.request, self.context.post
        ACTIONS[request.view_name](request.user, post)
        if prefers_json(request):
            return self.state()
        request.flash(MESSAGES[request.view_name], "success")
        return redirect_back(request, request.resource_url(request.root, "post", post.id))

    def state(self):
        """What the buttons show now: the reader's like and repost, and the counts."""
        post = self.context.post
        (entry,) = entries(self.request, [post])
        return render_to_response(
            "json",
            {
                "liked": entry.liked,
                "reposted": entry.reposted,
                "like_count": post.like_count,
                "repost_count": post.repost_count,
            },
            request=self.request,
        )


@view_config(
    context=UserContext,
    name="likes",
    request_method="GET",
    permission=Permission.VIEW_LIKES,
    renderer="microblog:templates/users/profile.jinja2",
)
def likes(context, request):
    """``/user/{username}/likes``: the profile's Likes tab, for its owner only."""
    summary = UserViews(context, request).summary()
    page = paginate(request, liked_by(context.user), web_window(request))
    with_entries(request, page)
    return {**summary, "page": page, "tab": "likes"}
