"""``/api/messages``: the caller's inbox, sending, and reading one message."""

from pyramid.view import view_defaults

from ...models import User
from ...resources.api import ApiMessageContext, ApiMessages
from ...schemas.api import NewMessageSchema
from ...security import Permission
from ...services.throttle import POST, spend
from .. import Views
from ..lists import inbox as inbox_list
from . import api_view
from .inputs import validated
from .representations import created, message_dict, paginated


@view_defaults(context=ApiMessages)
class ApiMessagesViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def inbox(self):
        """Messages received, newest first; like the web's inbox, reading marks them read."""
        me = self.request.user
        page = paginated(self.request, inbox_list(me), message_dict)
        me.mark_messages_read()
        return page

    @api_view(request_method="POST", permission=Permission.MESSAGE)
    def send(self):
        data = validated(self.request, NewMessageSchema)
        spend(self.request, POST, "user", self.request.user.id)
        recipient = self.request.dbsession.get(User, data["recipient_id"])
        message = self.request.user.send_message(recipient, data["body"])
        return created(self.request, message, message_dict, "messages")


@api_view(context=ApiMessageContext, request_method="GET", permission=Permission.VIEW)
def show(context, request):
    return message_dict(request, context.message)
