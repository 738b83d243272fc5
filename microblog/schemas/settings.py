"""The account settings forms: password, email address, deletion."""

import colander
import deform

from ..i18n import _
from ..services.interfaces import IThrottle
from ..services.throttle import LOGIN_ACCOUNT
from .accounts import PasswordPair, email_node, password_node
from .base import CSRFSchema, Text

WRONG_PASSWORD = _("That is not your current password.")


def password_is_right(request, password):
    """True when ``password`` is the signed-in user's; a wrong one counts against the
    account's sign-in throttle (a borrowed session must not become a guessing machine)."""
    throttle = request.find_service(IThrottle)
    identity = ("account", request.user.username.lower())
    throttle.check(LOGIN_ACCOUNT, *identity)
    if request.user.check_password(password):
        return True
    throttle.count(LOGIN_ACCOUNT, *identity)
    return False


@colander.deferred
def deferred_current_password(node, kw):
    request = kw["request"]

    def validate(node, value):
        if not password_is_right(request, value):
            raise colander.Invalid(node, WRONG_PASSWORD)

    return validate


def current_password_node():
    return colander.SchemaNode(
        Text(),
        name="current_password",
        title=_("Current Password"),
        validator=deferred_current_password,
        missing_msg=_("This field is required."),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "current-password"}),
    )


class ChangePasswordSchema(PasswordPair, CSRFSchema):
    current_password = current_password_node()
    password = password_node(_("New Password"))
    password2 = password_node(_("Repeat Password"))


class ChangeEmailSchema(CSRFSchema):
    """Bind with ``user``: their own address is not "taken" (but is no change either)."""

    email = email_node()
    current_password = current_password_node()


class DeleteAccountSchema(CSRFSchema):
    current_password = current_password_node()
