"""``/settings``: the signed-in user's own settings pages (the root's ACL: signed-in users)."""


class Settings:
    """The ``/settings`` container; each page is a view named after it (``apps``)."""

    __name__ = "settings"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request
