"""``/api/v1/statuses/{id}/...``: likes (favourites) and reposts (reblogs), and who did
them. Doing either twice counts once, as on the site."""

from sqlalchemy import select

from ...models import Like, Repost
from ...models.interactions import like, repost, unlike, unrepost
from ...resources.mastodon import StatusContext
from ...security import Permission
from .. import Views
from ..post_lists import likers_of, reposters_of
from . import entities, mastodon_view
from .paging import Ids, page_of


class InteractionViews(Views):
    def _toggled(self, action):
        action(self.request.user, self.context.post)
        return entities.status(self.request, self.context.post)

    @mastodon_view(
        context=StatusContext,
        name="favourite",
        request_method="POST",
        permission=Permission.LIKE,
        scope="write:favourites",
    )
    def favourite(self):
        return self._toggled(like)

    @mastodon_view(
        context=StatusContext,
        name="unfavourite",
        request_method="POST",
        permission=Permission.LIKE,
        scope="write:favourites",
    )
    def unfavourite(self):
        return self._toggled(unlike)

    @mastodon_view(
        context=StatusContext,
        name="reblog",
        request_method="POST",
        permission=Permission.REPOST,
        scope="write:statuses",
    )
    def reblog(self):
        """The reblog itself, wrapping the post."""
        request, post = self.request, self.context.post
        repost(request.user, post)
        at = request.dbsession.get(Repost, (request.user.id, post.id)).timestamp
        return entities.status(request, post, request.user, at)

    @mastodon_view(
        context=StatusContext,
        name="unreblog",
        request_method="POST",
        permission=Permission.REPOST,
        scope="write:statuses",
    )
    def unreblog(self):
        return self._toggled(unrepost)

    @mastodon_view(
        context=StatusContext,
        name="favourited_by",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:accounts",
    )
    def favourited_by(self):
        return self._people(likers_of(self.context.post), "likes")

    @mastodon_view(
        context=StatusContext,
        name="reblogged_by",
        request_method="GET",
        permission=Permission.VIEW,
        scope="read:accounts",
    )
    def reblogged_by(self):
        return self._people(reposters_of(self.context.post), "reposts")

    def _people(self, listing, kind):
        model = Like if kind == "likes" else Repost
        post_id = self.context.post.id

        def key(session, raw):
            if not (raw.isascii() and raw.isdigit() and len(raw) < 11):
                return None
            at = session.scalar(
                select(model.timestamp).where(model.post_id == post_id, model.user_id == int(raw))
            )
            return None if at is None else (at, int(raw))

        users, _keys = page_of(
            self.request, listing, Ids(lambda user: str(user.id), key), default=40, maximum=80
        )
        return [entities.account(self.request, user) for user in users]
