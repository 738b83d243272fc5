"""``POST /translate``: the Translate links below foreign posts ask here (JSON in and out).

Statuses: 200 ``{"text": ...}``; 400 for a body that is not JSON or has a missing or wrong
field; 401 for a visitor who is not signed in; 503 when no translator is configured, 504
when it is too slow, 502 when it fails otherwise. Errors are the JSON error shape (the view
is rendered as JSON: see ``errors.py``), with a message in the reader's language.

The remote translator may take seconds: the request runs outside pyramid_tm, so that no
transaction waits with it (the translator's cache keeps its own short ones).
"""

import colander
from pyramid.httpexceptions import (
    HTTPBadGateway,
    HTTPBadRequest,
    HTTPGatewayTimeout,
    HTTPServiceUnavailable,
)
from pyramid.view import view_config

from ..i18n import _
from ..resources.root import Root
from ..schemas.translate import TranslateSchema
from ..security import Permission
from ..services.interfaces import ITranslator
from ..services.translators import TranslationError, TranslatorNotConfigured, TranslatorTimeout
from ..text import parse_json
from .errors import client_error

PATH = "/translate"
FAILURE_STATUS = [
    (TranslatorNotConfigured, HTTPServiceUnavailable),
    (TranslatorTimeout, HTTPGatewayTimeout),
    (TranslationError, HTTPBadGateway),
]


def invalid_message(request, error):
    """``field: message`` for each refused field, translated."""
    fields = error.asdict(translate=request.localizer.translate)
    return "; ".join(f"{name}: {text}" if name else text for name, text in fields.items())


@view_config(
    context=Root,
    name="translate",
    request_method="POST",
    renderer="json",
    permission=Permission.VIEW,
)
def translate(context, request):
    try:
        payload = parse_json(request.body)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise client_error(HTTPBadRequest, _("The request body must be a JSON object."))
    try:
        data = TranslateSchema().deserialize(payload)
    except colander.Invalid as error:
        raise client_error(HTTPBadRequest, invalid_message(request, error)) from error
    translator = request.find_service(ITranslator)
    try:
        text = translator.translate(data["text"], data["source_language"], data["dest_language"])
    except TranslationError as error:
        status = next(status for kind, status in FAILURE_STATUS if isinstance(error, kind))
        raise client_error(status, error.message) from error
    return {"text": text}


def includeme(config):
    config.add_path_without_transaction(PATH)
    # the Translate links' script (static/js/translate.js)
    config.add_js_messages(translating=_("Translating…"))
