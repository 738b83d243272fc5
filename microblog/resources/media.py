"""``/media/...``: the pictures of the ``local`` storage, served by the app."""


class MediaFiles:
    """The ``/media`` container. Nothing below it is looked up: the first segment is the
    view's name (``images``, ``avatars``) and the rest the file's path in storage. Public,
    like ``/static``: the Atom feeds show these pictures, and their names are random."""

    __name__ = "media"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request
