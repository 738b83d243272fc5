"""``/login_code``: the second step of signing in to an account with two-factor sign-in: a
code from the authenticator app, or one of the recovery codes."""

import time

import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED

from ..i18n import _
from ..models import User
from ..resources.root import Root
from ..schemas.base import CSRFSchema, Text, stripped
from ..security.two_factor import second_factor_ok
from ..services.interfaces import IThrottle
from ..services.throttle import LOGIN_ACCOUNT
from . import is_local_path
from .forms import AnonymousFormView, form_view

PENDING = "sign_in_pending"
# the password was given this many seconds ago at most
PENDING_FOR = 300


def ask_for_code(request, user, remember_me):
    """Keep who gave a right password (not signed in yet) and ask for their code."""
    target = request.params.get("next")
    request.session[PENDING] = {
        "user_id": user.id,
        "remember_me": remember_me,
        "next": target if is_local_path(target) else None,
        "at": time.time(),
    }
    return HTTPSeeOther(request.resource_url(request.root, "login_code"))


class CodeSchema(CSRFSchema):
    code = colander.SchemaNode(
        Text(),
        title=_("Code from your app, or a recovery code"),
        preparer=stripped,
        missing_msg=_("This field is required."),
        widget=deform.widget.TextInputWidget(
            attributes={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


@form_view(context=Root, name="login_code", permission=NO_PERMISSION_REQUIRED)
class LoginCodeView(AnonymousFormView):
    schema = CodeSchema
    submit = _("Sign In")
    title = _("Two-factor sign-in")

    def pending(self):
        pending = self.request.session.get(PENDING)
        if pending and time.time() - pending["at"] <= PENDING_FOR:
            return pending
        return None

    def __call__(self):
        if self.request.user is None and self.pending() is None:
            self.request.session.pop(PENDING, None)
            return HTTPSeeOther(self.request.resource_url(self.context, "login"))
        return super().__call__()

    def success(self, data, form):
        from .accounts import complete_sign_in

        request, pending = self.request, self.pending()
        user = request.dbsession.get(User, pending["user_id"])
        throttle = request.find_service(IThrottle)
        identity = ("account", user.username.lower())
        throttle.check(LOGIN_ACCOUNT, *identity)
        if not second_factor_ok(request.dbsession, user, data["code"]):
            throttle.count(LOGIN_ACCOUNT, *identity)
            return self.fail(form, _("That code is not right."), {}, field="code")
        del request.session[PENDING]
        if pending["next"]:
            request.GET["next"] = pending["next"]
        return complete_sign_in(request, user, pending["remember_me"])
