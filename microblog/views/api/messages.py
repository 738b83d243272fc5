"""``/api/messages``: the caller's inbox, sending, and reading one message."""

from pyramid.view import view_config, view_defaults

from ...models import User
from ...resources.api import ApiMessageContext, ApiMessages
from ...schemas.api import NewMessageSchema
from ...security import Permission
from ..lists import inbox as inbox_list
from .inputs import validated
from .representations import api_url, message_dict, paginated


@view_defaults(context=ApiMessages, renderer="json", require_csrf=False)
class MessagesViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="GET", permission=Permission.VIEW)
    def inbox(self):
        """Messages received, newest first; like the web's inbox, reading marks them read."""
        me = self.request.user
        page = paginated(self.request, inbox_list(me), message_dict)
        me.mark_messages_read()
        return page

    @view_config(request_method="POST", permission=Permission.MESSAGE)
    def send(self):
        data = validated(self.request, NewMessageSchema)
        recipient = self.request.dbsession.get(User, data["recipient_id"])
        message = self.request.user.send_message(recipient, data["body"])
        self.request.response.status_int = 201
        self.request.response.location = api_url(self.request, "messages", message.id)
        return message_dict(self.request, message)


@view_config(
    context=ApiMessageContext,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def show(context, request):
    return message_dict(request, context.message)
