"""Sending a private message."""

from ..i18n import _
from ..models.message import BODY_MAX_LENGTH
from .base import CSRFSchema, short_text_node


class MessageSchema(CSRFSchema):
    message = short_text_node(BODY_MAX_LENGTH, title=_("Message"))
