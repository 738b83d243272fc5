"""Private messages: writing one to a user, and reading one's inbox."""

import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _
from ..resources.root import Root
from ..resources.users import UserContext
from ..schemas.messages import MessageSchema
from ..security import Permission
from . import user_url
from .forms import FORM_PAGE, FormView
from .lists import inbox as inbox_list
from .pagination import paginate, web_window


@view_config(
    context=UserContext,
    name="message",
    renderer=FORM_PAGE,
    permission=Permission.MESSAGE,
    request_method=("GET", "HEAD", "POST"),
)
class SendMessageView(FormView):
    """``/user/{username}/message``: the ACL keeps people from writing to themselves."""

    schema = MessageSchema
    buttons = (deform.Button("submit", _("Send")),)

    def page(self):
        return {
            "title": _(
                "Send Message to ${recipient}", mapping={"recipient": self.context.user.username}
            )
        }

    def success(self, data, form):
        self.request.user.send_message(self.context.user, data["message"])
        self.request.flash(_("Your message has been sent."), "success")
        return HTTPSeeOther(user_url(self.request, self.context.user))


@view_config(
    context=Root,
    name="messages",
    renderer="microblog:templates/messages/inbox.jinja2",
    permission=Permission.VIEW,
    request_method=("GET", "HEAD"),
)
def inbox(context, request):
    """The messages the signed-in user received, newest first; opening it reads them all."""
    user = request.user
    previously_read = user.last_message_read_time
    page = paginate(request, inbox_list(user), web_window(request))
    user.mark_messages_read()
    return {"title": _("Messages"), "page": page, "previously_read": previously_read}
