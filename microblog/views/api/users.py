"""``/api/users``: accounts, their followers and followed, following (tutorial chapter 23)."""

from pyramid.httpexceptions import HTTPNoContent
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_defaults

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
from ...services.throttle import REGISTER, client_address, spend
from .. import Views
from ..lists import all_users, followed_by, followers_of, posts_by
from ..settings.email import ask_to_verify
from . import api_view
from .inputs import validated
from .representations import created, paginated, paginated_posts, user_dict


@view_defaults(context=ApiUsers)
class ApiUsersViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def list(self):
        return paginated(self.request, all_users(), user_dict)

    @api_view(request_method="POST", permission=NO_PERMISSION_REQUIRED)
    def register(self):
        data = validated(self.request, NewUserSchema)
        spend(self.request, REGISTER, "address", client_address(self.request))
        user = User(
            username=data["username"], email=data["email"], about_me=data["about_me"] or None
        )
        user.set_password(data["password"])
        answer = created(self.request, user, user_dict, "users")
        ask_to_verify(self.request, user)
        return answer


@view_defaults(context=ApiUserContext)
class ApiUserViews(Views):
    @api_view(request_method="GET", permission=Permission.VIEW)
    def show(self):
        return user_dict(self.request, self.context.user)

    @api_view(request_method="PUT", permission=Permission.EDIT)
    def update(self):
        user = self.context.user
        changes = validated(self.request, UserChangesSchema, user=user)
        if "about_me" in changes:
            changes["about_me"] = changes["about_me"] or None
        for field, value in changes.items():
            setattr(user, field, value)
        return user_dict(self.request, user)


@api_view(context=ApiFollowers, request_method="GET", permission=Permission.VIEW)
def list_followers(context, request):
    return paginated(request, followers_of(context.user), user_dict)


@api_view(context=ApiFollowed, request_method="GET", permission=Permission.VIEW)
def list_followed(context, request):
    return paginated(request, followed_by(context.user), user_dict)


@api_view(context=ApiUserPosts, request_method="GET", permission=Permission.VIEW)
def list_posts(context, request):
    return paginated_posts(request, posts_by(context.user, request.user))


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
