"""Registration, login and profile editing."""

import re

import colander
import deform
from sqlalchemy import func, select

from ..i18n import _
from ..models import ReservedUsername, User
from ..models.user import PASSWORD_MAX_BYTES
from .base import CSRFSchema, Text, stripped, stripped_text, text_length
from .media import avatar_nodes

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]+$"


def password_length(node, value):
    if len(value) < 8:
        raise colander.Invalid(
            node, _("Must be at least ${min} characters long.", mapping={"min": 8})
        )
    if len(value.encode("utf-8")) > PASSWORD_MAX_BYTES:
        raise colander.Invalid(
            node, _("Must be at most ${max} bytes long.", mapping={"max": PASSWORD_MAX_BYTES})
        )


USERNAME_RULES = colander.All(
    text_length(1, 64),
    colander.Regex(
        USERNAME_PATTERN, msg=_("Use only letters, digits, dots, dashes and underscores.")
    ),
)
# a dotted domain, as mail can reach (colander.Email takes "name@x"); no spaces, no
# dots at the ends of the local part or twice in a row
EMAIL_PATTERN = re.compile(
    r"^(?!\.)(?!.*\.\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+(?<!\.)"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$"
)
EMAIL_RULES = colander.All(
    text_length(1, 120),
    colander.Regex(EMAIL_PATTERN, msg=_("Invalid email address.")),
)


def taken(dbsession, column, value, except_user=None):
    """True when another account holds ``value`` (or, for a username, a removed one did)."""
    query = select(User.id).where(func.lower(column) == value.lower())
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    if dbsession.scalar(query.limit(1)) is not None:
        return True
    return column is User.username and dbsession.get(ReservedUsername, value.lower()) is not None


def unique(column, rules, message):
    """``rules``, then refuse a value another user holds (case-insensitively).

    Bound with ``request`` and, when editing, the ``user`` whose own value is allowed.
    """

    @colander.deferred
    def deferred(node, kw):
        request, current = kw["request"], kw.get("user")

        def not_taken(node, value):
            if taken(request.dbsession, column, value, except_user=current):
                raise colander.Invalid(node, message)

        return colander.All(rules, not_taken)

    return deferred


def unique_text_node(name, title, validator, attributes, **kw):
    """A required, stripped text field checked by ``validator`` (one of ``unique(...)``);
    ``kw`` goes to the node (``missing=colander.drop`` for a partial update)."""
    return colander.SchemaNode(
        Text(),
        name=name,
        title=title,
        preparer=stripped,
        validator=validator,
        missing_msg=_("This field is required."),
        widget=deform.widget.TextInputWidget(attributes=attributes),
        **kw,
    )


def username_node(**kw):
    return unique_text_node(
        "username",
        _("Username"),
        unique(User.username, USERNAME_RULES, _("Please use a different username.")),
        {"autocomplete": "username"},
        **kw,
    )


def email_node(**kw):
    return unique_text_node(
        "email",
        _("Email"),
        unique(User.email, EMAIL_RULES, _("Please use a different email address.")),
        {"type": "email", "autocomplete": "email"},
        **kw,
    )


def password_node(title, autocomplete="new-password"):
    return colander.SchemaNode(
        Text(),
        title=title,
        validator=password_length,
        missing_msg=_("This field is required."),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": autocomplete}),
    )


def about_me_node():
    return colander.SchemaNode(
        Text(),
        name="about_me",
        title=_("About me"),
        preparer=stripped_text,
        validator=text_length(0, 140),
        missing="",
        widget=deform.widget.TextAreaWidget(rows=3, attributes={"data-maxlength": 140}),
    )


class PasswordPair:
    """Mixin: ``password`` typed twice, the mismatch reported on the second field."""

    def validator(self, node, values):
        if values.get("password") != values.get("password2"):
            error = colander.Invalid(node)
            error["password2"] = _("The two passwords do not match.")
            raise error


class LoginSchema(CSRFSchema):
    username = colander.SchemaNode(
        Text(),
        title=_("Username"),
        preparer=stripped,
        missing_msg=_("This field is required."),
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "username"}),
    )
    password = colander.SchemaNode(
        Text(),
        title=_("Password"),
        missing_msg=_("This field is required."),
        widget=deform.widget.PasswordWidget(attributes={"autocomplete": "current-password"}),
    )
    remember_me = colander.SchemaNode(
        colander.Boolean(),
        title=_("Remember Me"),
        # the checkbox's own label, on its line (mapping_item.pt then adds none above)
        label=_("Remember Me"),
        missing=False,
        widget=deform.widget.CheckboxWidget(),
    )


class RegisterSchema(PasswordPair, CSRFSchema):
    username = username_node()
    email = email_node()
    password = password_node(_("Password"))
    password2 = password_node(_("Repeat Password"))


class ResetPasswordSchema(PasswordPair, CSRFSchema):
    password = password_node(_("New Password"))
    password2 = password_node(_("Repeat Password"))


class EditProfileSchema(CSRFSchema):
    username = username_node()
    about_me = about_me_node()
    avatar, remove_avatar = avatar_nodes()

    def after_bind(self, node, kw):
        # nothing to remove without an uploaded picture
        if not kw["user"].avatar_key:
            del node["remove_avatar"]
