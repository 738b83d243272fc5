"""The OpenAPI paths and schemas of blocking, muting and reporting."""

from .components import ID, TIMESTAMP, URL, strict
from .paths import NO_CONTENT, created, errors, ok, operation

SELF = "the caller's own id (nobody blocks or mutes themself)."


def both_ways(name, what, doing):
    return {
        "parameters": [{"$ref": "#/components/parameters/id"}],
        "post": operation(
            name,
            f"{what.capitalize()} the user (doing it again changes nothing)",
            "users",
            {**NO_CONTENT, **errors(400, 401, 404, refusing=SELF)},
        ),
        "delete": operation(
            "un" + name,
            f"Stop {doing} the user (not {doing} them is no error)",
            "users",
            {**NO_CONTENT, **errors(400, 401, 404, refusing=SELF)},
        ),
    }


SAFETY_PATHS = {
    "/api/users/{id}/block": both_ways("block", "block", "blocking"),
    "/api/users/{id}/mute": both_ways("mute", "mute", "muting"),
}


REPORT_FIELDS = {
    "post_id": {**ID, "description": "a post (not one's own)"},
    "message_id": {**ID, "description": "a message one received"},
    "user_id": {**ID, "description": "an account (not one's own)"},
    "reason": {"type": "string", "minLength": 1, "maxLength": 500},
}

SAFETY_SCHEMAS = {
    "NewReport": {
        **strict(REPORT_FIELDS, ["reason"]),
        "description": "Exactly one of `post_id`, `message_id` and `user_id`, and why.",
    },
    "Report": strict(
        {
            "id": ID,
            "post_id": {"type": ["integer", "null"]},
            "message_id": {"type": ["integer", "null"]},
            "user_id": ID,
            "reason": {"type": "string"},
            "created": TIMESTAMP,
            "status": {"enum": ["open", "closed"]},
            "_links": strict({"self": URL}),
        }
    ),
}

SAFETY_PATHS["/api/reports"] = {
    "post": operation(
        "createReport",
        "Report a post, a message or an account to the moderators (who reported is never "
        "shown to the reported)",
        "reports",
        {
            **created("Report", "The report filed."),
            **errors(
                400,
                401,
                refusing="not exactly one target; one's own post or account; a message one "
                "did not receive; an id of nothing.",
            ),
        },
        request_body="NewReport",
    ),
}
SAFETY_PATHS["/api/reports/{id}"] = {
    "parameters": [{"$ref": "#/components/parameters/id"}],
    "get": operation(
        "getReport",
        "A report one filed",
        "reports",
        {**ok("Report", "The report."), **errors(401, 404)},
    ),
}

CODE_PARAMETER = {
    "name": "X-TOTP-Code",
    "in": "header",
    "required": False,
    "description": "For an account with two-factor sign-in: the current six-digit code "
    "from its authenticator app, or one of its unused recovery codes (each works once). "
    "Without it, or with a wrong one, the answer is 401 even for the right password.",
    "schema": {"type": "string", "maxLength": 32},
}


def with_second_factor(paths):
    """``POST /api/tokens`` taking the second factor of the accounts that have one."""
    tokens = dict(paths["/api/tokens"])
    tokens["post"] = {**tokens["post"], "parameters": [CODE_PARAMETER]}
    return {**paths, "/api/tokens": tokens}
