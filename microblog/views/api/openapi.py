"""``/api/openapi.json``: the OpenAPI 3.1 description of the API, served to anyone.

Written by hand next to the views it describes; the tests validate every API response they
receive against it, and a property-based run (schemathesis) checks the app against it.
"""

import copy

from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config

from ...models.activity import KINDS
from ...models.message import BODY_MAX_LENGTH as MESSAGE_MAX_LENGTH
from ...models.post import BODY_MAX_LENGTH as POST_MAX_LENGTH
from ...models.user import PASSWORD_MAX_BYTES
from ...resources.api import MAX_ID, ApiDocument
from ...richtext import TAG_MAX_LENGTH
from ...schemas.accounts import USERNAME_PATTERN
from ...schemas.api import ABOUT_ME_MAX_LENGTH
from .inputs import DEFAULT_PER_PAGE, MAX_BODY_BYTES, MAX_PAGE, MAX_PER_PAGE

TIMESTAMP = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
    "description": "ISO 8601, UTC, with a `Z`",
}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
URL = {"type": "string", "format": "uri"}
PAGE_URL = {"type": ["string", "null"], "format": "uri"}
NULLABLE_ID = {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID}
NULLABLE_TIMESTAMP = {**TIMESTAMP, "type": ["string", "null"]}
COUNT = {"type": "integer", "minimum": 0}
POST_BODY = {
    "type": "string",
    "minLength": 1,
    "maxLength": POST_MAX_LENGTH,
    "description": "surrounding spaces are removed",
}


def ref(name, kind="schemas"):
    return {"$ref": f"#/components/{kind}/{name}"}


def strict(properties, required=None):
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def collection_of(name):
    return strict(
        {
            "items": {"type": "array", "items": ref(name)},
            "_meta": ref("CollectionMeta"),
            "_links": ref("CollectionLinks"),
        }
    )


USER_FIELDS = {
    "username": {
        "type": "string",
        "minLength": 1,
        "maxLength": 64,
        "pattern": USERNAME_PATTERN,
        "description": "letters, digits, dots, dashes and underscores; unique (case-insensitively)",
    },
    "email": {
        "type": "string",
        "format": "email",
        "maxLength": 120,
        "description": "unique (case-insensitively)",
    },
    "about_me": {"type": "string", "maxLength": ABOUT_ME_MAX_LENGTH},
}

