"""The OpenAPI document's part for conversations: replies' context, edits' history, likes,
reposts, tags and notifications (schemas, parameters and paths)."""

from ....models.activity import KINDS
from ....models.post import BODY_MAX_LENGTH as POST_MAX_LENGTH
from ....richtext import TAG_MAX_LENGTH
from .components import (
    ID,
    NULLABLE_ID,
    PAGE_URL,
    POST_BODY,
    TIMESTAMP,
    URL,
    collection_of,
    ref,
    strict,
)
from .paths import BY_ID, NO_CONTENT, collection_operation, errors, ok, operation

SCHEMAS = {
    "PostChanges": strict({"body": POST_BODY}),
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
            "body": {"type": "string", "maxLength": POST_MAX_LENGTH},
            "language": {"type": ["string", "null"]},
            "timestamp": {**TIMESTAMP, "description": "when this version was written"},
        }
    ),
    "PostVersionCollection": collection_of("PostVersion"),
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
    "NotificationCollection": collection_of("Notification"),
}

PARAMETERS = {
    "name": {
        "name": "name",
        "in": "path",
        "required": True,
        "description": "a tag's name, without `#` (any case)",
        "schema": {"type": "string", "minLength": 1, "maxLength": TAG_MAX_LENGTH},
    },
}


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


def users_who(operation_id, summary):
    return collection_operation(
        operation_id, summary, "posts", "UserCollection", (400, 401, 404), BY_ID
    )


EDIT = operation(
    "updatePost",
    "Edit one's own post (the text it replaces is kept in its history)",
    "posts",
    {**ok("Post", "The edited post."), **errors(400, 401, 403, 404)},
    request_body="PostChanges",
)

PATHS = {
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
    "/api/posts/{id}/likes": {"get": users_who("listPostLikes", "Who liked it, latest first")},
    "/api/posts/{id}/reposts": {
        "get": users_who("listPostReposts", "Who reposted it, latest first")
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
}
