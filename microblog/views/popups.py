"""The hover popup's content: a small card about a user, as an HTML fragment."""

from pyramid.view import view_config

from ..resources.users import UserContext
from ..security import Permission


@view_config(
    context=UserContext,
    name="popup",
    permission=Permission.VIEW,
    request_method="GET",
    renderer="microblog:templates/users/popup.jinja2",
)
def user_popup(context, request):
    me, user = request.user, context.user
    return {
        "user": user,
        "counts": user.counts(),
        "is_me": me.id == user.id,
        "following": me.id != user.id and me.is_following(user),
    }
