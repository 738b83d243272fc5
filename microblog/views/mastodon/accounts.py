"""``/api/v1/accounts``: the caller's account, others', their posts and follows."""

from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound
from sqlalchemy import and_, func, or_, select

from ...models import User, followers
from ...resources import context_for
from ...resources.mastodon import AccountContext, Accounts
from ...security import Permission
from .. import Views
from ..errors import client_error
from ..lists import followed_by, followers_of, posts_by
from ..streams import profile_stream
from . import entities, listed, mastodon_view, params, truthy, unprocessable
from .lists import ACCOUNTS, post_statuses, stream_statuses
from .paging import limit, page_of

ABOUT_ME_MAX_LENGTH = 140


def relationships(request, others):
    """Relationships of the caller with ``others``: one query for all of them."""
    me = request.user.id
    ids = [user.id for user in others]
    rows = request.dbsession.execute(
        select(followers.c.follower_id, followers.c.followed_id).where(
            or_(
                and_(followers.c.follower_id == me, followers.c.followed_id.in_(ids)),
                and_(followers.c.followed_id == me, followers.c.follower_id.in_(ids)),
            )
        )
    ).all()
    following = {followed for follower, followed in rows if follower == me}
    followed_by_them = {follower for follower, followed in rows if followed == me}
    return [
        entities.relationship(request.user, user, user.id in following, user.id in followed_by_them)
        for user in others
    ]


class AccountsViews(Views):
    @mastodon_view(
        context=Accounts,
        name="verify_credentials",
        request_method="GET",
        permission=Permission.VIEW,
        scope="profile",
    )
    def verify_credentials(self):
        return entities.account(self.request, self.request.user, source=True)

    @mastodon_view(
        context=Accounts,
        name="update_credentials",
        request_method="PATCH",
        permission=Permission.VIEW,
        scope="write:accounts",
    )
    def update_credentials(self):
        request, user = self.request, self.request.user
        if not request.has_permission(Permission.EDIT, context_for(request, user)):
            raise client_error(HTTPForbidden, "This action is not allowed")
        values = params(request)
        if "note" in values:
            note = str(values["note"] or "").strip()
            if len(note) > ABOUT_ME_MAX_LENGTH:
                raise unprocessable(f"note is longer than {ABOUT_ME_MAX_LENGTH} characters")
            user.about_me = note
        return entities.account(request, user, source=True)

    @mastodon_view(
        context=Accounts,
        name="relationships",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:follows",
    )
    def relationships(self):
        ids = [int(i) for i in listed(self.request, "id")[:40] if i.isdigit() and len(i) < 10]
        found = {
            u.id: u for u in self.request.dbsession.scalars(select(User).where(User.id.in_(ids)))
        }
        return relationships(self.request, [found[i] for i in ids if i in found])

    @mastodon_view(
        context=Accounts,
        name="lookup",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:accounts",
    )
    def lookup(self):
        acct = self.request.GET.get("acct", "").lstrip("@")
        name, _at, domain = acct.partition("@")
        user = None
        if name and len(name) <= 64 and (not domain or domain == self.request.host.split(":")[0]):
            user = self.request.dbsession.scalar(select(User).where(User.username == name))
        if user is None:
            raise HTTPNotFound()
        return entities.account(self.request, user)

    @mastodon_view(
        context=Accounts,
        name="search",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:accounts",
    )
    def search(self):
        return [
            entities.account(self.request, user)
            for user in find_accounts(self.request, self.request.GET.get("q", ""))
        ]


def find_accounts(request, text, count=None):
    """Accounts whose username starts with ``text`` (an ``@`` and a domain of this site
    left aside), the most followed first."""
    name = text.strip().lstrip("@").partition("@")[0]
    if not name or len(name) > 64:
        return []
    escaped = name.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        select(User)
        .where(func.lower(User.username).like(escaped + "%", escape="\\"))
        .order_by(User.follower_count.desc(), User.id)
        .limit(count or limit(request))
    )
    return list(request.dbsession.scalars(query))


class AccountViews(Views):
    @mastodon_view(
        context=AccountContext,
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:accounts",
    )
    def show(self):
        return entities.account(self.request, self.context.user)

    @mastodon_view(
        context=AccountContext,
        name="statuses",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:statuses",
    )
    def statuses(self):
        request, user = self.request, self.context.user
        if truthy(request.GET.get("pinned", "")) or truthy(request.GET.get("only_media", "")):
            return []
        if truthy(request.GET.get("exclude_reblogs", "")):
            return post_statuses(request, posts_by(user, request.user))
        return stream_statuses(request, profile_stream(user, request.user))

    @mastodon_view(
        context=AccountContext,
        name="followers",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:accounts",
    )
    def followers(self):
        return self._people(followers_of(self.context.user))

    @mastodon_view(
        context=AccountContext,
        name="following",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:accounts",
    )
    def following(self):
        return self._people(followed_by(self.context.user))

    def _people(self, listing):
        users, _keys = page_of(self.request, listing, ACCOUNTS, default=40, maximum=80)
        return [entities.account(self.request, user) for user in users]

    @mastodon_view(
        context=AccountContext,
        name="follow",
        request_method="POST",
        permission=Permission.FOLLOW,
        scope="write:follows",
    )
    def follow(self):
        self.request.user.follow(self.context.user)
        (relation,) = relationships(self.request, [self.context.user])
        return relation

    @mastodon_view(
        context=AccountContext,
        name="unfollow",
        request_method="POST",
        permission=Permission.FOLLOW,
        scope="write:follows",
    )
    def unfollow(self):
        self.request.user.unfollow(self.context.user)
        (relation,) = relationships(self.request, [self.context.user])
        return relation
