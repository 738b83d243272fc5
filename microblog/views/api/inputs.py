"""Reading what API callers send: JSON bodies through colander schemas, and page parameters.

Anything wrong is a 400 with the error shape, naming the field.
"""

import colander
from pyramid.httpexceptions import HTTPBadRequest

from ...text import parse_json
from ..errors import client_error

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_PAGE = 10**9
# every field is short (140 characters at most); a larger body is a mistake or an attack
MAX_BODY_BYTES = 8 * 1024
# JSON types of the schema nodes: colander alone would turn 12 into "12", 1.5 into 1
# and false into a missing value, hiding the caller's mistake
JSON_TYPES = {
    colander.String: (str, "a string"),
    colander.Integer: (int, "an integer"),
    colander.List: (list, "a list"),
}


def bad_request(message):
    return client_error(HTTPBadRequest, message)


def json_object(request):
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise bad_request(
            f"The request body must be a JSON object of at most {MAX_BODY_BYTES} bytes."
        )
    try:
        data = parse_json(request.body)
    except ValueError:
        raise bad_request("The request body must be a JSON object.") from None
    if not isinstance(data, dict):
        raise bad_request(
            "The request body must be a JSON object, "
            f"not {type(data).__name__ if data is not None else 'null'}."
        )
    return data


def check_types(schema, data):
    unknown = sorted(set(data) - {node.name for node in schema.children})
    if unknown:
        # a misspelt field would otherwise be dropped without a word
        fields = ", ".join(node.name for node in schema.children)
        raise bad_request(f"{unknown[0]}: not a field of this object (it takes {fields}).")
    for node in schema.children:
        if node.name not in data:
            continue
        value = data[node.name]
        if value is None and node.missing is None:
            # an optional field whose absence is null (``in_reply_to_id``) may say so
            del data[node.name]
            continue
        python_type, described = next(
            described for kind, described in JSON_TYPES.items() if isinstance(node.typ, kind)
        )
        if not isinstance(value, python_type) or isinstance(value, bool):
            raise bad_request(f"{node.name}: must be {described}.")


def validated(request, schema_class, **bind):
    """The request's JSON object, checked and cleaned by ``schema_class`` (bound with
    ``request`` and ``bind``)."""
    data = json_object(request)
    schema = schema_class().bind(request=request, **bind)
    check_types(schema, data)
    try:
        return schema.deserialize(data)
    except colander.Invalid as error:
        fields = error.asdict(translate=request.localizer.translate)
        raise bad_request(
            " ".join(f"{name}: {message}" for name, message in fields.items())
        ) from error


def positive_integer(request, name, default, maximum=None):
    raw = request.GET.get(name)
    if raw is None:
        return default
    # int() alone would also take " 7", "+7" and "7_0"; a number of more digits than any
    # limit is simply too large (and would cost int() time to read)
    if not (raw.isascii() and raw.isdigit()):
        value = 0
    else:
        value = int(raw) if len(raw) <= len(str(MAX_PAGE)) else MAX_PAGE * 10
    if value < 1 or (maximum and value > maximum):
        limit = f" from 1 to {maximum}" if maximum else " of at least 1"
        raise bad_request(f"{name}: must be an integer{limit}.")
    return value


def page_parameters(request):
    """``(page, per_page)`` from the query string; ``per_page`` is capped, not refused."""
    page = positive_integer(request, "page", 1, MAX_PAGE)
    per_page = positive_integer(request, "per_page", DEFAULT_PER_PAGE)
    return page, min(per_page, MAX_PER_PAGE)
