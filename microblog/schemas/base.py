"""What every form schema shares: the CSRF token and common validators."""

import colander
import deform
from pyramid.csrf import get_csrf_token

from ..i18n import _
from ..text import has_forbidden_characters

CONTROL_CHARACTERS = _("Control characters are not allowed here.")


class Text(colander.String):
    """A string without the characters no field accepts (see :mod:`microblog.text`): the
    one check every text field of the forms and the API shares."""

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        if isinstance(value, str) and has_forbidden_characters(value):
            raise colander.Invalid(node, CONTROL_CHARACTERS)
        return value


@colander.deferred
def deferred_csrf_token(node, kw):
    return get_csrf_token(kw["request"])


class CSRFSchema(colander.Schema):
    """Carries the CSRF token as a hidden field; Pyramid itself checks it before any view."""

    csrf_token = colander.SchemaNode(
        Text(),
        widget=deform.widget.HiddenWidget(),
        default=deferred_csrf_token,
        missing=colander.drop,
    )


def stripped(value):
    return value.strip() if isinstance(value, str) else value


def stripped_text(value):
    """Ends trimmed and line breaks as one character (browsers send CRLF), so that a
    length is the one the page's counter showed."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def text_length(min_length, max_length):
    return colander.Length(
        min=min_length,
        max=max_length,
        min_err=_("This field is required.")
        if min_length == 1
        else _("Must be at least ${min} characters long."),
        max_err=_("Must be at most ${max} characters long."),
    )


def short_text_node(max_length, min_length=1, **kw):
    """A text of ``min_length`` (one: it is required) to ``max_length`` characters once
    stripped (a post, a message): the web forms and the API share it."""
    return colander.SchemaNode(
        Text(),
        preparer=stripped_text,
        validator=text_length(min_length, max_length),
        missing_msg=_("This field is required."),
        # no maxlength: it would cut a pasted text silently; forms.js counts instead
        widget=deform.widget.TextAreaWidget(rows=3, attributes={"data-maxlength": max_length}),
        **kw,
    )