SCHEMAS = {
    "Error": {
        **strict(
            {
                "error": {"type": "string", "description": "the HTTP reason phrase"},
                "message": {
                    "type": "string",
                    "description": "what went wrong; for bad "
                    "input, each faulty field as `field: problem`",
                },
            }
        ),
        "example": {"error": "Bad Request", "message": "username: This field is required."},
    },
    "Token": strict(
        {"token": {"type": "string", "description": "send it as `Authorization: Bearer <token>`"}}
    ),
    "User": strict(
        {
            "id": ID,
            "username": {"type": "string"},
            "last_seen": TIMESTAMP,
            "about_me": {"type": ["string", "null"]},
            "post_count": {"type": "integer", "minimum": 0},
            "follower_count": {"type": "integer", "minimum": 0},
            "followed_count": {"type": "integer", "minimum": 0},
            "email": {"type": "string", "description": "only in the caller's own account"},
            "_links": strict({"self": URL, "followers": URL, "followed": URL, "avatar": URL}),
        },
        required=[
            "id",
            "username",
            "last_seen",
            "about_me",
            "post_count",
            "follower_count",
            "followed_count",
            "_links",
        ],
    ),
    "Post": strict(
        {
            "id": ID,
            "body": {"type": "string", "minLength": 1, "maxLength": POST_MAX_LENGTH},
            "timestamp": TIMESTAMP,
            "language": {
                "type": ["string", "null"],
                "description": "detected language code, null when unknown",
            },
            "author_id": ID,
            "in_reply_to_id": {**NULLABLE_ID, "description": "the post this one answers"},
            "reply_count": COUNT,
            "like_count": COUNT,
            "repost_count": COUNT,
            "liked": {"type": "boolean", "description": "whether the caller likes it"},
            "reposted": {"type": "boolean", "description": "whether the caller reposted it"},
            "edited_at": {**NULLABLE_TIMESTAMP, "description": "when it was last edited"},
            "media": {
                "type": "array",
                "items": {"type": "object"},
                "description": "attached pictures (none yet)",
            },
            "_links": strict({"self": URL, "author": URL}),
        }
    ),
    "Context": strict(
        {
            "ancestors": {
                "type": "array",
                "items": ref("Post"),
                "description": "what the post answers, and so on up, oldest first",
            },
            "descendants": {
                "type": "array",
                "items": ref("Post"),
                "description": "the replies below it, each followed by its own replies",
            },
        }
    ),
    "PostVersion": strict(
        {
            "body": {"type": "string", "minLength": 1, "maxLength": POST_MAX_LENGTH},
            "language": {"type": ["string", "null"]},
            "timestamp": {**TIMESTAMP, "description": "when this version was written"},
        }
    ),
    "Notification": strict(
        {
            "id": ID,
            "type": {"type": "string", "enum": list(KINDS)},
            "timestamp": TIMESTAMP,
            "actor_id": {
                **ID,
                "description": "who followed, replied, mentioned, liked or reposted",
            },
            "post_id": {
                **NULLABLE_ID,
                "description": "the reply, the post mentioning, or the post liked or "
                "reposted; null for a follow",
            },
            "read": {"type": "boolean", "description": "seen on the notifications page"},
            "_links": strict({"actor": URL, "post": PAGE_URL}),
        }
    ),
    "Message": strict(
        {
            "id": ID,
            "body": {"type": "string", "minLength": 1, "maxLength": MESSAGE_MAX_LENGTH},
            "timestamp": TIMESTAMP,
            "sender_id": ID,
            "recipient_id": ID,
            "_links": strict({"self": URL, "sender": URL, "recipient": URL}),
        }
    ),
    "CollectionMeta": strict(
        {
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total_pages": {"type": "integer", "minimum": 0},
            "total_items": {"type": "integer", "minimum": 0},
        }
    ),
    "CollectionLinks": strict({"self": URL, "next": PAGE_URL, "prev": PAGE_URL}),
    "UserCollection": collection_of("User"),
    "PostCollection": collection_of("Post"),
    "MessageCollection": collection_of("Message"),
    "PostVersionCollection": collection_of("PostVersion"),
    "NotificationCollection": collection_of("Notification"),
    "NewUser": strict(
        {
            **USER_FIELDS,
            "password": {
                "type": "string",
                "minLength": 8,
                "maxLength": PASSWORD_MAX_BYTES,
                "description": f"8 characters to {PASSWORD_MAX_BYTES} bytes (UTF-8)",
            },
        },
        required=["username", "email", "password"],
    ),
    "UserChanges": strict(USER_FIELDS, required=[]),
    "NewPost": strict(
        {
            "body": POST_BODY,
            "in_reply_to_id": {**NULLABLE_ID, "description": "the post this one answers"},
        },
        required=["body"],
    ),
    "PostChanges": strict({"body": POST_BODY}),
    "NewMessage": strict(
        {
            "recipient_id": {**ID, "description": "another user's id"},
            "body": {"type": "string", "minLength": 1, "maxLength": MESSAGE_MAX_LENGTH},
        }
    ),
}


def error(description, headers=None):
    response = {
        "description": description,
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if headers:
        response["headers"] = headers
    return response


RESPONSES = {
    "BadRequest": error(
        f"Invalid input: a body that is not a JSON object (or is over "
        f"{MAX_BODY_BYTES} bytes), a field of the wrong type, missing, too "
        f"long or taken, a bad page parameter."
    ),
    "Unauthorized": error(
        "No valid credentials. `WWW-Authenticate` says which: `Basic` on `POST /api/tokens`, "
        "`Bearer` everywhere else.",
        {"WWW-Authenticate": {"required": True, "schema": {"type": "string"}}},
    ),
    "Forbidden": error("Signed in, but not allowed to do this."),
    "NotFound": error("No such resource (for a message: none that the caller may read)."),
    "MethodNotAllowed": error(
        "The URL exists but not with this method; `Allow` lists the methods it takes.",
        {"Allow": {"required": True, "schema": {"type": "string"}}},
    ),
    "ServerError": error("An unexpected error; the administrators are told."),
    "ServiceUnavailable": error("Search is not available right now."),
    "NoContent": {"description": "Done; no body."},
}

PARAMETERS = {
    "id": {"name": "id", "in": "path", "required": True, "schema": ID},
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "page number, from 1",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": f"items per page; more than {MAX_PER_PAGE} gives {MAX_PER_PAGE}",
        "schema": {"type": "integer", "minimum": 1, "default": DEFAULT_PER_PAGE},
    },
    "name": {
        "name": "name",
        "in": "path",
        "required": True,
        "description": "a tag's name, without `#` (any case)",
        "schema": {"type": "string", "minLength": 1, "maxLength": TAG_MAX_LENGTH},
    },
    "q": {
        "name": "q",
        "in": "query",
        "required": True,
        "description": "words to find",
        "schema": {"type": "string", "minLength": 1, "pattern": r"\S"},
    },
}


