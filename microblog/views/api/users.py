"""``/api/users``: accounts, their followers and followed, following (tutorial chapter 23)."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config, view_defaults
from sqlalchemy import select

from ...models import Post, User, followers
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
from .inputs import bad_request, validated
from .representations import (
    USER_COUNTS,
    api_url,
    one_user,
    paginate,
    post_collection,
    user_dict,
)


def users_page(request, query):
    return paginate(request, query.order_by(User.id), user_dict, columns=USER_COUNTS)


@view_defaults(context=ApiUsers, renderer="json", require_csrf=False)
class UsersViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="GET", permission=Permission.VIEW)
    def list(self):
        return users_page(self.request, select(User))

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
        return one_user(self.request, user)


@view_defaults(context=ApiUserContext, renderer="json", require_csrf=False)
class UserViews:
    def __init__(self, context, request):
        self.context, self.request = context, request

    @view_config(request_method="GET", permission=Permission.VIEW)
    def show(self):
        return one_user(self.request, self.context.user)

    @view_config(request_method="PUT", permission=Permission.EDIT)
    def update(self):
        user = self.context.user
        changes = validated(self.request, UserChangesSchema, user=user)
        if "about_me" in changes:
            changes["about_me"] = changes["about_me"] or None
        for field, value in changes.items():
            setattr(user, field, value)
        return one_user(self.request, user)


@view_config(
    context=ApiFollowers,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def list_followers(context, request):
    query = (
        select(User)
        .join(followers, followers.c.follower_id == User.id)
        .where(followers.c.followed_id == context.user.id)
    )
    return users_page(request, query)


@view_config(
    context=ApiFollowed,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def list_followed(context, request):
    query = (
        select(User)
        .join(followers, followers.c.followed_id == User.id)
        .where(followers.c.follower_id == context.user.id)
    )
    return users_page(request, query)


@view_config(
    context=ApiUserPosts,
    request_method="GET",
    permission=Permission.VIEW,
    renderer="json",
    require_csrf=False,
)
def list_posts(context, request):
    return post_collection(request, Post.by_author(context.user))


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
