"""One post in its conversation; replying to it, editing it, its history, deleting it."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults

from ..i18n import _
from ..models.conversation import ancestors, delete_post, descendants, edit, load_posts, publish
from ..resources.posts import DeletedPostContext, PostContext
from ..schemas.posts import PostSchema, PostWithPicturesSchema
from ..security import Permission
from ..services.throttle import POST, spend
from . import Views, redirect_back
from .entries import entries, list_page
from .forms import FormView, form_view
from .pagination import paginate, web_window
from .pictures import PicturesForm
from .post_lists import edits_of

CONVERSATION = "microblog:templates/posts/post.jinja2"
POST_FORM = "microblog:templates/posts/reply.jinja2"


def post_url(request, post, *elements):
    return request.resource_url(request.root, "post", post.id, *elements)


@view_config(
    context=PostContext, request_method="GET", permission=Permission.VIEW, renderer=CONVERSATION
)
@view_config(
    context=DeletedPostContext,
    request_method="GET",
    permission=Permission.VIEW,
    renderer=CONVERSATION,
)
def conversation(context, request):
    """The post between what it answers (all of it, oldest first) and its replies (a page
    of them, each followed by its own replies): five queries however long the thread."""
    post, session = context.post, request.dbsession
    above = ancestors(session, post)
    page = list_page(request, descendants(session, post))
    depths = dict(page.items)
    below = load_posts(session, list(depths))
    shown = entries(request, [*above, post, *below], depths=depths)
    page.items = shown[len(above) + 1 :]
    values = {"ancestors": shown[: len(above)], "entry": shown[len(above)], "page": page}
    if post.deleted:
        return {**values, "title": _("Conversation")}
    name = {"username": post.author.username}
    return {**values, "title": _("Post by ${username}", mapping=name), "description": post.body}


@view_defaults(context=PostContext)
class PostViews(Views):
    @view_config(
        name="history",
        request_method="GET",
        permission=Permission.VIEW,
        renderer="microblog:templates/posts/history.jinja2",
    )
    def history(self):
        post = self.context.post
        return {
            "entry": entries(self.request, [post])[0],
            "page": paginate(self.request, edits_of(post), web_window(self.request)),
            "title": _("Edit history"),
        }

    @view_config(name="delete", request_method="POST", permission=Permission.DELETE)
    def delete(self):
        delete_post(self.request.dbsession, self.context.post)
        self.request.flash(_("Your post has been deleted."), "info")
        fallback = self.request.resource_url(self.request.root)
        response = redirect_back(self.request, fallback)
        # the post's own page is gone: never go back there
        if response.location.rstrip("/").endswith(f"/post/{self.context.__name__}"):
            response.location = fallback
        return response


@form_view(context=PostContext, name="reply", permission=Permission.REPLY, renderer=POST_FORM)
class ReplyView(PicturesForm, FormView):
    """``/post/{id}/reply``: the post, and a form to answer it (with pictures, as a post)."""

    schema = PostWithPicturesSchema
    submit = _("Reply")
    title = _("Reply")

    def appstruct(self):
        # answering someone else starts by naming them, as people expect
        author = self.context.post.author
        me = self.request.user
        return {"post": f"@{author.username} "} if author.id != me.id else {}

    def page(self):
        return {"entry": entries(self.request, [self.context.post])[0]}

    def success(self, data, form):
        spend(self.request, POST, "user", self.request.user.id)
        session = self.request.dbsession
        reply = publish(
            session,
            self.request.user,
            data["post"],
            in_reply_to=self.context.post,
            author_language=self.request.locale_name,
        )
        refused = self.attach_pictures(reply, data, form)
        if refused is not None:
            return refused
        self.request.flash(_("Your reply is now live!"), "success")
        return HTTPSeeOther(post_url(self.request, reply))


@form_view(context=PostContext, name="edit", permission=Permission.EDIT, renderer=POST_FORM)
class EditPostView(FormView):
    """``/post/{id}/edit``: the author changes the text; the earlier one is kept."""

    schema = PostSchema
    submit = _("Save")
    title = _("Edit your post")

    def appstruct(self):
        return {"post": self.context.post.body}

    def success(self, data, form):
        post = self.context.post
        if edit(self.request.dbsession, post, data["post"], self.request.locale_name):
            self.request.flash(_("Your post has been updated."), "success")
        return HTTPSeeOther(post_url(self.request, post))
