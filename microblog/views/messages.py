"""Private messages: writing one to a user, and reading one's inbox."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _
from ..resources.messages import Messages
from ..resources.users import UserContext
from ..schemas.messages import MessageSchema
from ..security import Permission
from ..services.throttle import POST, spend
from . import user_url
from .forms import FormView, form_view
from .lists import inbox as inbox_list
from .pagination import paginate, web_window


@form_view(context=UserContext, name="message", permission=Permission.MESSAGE)
class SendMessageView(FormView):
    """``/user/{username}/message``: the ACL keeps people from writing to themselves."""

    schema = MessageSchema
    submit = _("Send")

    def page(self):
        return {
            "title": _(
                "Send Message to ${recipient}", mapping={"recipient": self.context.user.username}
            )
        }

    def success(self, data, form):
        spend(self.request, POST, "user", self.request.user.id)
        self.request.user.send_message(self.context.user, data["message"])
        self.request.flash(_("Your message has been sent."), "success")
        return HTTPSeeOther(user_url(self.request, self.context.user))


@view_config(
    context=Messages,
    renderer="microblog:templates/messages/inbox.jinja2",
    permission=Permission.VIEW,
    request_method="GET",
)
def inbox(context, request):
    """The messages the signed-in user received, newest first; opening it reads them all."""
    user = request.user
    previously_read = user.last_message_read_time
    page = paginate(request, inbox_list(user), web_window(request))
    user.mark_messages_read()
    return {"title": _("Messages"), "page": page, "previously_read": previously_read}
