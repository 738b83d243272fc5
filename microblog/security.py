"""Who is asking, and what they may do.

One Pyramid 2 security policy for the whole tree: the signed auth cookie identifies web
users; the API branch (see ``api_identity``) has its own credentials and never trusts the
cookie, so a page cannot be tricked into making API calls with a visitor's session.
"""

import enum
from datetime import timedelta

from pyramid.authentication import AuthTktCookieHelper
from pyramid.authorization import ACLHelper, Authenticated, Everyone
from pyramid.session import SignedCookieSessionFactory
from zope.interface import Interface

from .models import User

REMEMBER_ME_FOR = timedelta(days=30)


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


def principal_for(user_id):
    return f"user:{user_id}"


def is_api_request(request):
    return request.path_info == "/api" or request.path_info.startswith("/api/")


class SecurityPolicy:
    """Session-cookie identity for the web, pluggable credentials for the API."""

    def __init__(self, secret, secure=False):
        self.cookie = AuthTktCookieHelper(
            secret,
            cookie_name="microblog_auth",
            hashalg="sha512",
            http_only=True,
            samesite="Lax",
            secure=secure,
            wild_domain=False,
        )

    def identity(self, request):
        return request.user

    def authenticated_userid(self, request):
        user = request.user
        return None if user is None else user.id

    def load_user(self, request):
        if is_api_request(request):
            return api_identity(request)
        ticket = self.cookie.identify(request)
        if not ticket:
            return None
        try:
            user_id = int(ticket["userid"])
        except (TypeError, ValueError):
            return None
        user = request.dbsession.get(User, user_id)
        if user is not None:
            user.touch()
        return user

    def effective_principals(self, request):
        principals = [Everyone]
        user = request.user
        if user is not None:
            principals += [Authenticated, principal_for(user.id)]
        return principals

    def permits(self, request, context, permission):
        return ACLHelper().permits(context, self.effective_principals(request), permission)

    def remember(self, request, userid, remember_me=False, **kw):
        max_age = int(REMEMBER_ME_FOR.total_seconds()) if remember_me else None
        return self.cookie.remember(request, str(userid), max_age=max_age)

    def forget(self, request, **kw):
        return self.cookie.forget(request)


def api_identity(request):
    """The API's credentials (Bearer tokens); replaced by the API area when it is included."""
    finder = request.registry.queryUtility(IApiIdentity)
    return finder(request) if finder else None


class IApiIdentity(Interface):
    """The API area's ``request -> User | None`` function, registered as a utility."""


def includeme(config):
    settings = config.get_settings()
    policy = SecurityPolicy(
        settings["microblog.secret_key"], secure=settings["microblog.secure_cookies"]
    )
    config.set_security_policy(policy)
    config.set_session_factory(
        SignedCookieSessionFactory(
            settings["microblog.secret_key"],
            salt="microblog.session.",
            hashalg="sha512",
            httponly=True,
            samesite="Lax",
            secure=settings["microblog.secure_cookies"],
        )
    )
    config.add_request_method(policy.load_user, "user", reify=True)
    config.set_default_csrf_options(require_csrf=True)
    config.set_default_permission(Permission.VIEW)
