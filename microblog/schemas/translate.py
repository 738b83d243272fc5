"""The JSON body of ``POST /translate``."""

import colander

from ..i18n import _
from ..language import is_known_language, normalize_language, same_language
from ..models.translation import DEST_LANGUAGE_MAX_LENGTH
from .base import Text, stripped, text_length

# Posts hold 140 characters; the margin leaves room for longer texts shown on the site,
# while keeping the endpoint from becoming a free general-purpose translator.
TEXT_MAX_LENGTH = 500
REQUIRED = _("This field is required.")


class JSONString(Text):
    """A JSON string, and only that: numbers, lists and objects are refused, not converted."""

    def deserialize(self, node, cstruct):
        if cstruct not in (colander.null, None) and not isinstance(cstruct, str):
            raise colander.Invalid(node, _("Must be a string."))
        return super().deserialize(node, cstruct)


def normalized(value):
    return normalize_language(value) if isinstance(value, str) else value  # null stays null


def known_language(node, value):
    if len(value) > DEST_LANGUAGE_MAX_LENGTH or not is_known_language(value):
        raise colander.Invalid(node, _("Unknown language."))


def language_node():
    return colander.SchemaNode(
        JSONString(), preparer=normalized, validator=known_language, missing_msg=REQUIRED
    )


class TranslateSchema(colander.MappingSchema):
    text = colander.SchemaNode(
        JSONString(),
        preparer=stripped,
        validator=text_length(1, TEXT_MAX_LENGTH),
        missing_msg=REQUIRED,
    )
    source_language = language_node()
    dest_language = language_node()

    def validator(self, node, values):
        if same_language(values["source_language"], values["dest_language"]):
            error = colander.Invalid(node)
            error["dest_language"] = _("The text is already in that language.")
            raise error
