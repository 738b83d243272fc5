"""One post, and deleting it."""

from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..resources.posts import PostContext
from ..security import Permission
from . import Views, redirect_back


@view_defaults(context=PostContext)
class PostViews(Views):
    @view_config(
        request_method="GET",
        permission=Permission.VIEW,
        renderer="microblog:templates/posts/post.jinja2",
    )
    def show(self):
        post = self.context.post
        return {
            "title": _("Post by ${username}", mapping={"username": post.author.username}),
            "description": post.body,
            "post": post,
        }

    @view_config(name="delete", request_method="POST", permission=Permission.DELETE)
    def delete(self):
        self.request.dbsession.delete(self.context.post)
        self.request.flash(_("Your post has been deleted."), "info")
        fallback = self.request.resource_url(self.request.root)
        response = redirect_back(self.request, fallback)
        # the post's own page is gone: never go back there
        if response.location.rstrip("/").endswith(f"/post/{self.context.__name__}"):
            response.location = fallback
        return response
