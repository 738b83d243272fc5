"""``/avatar/{id}.svg``: the pictures the app draws for its users (``AVATARS=generated``)."""

from pyramid.authorization import Allow, Everyone

from ..security import Permission
from .ids import row_id


class Avatars:
    """The ``/avatar`` container. A picture depends on the id alone, so none is looked up:
    serving one costs no query, and it tells nobody whether the id exists."""

    __name__ = "avatar"
    # anyone may ask for a picture, and hear that a malformed name is not one
    __acl__ = [(Allow, Everyone, Permission.VIEW)]

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    def __getitem__(self, name):
        stem, dot, extension = name.partition(".")
        if not dot or extension != "svg":
            raise KeyError(name)
        return AvatarContext(row_id(stem), parent=self, name=name)


class AvatarContext:
    """One user's generated picture; public, like the Atom feeds that show it."""

    def __init__(self, user_id, parent, name):
        self.user_id, self.__parent__, self.__name__ = user_id, parent, name
