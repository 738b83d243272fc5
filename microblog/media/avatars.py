"""Uploaded avatars: a square picture in a few sizes, replacing the generated one."""

from .images import AVATAR_SIZES, encode_avatar
from .uploads import WEBP, delete_after_commit, media_url, new_key, store_before_commit


def avatar_keys(stem):
    """The stored files of the avatar whose key is ``stem`` (none for ``None``)."""
    return [f"{stem}-{size}.webp" for size in AVATAR_SIZES] if stem else []


def set_avatar(request, user, data):
    """Make the picture in ``data`` ``user``'s avatar (cropped to its centre square); the
    previous one's files go once this commits. Raises ``ImageRefused``."""
    pictures = encode_avatar(data)
    stem = new_key("avatars")
    store_before_commit(
        request, [(f"{stem}-{size}.webp", pictures[size], WEBP) for size in AVATAR_SIZES]
    )
    delete_after_commit(request, avatar_keys(user.avatar_key))
    user.avatar_key = stem


def remove_avatar(request, user):
    """Back to the generated avatar; the uploaded one's files go once this commits."""
    delete_after_commit(request, avatar_keys(user.avatar_key))
    user.avatar_key = None


def uploaded_avatar_url(request, user, size):
    """The URL of ``user``'s uploaded avatar in the smallest stored size that is at least
    ``size`` pixels (the largest when none is), or ``None`` without an upload."""
    if not user.avatar_key:
        return None
    fitting = [stored for stored in AVATAR_SIZES if stored >= size] or [max(AVATAR_SIZES)]
    return media_url(request, f"{user.avatar_key}-{min(fitting)}.webp")