def ok(schema, description, status="200", headers=None):
    response = {
        "description": description,
        "content": {"application/json": {"schema": ref(schema)}},
    }
    if headers:
        response["headers"] = headers
    return {status: response}


def created(schema, description):
    location = {
        "Location": {"required": True, "description": "the new resource's URL", "schema": URL}
    }
    return ok(schema, description, "201", location)


def errors(*codes):
    names = {
        400: "BadRequest",
        401: "Unauthorized",
        403: "Forbidden",
        404: "NotFound",
        500: "ServerError",
        503: "ServiceUnavailable",
    }
    return {str(code): ref(names[code], "responses") for code in (*codes, 500)}


NO_CONTENT = {"204": ref("NoContent", "responses")}
PAGING = [ref("page", "parameters"), ref("per_page", "parameters")]
BY_ID = [ref("id", "parameters")]
PUBLIC = []


def toggle(name, do, undo):
    """``/api/posts/{id}/<name>``: POST does it, DELETE undoes it; both are idempotent."""
    responses = {**NO_CONTENT, **errors(401, 404)}
    return {
        f"/api/posts/{{id}}/{name}": {
            "parameters": BY_ID,
            "post": operation(name, f"{do} (again: no change)", "posts", responses),
            "delete": operation(f"un{name}", f"{undo} (if done)", "posts", responses),
        }
    }


def body(schema):
    return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}


def operation(
    operation_id, summary, tag, responses, *, parameters=(), request_body=None, security=None
):
    op = {"operationId": operation_id, "summary": summary, "tags": [tag], "responses": responses}
    if parameters:
        op["parameters"] = list(parameters)
    if request_body:
        op["requestBody"] = body(request_body)
    if security is not None:
        op["security"] = security
    return op


def collection_operation(operation_id, summary, tag, schema, codes=(400, 401), extra=()):
    return operation(
        operation_id,
        summary,
        tag,
        {**ok(schema, "One page of the collection."), **errors(*codes)},
        parameters=[*extra, *PAGING],
    )


