"""``/api/openapi.json``: the OpenAPI 3.1 description of the API, served to anyone.

Written by hand next to the views it describes (``components.py``: schemas, responses,
parameters; ``paths.py``: the endpoints; ``conversations.py``: both, for replies, edits,
likes, reposts, tags and notifications); the tests validate every API response they
receive against it, and a property-based run (schemathesis) checks the app against it.
"""

import copy

from pyramid.security import NO_PERMISSION_REQUIRED

from ....resources.api import ApiDocument
from .. import api_view
from ..inputs import DEFAULT_PER_PAGE, MAX_PER_PAGE
from . import conversations
from .components import PARAMETERS, RESPONSES, SCHEMAS
from .paths import PATHS
from .safety import SAFETY_PATHS, SAFETY_SCHEMAS, with_second_factor


def with_edit(paths):
    """``PUT /api/posts/{id}`` beside reading and deleting it."""
    post = dict(paths["/api/posts/{id}"])
    post["put"] = conversations.EDIT
    return {**paths, "/api/posts/{id}": post}


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Microblog API",
        "version": "1.0.0",
        "description": (
            "Everything a browser user can do, for scripts and apps. Get a token with your "
            "username and password (`POST /api/tokens`, HTTP Basic), then send it with every "
            "call as `Authorization: Bearer <token>`. Registering (`POST /api/users`) and "
            "this document need no credentials.\n\n"
            'Every error is `{"error": <HTTP reason phrase>, "message": ...}`; a method '
            "a URL does not take is a 405 with an `Allow` header. Collections take `page` "
            f"and `per_page` (default {DEFAULT_PER_PAGE}, at most {MAX_PER_PAGE}) and carry "
            "`_meta` and absolute `_links` (`next`/`prev` null at the ends)."
        ),
    },
    "tags": [
        {"name": name}
        for name in ("tokens", "users", "posts", "messages", "notifications", "reports", "meta")
    ],
    "security": [{"bearerAuth": []}],
    "paths": {**with_second_factor(with_edit(PATHS)), **conversations.PATHS, **SAFETY_PATHS},
    "components": {
        "schemas": {**SCHEMAS, **conversations.SCHEMAS, **SAFETY_SCHEMAS},
        "responses": RESPONSES,
        "parameters": {**PARAMETERS, **conversations.PARAMETERS},
        "securitySchemes": {
            "basicAuth": {
                "type": "http",
                "scheme": "basic",
                "description": "username and password; only for POST /api/tokens",
            },
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "a token from POST /api/tokens",
            },
        },
    },
}


def document(application_url):
    """The document, with this server's address."""
    served = copy.deepcopy(DOCUMENT)
    served["servers"] = [{"url": application_url}]
    return served


@api_view(context=ApiDocument, request_method="GET", permission=NO_PERMISSION_REQUIRED)
def openapi(context, request):
    return document(request.application_url)
