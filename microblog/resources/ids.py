"""Row ids in path segments."""

from ..models import MAX_ID


def row_id(key):
    """The integer in a path segment, or ``KeyError`` (which ends traversal: a 404)."""
    if not (
        key.isascii() and key.isdigit() and len(key) <= len(str(MAX_ID)) and 0 < int(key) <= MAX_ID
    ):
        raise KeyError(key)
    return int(key)
