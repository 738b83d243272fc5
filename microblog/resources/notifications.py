"""``/notifications``: what happened for the signed-in user."""


class Notifications:
    """The signed-in user's notifications: the live feed the pages poll (``/notifications``)
    and the page of everything that concerns them (``/notifications/all``). The root's ACL
    lets any signed-in user see their own, and nobody else's exist here."""

    __name__ = "notifications"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request
