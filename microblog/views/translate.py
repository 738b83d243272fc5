"""``POST /translate``: the Translate links below foreign posts ask here (JSON in and out).

Statuses: 200 ``{"text": ...}``; 400 for a body that is not JSON or has a missing or wrong
field; 401 for a visitor who is not signed in; 503 when no translator is configured, 504
when it is too slow, 502 when it fails otherwise. Every error is ``{"error", "message"}``
with a message for the reader, in the reader's language.
"""

import colander
from pyramid.httpexceptions import (
    HTTPBadGateway,
    HTTPBadRequest,
    HTTPGatewayTimeout,
    HTTPServiceUnavailable,
    HTTPUnauthorized,
)
from pyramid.view import exception_view_config, forbidden_view_config, view_config

from ..i18n import _
from ..resources.root import Root
from ..schemas.translate import TranslateSchema
from ..security import Permission
from ..services.interfaces import ITranslator
from ..services.translate import TranslationError, TranslatorNotConfigured, TranslatorTimeout
from .errors import MESSAGES, SIGN_IN_FIRST, error_response

TRANSLATE_PATH = r"^/translate/?$"
FAILURE_STATUS = [
    (TranslatorNotConfigured, HTTPServiceUnavailable),
    (TranslatorTimeout, HTTPGatewayTimeout),
    (TranslationError, HTTPBadGateway),
]


def json_error(request, status_class, message, headers=None):
    """The error shape of DESIGN.md; always JSON here, whatever ``Accept`` says."""
    return error_response(request, status_class, message, headers=headers, as_json=True)


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
    require_csrf=True,
)
def translate(context, request):
    try:
        payload = request.json_body
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return json_error(request, HTTPBadRequest, _("The request body must be a JSON object."))
    try:
        data = TranslateSchema().deserialize(payload)
    except colander.Invalid as error:
        return json_error(request, HTTPBadRequest, invalid_message(request, error))
    translator = request.find_service(ITranslator)
    try:
        text = translator.translate(data["text"], data["source_language"], data["dest_language"])
    except TranslationError as error:
        status = next(status for kind, status in FAILURE_STATUS if isinstance(error, kind))
        return json_error(request, status, error.message)
    return {"text": text}


@forbidden_view_config(path_info=TRANSLATE_PATH)
def translate_forbidden(exc, request):
    if request.user is None:
        return json_error(
            request,
            HTTPUnauthorized,
            SIGN_IN_FIRST,
            headers={"WWW-Authenticate": 'Session realm="Microblog"'},
        )
    return json_error(request, type(exc), MESSAGES[403])


@exception_view_config(HTTPBadRequest, path_info=TRANSLATE_PATH)
def translate_bad_request(exc, request):
    """A missing or stale CSRF token, mostly: the page's script shows the message."""
    return json_error(request, HTTPBadRequest, MESSAGES[400])
