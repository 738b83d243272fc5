"""The OpenAPI document's paths: every endpoint, its parameters, body and answers."""

from .components import RESPONSES, URL, error, ref


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


def errors(*codes, refusing=None):
    """The error answers ``codes`` (and 500); ``refusing`` says what else this operation
    refuses with a 400, beyond the bad input every operation refuses (its own rules)."""
    names = {
        400: "BadRequest",
        401: "Unauthorized",
        403: "Forbidden",
        404: "NotFound",
        429: "TooManyRequests",
        500: "ServerError",
        503: "ServiceUnavailable",
    }
    answers = {str(code): ref(names[code], "responses") for code in (*codes, 500)}
    if refusing:
        answers["400"] = error(f"{RESPONSES['BadRequest']['description']} Also: {refusing}")
    return answers


ONESELF = "the caller's own id (nobody follows or unfollows themself)."
TAKEN = "a `username` or `email` that another account has (compared case-insensitively)."


NO_CONTENT = {"204": ref("NoContent", "responses")}
PAGING = [ref("page", "parameters"), ref("per_page", "parameters")]
BY_ID = [ref("id", "parameters")]
PUBLIC = []


def body(schema, content_type="application/json"):
    return {"required": True, "content": {content_type: {"schema": ref(schema)}}}


def operation(
    operation_id, summary, tag, responses, *, parameters=(), request_body=None, security=None
):
    op = {"operationId": operation_id, "summary": summary, "tags": [tag], "responses": responses}
    if parameters:
        op["parameters"] = list(parameters)
    if isinstance(request_body, dict):
        op["requestBody"] = request_body
    elif request_body:
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
            {**ok("Token", "The caller's token."), **errors(401, 429)},
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
            {**created("User", "The new account."), **errors(400, 429, refusing=TAKEN)},
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
            {
                **ok("User", "The changed account."),
                **errors(400, 401, 403, 404, refusing=TAKEN),
            },
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
            "Follow the user (not oneself; following again changes nothing)",
            "users",
            {**NO_CONTENT, **errors(400, 401, 404, refusing=ONESELF)},
        ),
        "delete": operation(
            "unfollow",
            "Stop following the user (not following is no error)",
            "users",
            {**NO_CONTENT, **errors(400, 401, 404, refusing=ONESELF)},
        ),
    },
    "/api/posts": {
        "get": collection_operation(
            "listPosts", "Every post, newest first (explore)", "posts", "PostCollection"
        ),
        "post": operation(
            "createPost",
            "Publish a post: a text, pictures (media_ids), or both",
            "posts",
            # 403: an address still to confirm (REQUIRE_EMAIL_VERIFICATION)
            {**created("Post", "The new post."), **errors(400, 401, 403, 429)},
            request_body="NewPost",
        ),
    },
    "/api/posts/{id}": {
        "parameters": BY_ID,
        "get": operation(
            "getPost", "A post", "posts", {**ok("Post", "The post."), **errors(401, 404)}
        ),
        "delete": operation(
            "deletePost", "Delete one's own post", "posts", {**NO_CONTENT, **errors(401, 403, 404)}
        ),
    },
    "/api/media": {
        "post": operation(
            "uploadMedia",
            "Upload a picture for a post to come (its media_ids); pictures left without a "
            "post are removed after a day",
            "posts",
            {**created("Media", "The picture, re-encoded."), **errors(400, 401, 429, 503)},
            request_body=body("NewMedia", "multipart/form-data"),
        ),
    },
    "/api/media/{id}": {
        "parameters": BY_ID,
        "get": operation(
            "getMedia",
            "A picture (one not yet on a post: to its uploader only)",
            "posts",
            {**ok("Media", "The picture."), **errors(401, 404)},
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
            {
                **created("Message", "The message sent."),
                **errors(
                    400,
                    401,
                    403,
                    429,
                    refusing="a `recipient_id` that is the caller's own, or no user's, or one "
                    "a block stands between the caller and.",
                ),
            },
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
