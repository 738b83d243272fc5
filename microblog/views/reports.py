"""Reporting a post (``/post/{id}/report``), a message one received
(``/messages/{id}/report``) or an account (``/user/{username}/report``) to the moderators:
one form, whatever is reported. The reported are never told who reported them."""

from pyramid.httpexceptions import HTTPSeeOther

from ..i18n import _
from ..models import Report, User
from ..resources.messages import MessageContext
from ..resources.posts import PostContext
from ..resources.users import UserContext
from ..schemas.reports import ReportSchema
from ..security import Permission
from ..services.throttle import POST, spend
from . import user_url
from .forms import FormView, form_view

THANKS = _("Thank you: the moderators will look at it.")
REPORT_PAGE = "microblog:templates/reports/report.jinja2"


class ReportView(FormView):
    """The report form; a subclass says what is reported (``subject``), what the page
    quotes of it, and where the reporter goes back to."""

    schema = ReportSchema
    submit = _("Send Report")

    def subject(self):
        raise NotImplementedError

    def back(self):
        raise NotImplementedError

    def success(self, data, form):
        request = self.request
        # reports cost what posts cost: nobody floods the queue
        spend(request, POST, "user", request.user.id)
        request.dbsession.add(Report.about(self.subject(), request.user, data["reason"]))
        request.flash(THANKS, "success")
        return HTTPSeeOther(self.back())


@form_view(context=PostContext, name="report", permission=Permission.REPORT, renderer=REPORT_PAGE)
class ReportPostView(ReportView):
    title = _("Report Post")

    def subject(self):
        return self.context.post

    def page(self):
        post = self.context.post
        return {"quoted": post.body, "quoted_author": post.author}

    def back(self):
        return self.request.resource_url(self.request.root, "post", self.context.post.id)


@form_view(
    context=MessageContext, name="report", permission=Permission.REPORT, renderer=REPORT_PAGE
)
class ReportMessageView(ReportView):
    """Only its recipient may report a message (``message_acl``)."""

    title = _("Report Message")

    def subject(self):
        return self.context.message

    def page(self):
        message = self.context.message
        sender = self.request.dbsession.get(User, message.sender_id)
        return {"quoted": message.body, "quoted_author": sender}

    def back(self):
        return self.request.resource_url(self.request.root, "messages")


@form_view(context=UserContext, name="report", permission=Permission.REPORT)
class ReportUserView(ReportView):
    def page(self):
        return {"title": _("Report ${username}", mapping={"username": self.context.user.username})}

    def subject(self):
        return self.context.user

    def back(self):
        return user_url(self.request, self.context.user)
