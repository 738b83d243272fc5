"""``/api/users``: accounts, their followers and followed, following (tutorial chapter 23)."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_defaults
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
from .. import Views
from . import api_view
from .inputs import validated
from .representations import USER_COUNTS, created, one_user, paginate, post_collection, user_dict


def users_page(request, query):
    return paginate(request, query.order_by(User.id), user_dict, columns=USER_COUNTS)


@view_defaults(context=ApiUsers)
class ApiUsersViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def list(self):
        return users_page(self.request, select(User))

    @api_view(request_method="POST", permission=NO_PERMISSION_REQUIRED)
    def register(self):
        data = validated(self.request, NewUserSchema)
        user = User(
            username=data["username"], email=data["email"], about_me=data["about_me"] or None
        )
        user.set_password(data["password"])
        return created(self.request, user, one_user, "users")


@view_defaults(context=ApiUserContext)
class ApiUserViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def show(self):
        return one_user(self.request, self.context.user)

    @api_view(request_method="PUT", permission=Permission.EDIT)
    def update(self):
        user = self.context.user
        changes = validated(self.request, UserChangesSchema, user=user)
        if "about_me" in changes:
            changes["about_me"] = changes["about_me"] or None
        for field, value in changes.items():
            setattr(user, field, value)
        return one_user(self.request, user)


def follow_list(request, user_column, other_column, user):
    """The users on the other side of ``user``'s follows (one page, with their counts)."""
    query = select(User).join(followers, other_column == User.id).where(user_column == user.id)
    return users_page(request, query)


@api_view(context=ApiFollowers, request_method="GET", permission=Permission.VIEW)
def list_followers(context, request):
    return follow_list(request, followers.c.followed_id, followers.c.follower_id, context.user)


@api_view(context=ApiFollowed, request_method="GET", permission=Permission.VIEW)
def list_followed(context, request):
    return follow_list(request, followers.c.follower_id, followers.c.followed_id, context.user)


@api_view(context=ApiUserPosts, request_method="GET", permission=Permission.VIEW)
def list_posts(context, request):
    return post_collection(request, Post.by_author(context.user))


@view_defaults(context=ApiFollow, permission=Permission.FOLLOW)
class ApiFollowViews(Views):
    @api_view(request_method="POST")
    def follow(self):
        self.request.user.follow(self.context.user)
        return HTTPNoContent()

    @api_view(request_method="DELETE")
    def unfollow(self):
        self.request.user.unfollow(self.context.user)
        return HTTPNoContent()
