"""Who is asking, and what they may do.

One Pyramid 2 security policy for the whole tree (``policy.py``): the server-side session
identifies web users (``sessions.py``), bearer tokens API callers (``credentials.py``,
``tokens.py``; OAuth 2 tokens of Mastodon clients: ``oauth.py``, their scopes: ``scopes.py``).
Permissions are granted by the contexts' ACLs only; views declare the one they need.
"""

import enum

from .credentials import (  # noqa: F401  (re-exported)
    challenge,
    is_api_request,
    is_mastodon_request,
    oauth_token,
)
from .policy import (  # noqa: F401  (re-exported)
    ADMIN,
    MODERATOR,
    VERIFIED,
    SecurityPolicy,
    blocked_principal,
    forget_relationships,
    principal_for,
    relationship_with,
)


class Permission(enum.StrEnum):
    VIEW = "view"
    POST = "post"
    EDIT = "edit"
    DELETE = "delete"
    FOLLOW = "follow"
    MESSAGE = "message"
    EXPORT = "export"
    REPLY = "reply"
    LIKE = "like"
    REPOST = "repost"
    VIEW_LIKES = "view_likes"
    # one's own account settings (password, email, sessions, two-factor, deletion)
    ACCOUNT = "account"
    BLOCK = "block"
    REPORT = "report"
    # the moderation queue and its actions; roles and the audit trail
    MODERATE = "moderate"
    SUSPEND = "suspend"
    ADMINISTER = "administer"


def checks_csrf(request):
    """Every unsafe request of the site carries a CSRF token; the API's do not need one,
    since no cookie authenticates them."""
    return not is_api_request(request)


def includeme(config):
    policy = SecurityPolicy()
    config.set_security_policy(policy)
    config.include(".sessions")
    config.add_request_method(oauth_token, "oauth_token", reify=True)
    config.add_request_method(policy.load_user, "user", reify=True)
    config.add_request_method(relationship_with, "relationship")
    config.set_default_csrf_options(require_csrf=True, callback=checks_csrf)
    config.set_default_permission(Permission.VIEW)
