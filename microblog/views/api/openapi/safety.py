"""The OpenAPI paths and schemas of blocking, muting and reporting."""

from .paths import NO_CONTENT, errors, operation

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

SAFETY_SCHEMAS = {}
