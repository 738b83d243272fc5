"""Publishing a post."""
import colander
import deform

from ..i18n import _
from ..models.post import BODY_MAX_LENGTH
from .base import CSRFSchema, stripped, text_length


class PostSchema(CSRFSchema):
    post = colander.SchemaNode(
        colander.String(),
        title=_("Say something"),
        preparer=stripped,
        validator=text_length(1, BODY_MAX_LENGTH),
        widget=deform.widget.TextAreaWidget(rows=3, attributes={"maxlength": BODY_MAX_LENGTH}),
        missing_msg=_("This field is required."),
    )
