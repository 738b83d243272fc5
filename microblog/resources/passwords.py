"""Password reset links: ``/reset_password/{token}``."""

from ..reset_tokens import ExpiredToken, InvalidToken, read_token


class PasswordResets:
    """The ``/reset_password`` container: any segment below it is a :class:`ResetTokenContext`.

    A bad token is still a context (one without a user), so that its page can say what is
    wrong and offer a new link instead of a bare 404.
    """

    __name__ = "reset_password"

    def __init__(self, parent, request):
        self.__parent__, self.request = parent, request

    def __getitem__(self, token):
        request = self.request
        user, problem = None, None
        try:
            user = read_token(
                request.dbsession, token, request.registry.settings["microblog.secret_key"]
            )
        except ExpiredToken:
            problem = "expired"
        except InvalidToken:
            problem = "invalid"
        return ResetTokenContext(token, user, problem, parent=self)


class ResetTokenContext:
    """One reset link: the user it lets choose a new password, or why it cannot.

    ``problem`` is ``None`` for a good token, else ``"expired"`` or ``"invalid"`` (forged,
    malformed, or already used). Anyone holding the link may use it: the views on this
    context need no permission.
    """

    def __init__(self, token, user, problem, parent):
        self.__name__, self.__parent__ = token, parent
        self.user, self.problem = user, problem
