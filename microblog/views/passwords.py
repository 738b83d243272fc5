"""Forgotten passwords: asking for a reset link by mail, and choosing a new password."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.view import view_config
from sqlalchemy import func, select

from ..i18n import _
from ..models import User
from ..reset_tokens import make_token
from ..resources.passwords import PasswordResets, ResetTokenContext
from ..resources.root import Root
from ..schemas.accounts import ResetPasswordSchema
from ..schemas.passwords import ResetPasswordRequestSchema
from ..services.interfaces import IMailService
from ..services.mail import render_mail
from ..services.throttle import LOGIN_ACCOUNT, REGISTER, client_address, spend
from .forms import AnonymousFormView, form_view

REQUEST_PAGE = "microblog:templates/accounts/reset_password_request.jinja2"
PROBLEMS = {
    "expired": _(
        "This password reset link has expired. Enter your email address to get a new one."
    ),
    "invalid": _(
        "This password reset link is invalid or has already been used. Enter your "
        "email address to get a new one."
    ),
}


def send_password_reset_email(request, user):
    """Mail ``user`` a link to ``/reset_password/{token}`` (after the commit)."""
    settings = request.registry.settings
    expires_in = settings["microblog.reset_token_expires"]
    token = make_token(user, settings["microblog.secret_key"], expires_in)
    values = {
        "user": user,
        "url": request.resource_url(request.root, "reset_password", token),
        "minutes": max(1, -(-expires_in // 60)),
    }
    mail = request.find_service(IMailService)
    mail.send(
        [user.email],
        **render_mail(request, "reset_password", _("[Microblog] Reset Your Password"), values),
    )


@form_view(
    context=Root,
    name="reset_password_request",
    renderer=REQUEST_PAGE,
    permission=NO_PERMISSION_REQUIRED,
)
class ResetPasswordRequestView(AnonymousFormView):
    schema = ResetPasswordRequestSchema
    submit = _("Request Password Reset")
    title = _("Reset Password")

    def success(self, data, form):
        request = self.request
        # no mail bombing, of one address or from one client
        spend(request, REGISTER, "reset-address", client_address(request))
        spend(request, LOGIN_ACCOUNT, "reset-account", data["email"].lower())
        user = request.dbsession.scalar(
            select(User).where(func.lower(User.email) == data["email"].lower())
        )
        if user is not None:
            send_password_reset_email(request, user)
        # the same answer whether or not the address has an account: no enumeration
        request.flash(_("Check your email for the instructions to reset your password."), "info")
        return HTTPSeeOther(request.resource_url(request.root, "login"))


@view_config(context=PasswordResets, permission=NO_PERMISSION_REQUIRED, request_method="GET")
def reset_password_without_token(context, request):
    return HTTPSeeOther(request.resource_url(request.root, "reset_password_request"))


@form_view(context=ResetTokenContext, permission=NO_PERMISSION_REQUIRED)
class ResetPasswordView(AnonymousFormView):
    schema = ResetPasswordSchema
    submit = _("Reset Password")
    title = _("Reset Your Password")

    def __call__(self):
        request = self.request
        if request.user is None and self.context.user is None:
            request.flash(PROBLEMS[self.context.problem], "warning")
            return HTTPSeeOther(request.resource_url(request.root, "reset_password_request"))
        return super().__call__()

    def success(self, data, form):
        # a new hash: this link (and any other sent before) stops working; and whoever
        # got in with the old password (a browser, an API token) is out
        self.context.user.change_password(data["password"])
        self.request.flash(_("Your password has been reset."), "success")
        return HTTPSeeOther(self.request.resource_url(self.request.root, "login"))
