"""The OpenAPI document's components: the schemas of what the API takes and answers, its
error responses and its parameters."""

from ....models import MAX_ID
from ....models.media import DESCRIPTION_MAX_LENGTH, MAX_PER_POST
from ....models.message import BODY_MAX_LENGTH as MESSAGE_MAX_LENGTH
from ....models.post import BODY_MAX_LENGTH as POST_MAX_LENGTH
from ....models.user import PASSWORD_MAX_BYTES
from ....schemas.accounts import USERNAME_PATTERN
from ....schemas.api import ABOUT_ME_MAX_LENGTH
from ..inputs import DEFAULT_PER_PAGE, MAX_BODY_BYTES, MAX_PAGE, MAX_PER_PAGE

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
    "maxLength": POST_MAX_LENGTH,
    "description": "surrounding spaces are removed; it may be empty only when the post has "
    "pictures (media_ids)",
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
            "body": {
                "type": "string",
                "maxLength": POST_MAX_LENGTH,
                "description": "empty for a post of pictures alone",
            },
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
            "media": {"type": "array", "maxItems": MAX_PER_POST, "items": ref("Media")},
            "_links": strict({"self": URL, "author": URL}),
        }
    ),
    "Media": strict(
        {
            "id": ID,
            "type": {"type": "string", "enum": ["image"]},
            "url": {
                **URL,
                "type": ["string", "null"],
                "description": "the picture (WebP, at most 1600 pixels a side); null while "
                "a worker still encodes a large upload",
            },
            "preview_url": {
                **URL,
                "type": ["string", "null"],
                "description": "a smaller copy (WebP, at most 640 pixels a side); null "
                "while a worker still encodes a large upload",
            },
            "description": {
                "type": ["string", "null"],
                "maxLength": DESCRIPTION_MAX_LENGTH,
                "description": "the alt text, for people who cannot see the picture",
            },
            "meta": strict(
                {
                    "width": {"type": "integer", "minimum": 1},
                    "height": {"type": "integer", "minimum": 1},
                }
            ),
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
            "media_ids": {
                "type": "array",
                "maxItems": MAX_PER_POST,
                "uniqueItems": True,
                "items": ID,
                "description": "pictures uploaded with POST /api/media and not yet on a post, "
                "shown in this order",
            },
        },
        # a text (body), pictures (media_ids), or both
        required=[],
    ),
    "NewMedia": strict(
        {
            "file": {
                "type": "string",
                "contentMediaType": "application/octet-stream",
                "description": "a JPEG, PNG, WebP or GIF picture (MEDIA_MAX_BYTES, 10 MB by "
                "default); it is decoded and re-encoded, its EXIF data dropped",
            },
            "description": {
                "type": "string",
                "maxLength": DESCRIPTION_MAX_LENGTH,
                "description": "the alt text",
            },
        },
        required=["file"],
    ),
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
    "TooManyRequests": error(
        "Too many tries in a short time (the site's `RATELIMIT_*` settings: sign-ins and "
        "tokens, registrations, posts, messages and picture uploads); `Retry-After` says "
        "in how many seconds to try again.",
        {"Retry-After": {"required": True, "schema": {"type": "integer"}}},
    ),
    "ServerError": error("An unexpected error; the administrators are told."),
    "ServiceUnavailable": error(
        "A service the call needs is not available right now (search, the pictures' storage)."
    ),
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
    "q": {
        "name": "q",
        "in": "query",
        "required": True,
        "description": "words to find",
        "schema": {"type": "string", "minLength": 1, "pattern": r"\S"},
    },
}
