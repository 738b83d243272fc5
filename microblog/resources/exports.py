"""``/export_posts``: the signed-in user's own posts, which they may have mailed to them."""

from pyramid.authorization import Allow

from ..security import Permission, principal_for


class PostsExport:
    """The export of the signed-in user's posts. Only that user may export them: a visitor
    can never export anyone else's, whoever they are signed in as."""

    __name__ = "export_posts"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    @property
    def user(self):
        return self.request.user

    def __acl__(self):
        user = self.user
        return [] if user is None else [(Allow, principal_for(user.id), Permission.EXPORT)]
