"""Reporting a post (``/post/{id}/report``) or an account (``/user/{username}/report``) to
the moderators. The reported are never told who reported them."""

from pyramid.httpexceptions import HTTPSeeOther

from ..i18n import _
from ..models import Report
from ..resources.posts import PostContext
from ..resources.users import UserContext
from ..schemas.reports import ReportSchema
from ..security import Permission
from ..services.throttle import POST, spend
from . import user_url
from .forms import FormView, form_view

THANKS = _("Thank you: the moderators will look at it.")


class ReportView(FormView):
    schema = ReportSchema
    submit = _("Send Report")

    def report(self, **about):
        """File a report about ``about`` (``user_id`` and maybe ``post_id``)."""
        # reports cost what posts cost: nobody floods the queue
        spend(self.request, POST, "user", self.request.user.id)
        return Report(reporter_id=self.request.user.id, **about)


@form_view(context=PostContext, name="report", permission=Permission.REPORT)
class ReportPostView(ReportView):
    title = _("Report Post")

    def success(self, data, form):
        post = self.context.post
        self.request.dbsession.add(
            self.report(user_id=post.user_id, post_id=post.id, reason=data["reason"])
        )
        self.request.flash(THANKS, "success")
        return HTTPSeeOther(self.request.resource_url(self.request.root, "post", post.id))


@form_view(context=UserContext, name="report", permission=Permission.REPORT)
class ReportUserView(ReportView):
    def page(self):
        return {"title": _("Report ${username}", mapping={"username": self.context.user.username})}

    def success(self, data, form):
        user = self.context.user
        self.request.dbsession.add(self.report(user_id=user.id, reason=data["reason"]))
        self.request.flash(THANKS, "success")
        return HTTPSeeOther(user_url(self.request, user))
