"""Sending a private message."""
import colander
import deform

from ..i18n import _
from ..models.message import BODY_MAX_LENGTH
from .base import CSRFSchema, stripped, text_length


class MessageSchema(CSRFSchema):
    message = colander.SchemaNode(
        colander.String(),
        title=_("Message"),
        preparer=stripped,
        validator=text_length(1, BODY_MAX_LENGTH),
        widget=deform.widget.TextAreaWidget(rows=3, attributes={"maxlength": BODY_MAX_LENGTH}),
        missing_msg=_("This field is required."),
    )
