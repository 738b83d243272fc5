"""Reading what API callers send: JSON bodies through colander schemas, and page parameters.

Anything wrong is a 400 with the error shape, naming the field.
"""

import json

import colander
from pyramid.httpexceptions import HTTPBadRequest

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
        data = json.loads(request.body)
    except (ValueError, RecursionError):
        raise bad_request("The request body must be a JSON object.") from None
    if not isinstance(data, dict):
        raise bad_request(
            "The request body must be a JSON object, "
            f"not {type(data).__name__ if data is not None else 'null'}."
        )
    return data


def check_types(schema, data):
    for node in schema.children:
        if node.name not in data:
            continue
        value = data[node.name]
        python_type, described = JSON_TYPES[type(node.typ)]
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
    # int() alone would also take " 7", "+7" and "7_0"
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 30 else 0
    if value < 1 or (maximum and value > maximum):
        limit = f" from 1 to {maximum}" if maximum else " of at least 1"
        raise bad_request(f"{name}: must be an integer{limit}.")
    return value


def page_parameters(request):
    """``(page, per_page)`` from the query string; ``per_page`` is capped, not refused."""
    page = positive_integer(request, "page", 1, MAX_PAGE)
    per_page = positive_integer(request, "per_page", DEFAULT_PER_PAGE)
    return page, min(per_page, MAX_PER_PAGE)
