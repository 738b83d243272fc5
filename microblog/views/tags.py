"""``/tag/{name}``: the posts carrying a hashtag, newest first."""

from pyramid.view import view_config

from ..i18n import _
from ..resources.tags import TagContext
from ..security import Permission
from .entries import with_entries
from .pagination import paginate, web_window
from .post_lists import tagged


@view_config(
    context=TagContext,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="microblog:templates/tags/tag.jinja2",
)
def tag(context, request):
    return {
        "tag": context.tag,
        "page": with_entries(
            request, paginate(request, tagged(context.tag, request.user), web_window(request))
        ),
        "title": _("Posts tagged #${name}", mapping={"name": context.tag.name}),
    }
