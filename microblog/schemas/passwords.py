"""Asking for a password reset link (the new password itself is ``ResetPasswordSchema``)."""

import colander
import deform

from ..i18n import _
from .accounts import EMAIL_RULES
from .base import CSRFSchema, Text, stripped


class ResetPasswordRequestSchema(CSRFSchema):
    # only the format is checked: whether an account has this address is never revealed
    email = colander.SchemaNode(
        Text(),
        title=_("Email"),
        preparer=stripped,
        validator=EMAIL_RULES,
        missing_msg=_("This field is required."),
        widget=deform.widget.TextInputWidget(attributes={"type": "email", "autocomplete": "email"}),
    )
