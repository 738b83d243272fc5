"""Private messages, found by id."""

from pyramid.authorization import DENY_ALL, Allow

from ..models import Message
from ..security import Permission, principal_for
from .ids import row_id


def message_acl(message):
    """A message's sender and its recipient may read it, and the recipient alone may
    report it; to anyone else it does not exist. Shared by the web and the API contexts."""
    return [
        (Allow, principal_for(message.sender_id), Permission.VIEW),
        (Allow, principal_for(message.recipient_id), (Permission.VIEW, Permission.REPORT)),
        DENY_ALL,
    ]


class Messages:
    """``/messages``: the signed-in user's inbox (the root's ACL lets anyone signed in read
    their own); ``/messages/{id}`` is a :class:`MessageContext`."""

    __name__ = "messages"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    def __getitem__(self, key):
        message = self.request.dbsession.get(Message, row_id(key))
        if message is None:
            raise KeyError(key)
        return MessageContext(message, parent=self)


class MessageContext:
    """One message. A refusal answers as if it did not exist (404), so that nobody learns
    which message ids there are between other people."""

    conceal_when_forbidden = True

    def __init__(self, message, parent):
        self.message, self.__parent__, self.__name__ = message, parent, str(message.id)

    def __acl__(self):
        return message_acl(self.message)
