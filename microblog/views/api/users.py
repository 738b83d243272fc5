"""``/api/users``: accounts, their followers and followed, following (tutorial chapter 23)."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config, view_defaults

from ...models import User
from ...resources.api import (
    ApiFollow,
    ApiFollowed,
    ApiFollowers,
    ApiUserContext,
    ApiUserPosts,
    ApiUsers,
)
from ...schemas.api import NewUserSchema, UserChangesSchema
from ...security import Permission
from ..lists import all_users, followed_by, followers_of, posts_by
from .inputs import bad_request, validated
from .representations import api_url, paginated, post_dict, user_dict


@view_defaults(context=ApiUsers, renderer="json", require_csrf=False)
class UsersViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="GET", permission=Permission.VIEW)
    def list(self):
        return paginated(self.request, all_users(), user_dict)

    @view_config(request_method="POST", permission=NO_PERMISSION_REQUIRED)
    def register(self):
        data = validated(self.request, NewUserSchema)
        user = User(
            username=data["username"], email=data["email"], about_me=data["about_me"] or None
        )
        user.set_password(data["password"])
        self.request.dbsession.add(user)
        self.request.dbsession.flush()
        self.request.response.status_int = 201
        self.request.response.location = api_url(self.request, "users", user.id)
        return user_dict(self.request, user)


@view_defaults(context=ApiUserContext, renderer="json", require_csrf=False)
class UserViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="GET", permission=Permission.VIEW)
    def show(self):
        return user_dict(self.request, self.context.user)

    @view_config(request_method="PUT", permission=Permission.EDIT)
    def update(self):
        user = self.context.user
        changes = validated(self.request, UserChangesSchema, user=user)
        if "about_me" in changes:
            changes["about_me"] = changes["about_me"] or None
        for field, value in changes.items():
            setattr(user, field, value)
        return user_dict(self.request, user)


@view_config(
    context=ApiFollowers,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def list_followers(context, request):
    return paginated(request, followers_of(context.user), user_dict)


@view_config(
    context=ApiFollowed,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def list_followed(context, request):
    return paginated(request, followed_by(context.user), user_dict)


@view_config(
    context=ApiUserPosts,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def list_posts(context, request):
    return paginated(request, posts_by(context.user), post_dict)


@view_defaults(context=ApiFollow, require_csrf=False, permission=Permission.FOLLOW)
class FollowViews:
    def __init__(self, context, request):
        self.context, self.request = context, request
        if context.user.id == request.user.id:
            raise bad_request("You cannot follow or unfollow yourself.")

    @view_config(request_method="POST")
    def follow(self):
        self.request.user.follow(self.context.user)
        return HTTPNoContent()

    @view_config(request_method="DELETE")
    def unfollow(self):
        self.request.user.unfollow(self.context.user)
        return HTTPNoContent()
