"""Reporting a post, a message or an account: the reason, on the web and in the API."""

import colander
import deform

from ..i18n import _
from ..models import MAX_ID
from ..models.moderation import REASON_MAX_LENGTH
from .base import CSRFSchema, Text, stripped_text, text_length


def reason_node():
    return colander.SchemaNode(
        Text(),
        name="reason",
        title=_("What is wrong?"),
        preparer=stripped_text,
        validator=text_length(1, REASON_MAX_LENGTH),
        missing_msg=_("This field is required."),
        widget=deform.widget.TextAreaWidget(
            rows=3, attributes={"data-maxlength": REASON_MAX_LENGTH}
        ),
    )


class ReportSchema(CSRFSchema):
    reason = reason_node()


def id_node(name):
    return colander.SchemaNode(
        colander.Integer(),
        name=name,
        validator=colander.Range(1, MAX_ID),
        missing=None,
    )


class NewReportSchema(colander.Schema):
    """``POST /api/reports``: one of ``post_id``, ``message_id``, ``user_id`` (the view
    insists on exactly one), and why."""

    post_id = id_node("post_id")
    message_id = id_node("message_id")
    user_id = id_node("user_id")
    reason = reason_node()