PATHS = {
    "/api/tokens": {
        "post": operation(
            "createToken",
            "Get a token (the same one while more than a minute of it is left)",
            "tokens",
            {**ok("Token", "The caller's token."), **errors(401)},
            security=[{"basicAuth": []}],
        ),
        "delete": operation(
            "revokeToken", "Revoke the token sent", "tokens", {**NO_CONTENT, **errors(401)}
        ),
    },
    "/api/users": {
        "get": collection_operation("listUsers", "Every user", "users", "UserCollection"),
        "post": operation(
            "createUser",
            "Register",
            "users",
            {**created("User", "The new account."), **errors(400)},
            request_body="NewUser",
            security=PUBLIC,
        ),
    },
    "/api/users/{id}": {
        "parameters": BY_ID,
        "get": operation(
            "getUser",
            "A user (`email` only in one's own)",
            "users",
            {**ok("User", "The user."), **errors(401, 404)},
        ),
        "put": operation(
            "updateUser",
            "Change one's own account",
            "users",
            {**ok("User", "The changed account."), **errors(400, 401, 403, 404)},
            request_body="UserChanges",
        ),
    },
    "/api/users/{id}/followers": {
        "get": collection_operation(
            "listFollowers",
            "Who follows the user",
            "users",
            "UserCollection",
            (400, 401, 404),
            BY_ID,
        ),
    },
    "/api/users/{id}/followed": {
        "get": collection_operation(
            "listFollowed",
            "Whom the user follows",
            "users",
            "UserCollection",
            (400, 401, 404),
            BY_ID,
        ),
    },
    "/api/users/{id}/posts": {
        "get": collection_operation(
            "listUserPosts",
            "The user's posts, newest first",
            "posts",
            "PostCollection",
            (400, 401, 404),
            BY_ID,
        ),
    },
    "/api/users/{id}/follow": {
        "parameters": BY_ID,
        "post": operation(
            "follow",
            "Follow the user (not oneself)",
            "users",
            {**NO_CONTENT, **errors(400, 401, 404)},
        ),
        "delete": operation(
            "unfollow", "Stop following the user", "users", {**NO_CONTENT, **errors(400, 401, 404)}
        ),
    },
    "/api/posts": {
        "get": collection_operation(
            "listPosts", "Every post, newest first (explore)", "posts", "PostCollection"
        ),
        "post": operation(
            "createPost",
            "Publish a post",
            "posts",
            {**created("Post", "The new post."), **errors(400, 401)},
            request_body="NewPost",
        ),
    },
    "/api/posts/{id}": {
        "parameters": BY_ID,
        "get": operation(
            "getPost", "A post", "posts", {**ok("Post", "The post."), **errors(401, 404)}
        ),
        "put": operation(
            "updatePost",
            "Edit one's own post (the text it replaces is kept in its history)",
            "posts",
            {**ok("Post", "The edited post."), **errors(400, 401, 403, 404)},
            request_body="PostChanges",
        ),
        "delete": operation(
            "deletePost", "Delete one's own post", "posts", {**NO_CONTENT, **errors(401, 403, 404)}
        ),
    },
    "/api/posts/{id}/context": {
        "parameters": BY_ID,
        "get": operation(
            "getPostContext",
            "The conversation around a post: what it answers and its replies",
            "posts",
            {**ok("Context", "The posts before and after it."), **errors(401, 404)},
        ),
    },
    "/api/posts/{id}/history": {
        "get": collection_operation(
            "getPostHistory",
            "The earlier versions of an edited post, newest first",
            "posts",
            "PostVersionCollection",
            (400, 401, 404),
            BY_ID,
        ),
    },
    **toggle("like", "Like the post", "Stop liking the post"),
    **toggle("repost", "Repost the post to one's followers", "Take back one's repost"),
    "/api/posts/{id}/likes": {
        "get": collection_operation(
            "listPostLikes",
            "Who liked the post, the latest first",
            "posts",
            "UserCollection",
            (400, 401, 404),
            BY_ID,
        ),
    },
    "/api/posts/{id}/reposts": {
        "get": collection_operation(
            "listPostReposts",
            "Who reposted the post, the latest first",
            "posts",
            "UserCollection",
            (400, 401, 404),
            BY_ID,
        ),
    },
    "/api/tags/{name}/posts": {
        "get": collection_operation(
            "listTagPosts",
            "The posts carrying a hashtag, newest first",
            "posts",
            "PostCollection",
            (400, 401, 404),
            [ref("name", "parameters")],
        ),
    },
    "/api/notifications": {
        "get": collection_operation(
            "listNotifications",
            "Follows, replies, mentions, likes and reposts that concern the caller, newest first",
            "notifications",
            "NotificationCollection",
        ),
    },
    "/api/feed": {
        "get": collection_operation(
            "feed",
            "The posts of the users one follows, and one's own, newest first",
            "posts",
            "PostCollection",
        ),
    },
    "/api/messages": {
        "get": collection_operation(
            "listMessages",
            "Messages received, newest first (marks them read)",
            "messages",
            "MessageCollection",
        ),
        "post": operation(
            "sendMessage",
            "Send a private message",
            "messages",
            {**created("Message", "The message sent."), **errors(400, 401)},
            request_body="NewMessage",
        ),
    },
    "/api/messages/{id}": {
        "parameters": BY_ID,
        "get": operation(
            "getMessage",
            "A message, to its sender or recipient",
            "messages",
            {**ok("Message", "The message."), **errors(401, 404)},
        ),
    },
    "/api/search": {
        "get": collection_operation(
            "search",
            "Posts matching words, best first",
            "posts",
            "PostCollection",
            (400, 401, 503),
            [ref("q", "parameters")],
        ),
    },
    "/api/openapi.json": {
        "get": operation(
            "openapi",
            "This document",
            "meta",
            {
                "200": {
                    "description": "The OpenAPI document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                **errors(),
            },
            security=PUBLIC,
        ),
    },
}

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
        {"name": name} for name in ("tokens", "users", "posts", "messages", "notifications", "meta")
    ],
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "responses": RESPONSES,
        "parameters": PARAMETERS,
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


@view_config(
    context=ApiDocument,
    request_method="GET",
    permission=NO_PERMISSION_REQUIRED,
    renderer="json",
    require_csrf=False,
)
def openapi(context, request):
    return document(request.application_url)
