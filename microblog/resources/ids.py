"""Row ids in path segments."""

# ids are INTEGER columns: PostgreSQL refuses to even compare them with a larger number
MAX_ID = 2**31 - 1


def row_id(key):
    """The integer in a path segment, or ``KeyError`` (which ends traversal: a 404)."""
    if not (
        key.isascii() and key.isdigit() and len(key) <= len(str(MAX_ID)) and 0 < int(key) <= MAX_ID
    ):
        raise KeyError(key)
    return int(key)
