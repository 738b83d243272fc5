"""Mastodon's OAuth scopes: ``read``, ``write``, ``follow``, ``push`` (and ``profile``),
and the sub-scopes they stand for.

A token's scopes limit what an application may do for its user; the contexts' ACLs still
decide what the user may do. A Mastodon view names the one scope it needs
(``views/mastodon``); :func:`allows` says whether the token's scopes cover it.
"""

READ, WRITE, FOLLOW, PUSH, PROFILE = "read", "write", "follow", "push", "profile"

SUBSCOPES = {
    READ: (
        "read:accounts",
        "read:blocks",
        "read:bookmarks",
        "read:favourites",
        "read:filters",
        "read:follows",
        "read:lists",
        "read:mutes",
        "read:notifications",
        "read:search",
        "read:statuses",
    ),
    WRITE: (
        "write:accounts",
        "write:blocks",
        "write:bookmarks",
        "write:conversations",
        "write:favourites",
        "write:filters",
        "write:follows",
        "write:lists",
        "write:media",
        "write:mutes",
        "write:notifications",
        "write:reports",
        "write:statuses",
    ),
    # deprecated by Mastodon, still asked for by many clients
    FOLLOW: (
        "read:blocks",
        "write:blocks",
        "read:follows",
        "write:follows",
        "read:mutes",
        "write:mutes",
    ),
    PUSH: (),
    PROFILE: (),
}
KNOWN = frozenset(SUBSCOPES) | {scope for subs in SUBSCOPES.values() for scope in subs}
DEFAULT = (READ,)


def known(scopes):
    """True when every one of ``scopes`` is a scope of Mastodon's."""
    return all(scope in KNOWN for scope in scopes)


def expand(scopes):
    """Every scope ``scopes`` grant, the sub-scopes of the broad ones included."""
    granted = set(scopes)
    for scope in scopes:
        granted.update(SUBSCOPES.get(scope, ()))
    return granted


def allows(granted, needed):
    """True when the scopes ``granted`` cover ``needed``: the scope itself, or a broad
    scope that stands for it. ``profile`` (reading one's own account) is also covered by
    ``read:accounts``."""
    scopes = expand(granted)
    if needed == PROFILE:
        return PROFILE in scopes or "read:accounts" in scopes
    return needed in scopes


def within(requested, registered):
    """True when an application that registered ``registered`` may ask for ``requested``."""
    return expand(requested) <= expand(registered)
