"""``/settings/email``: a new address, confirmed by a link sent to it (the old address is
told); ``/settings/email/{token}`` is that link, and the sign-up's verification link."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...email_tokens import ExpiredToken, InvalidToken, make_email_token, read_email_token
from ...i18n import _
from ...models import User
from ...resources.settings import SettingsPage
from ...schemas.accounts import taken
from ...schemas.settings import ChangeEmailSchema
from ...security import Permission
from ...services.throttle import REGISTER, spend
from .. import redirect_back
from ..forms import form_view
from ..notices import send_notice
from . import SETTINGS_FORM, SettingsFormView, page_url


class EmailPage(SettingsPage):
    """The address form; a segment after it is a confirmation link."""

    def __getitem__(self, token):
        if token == "resend":
            raise KeyError(token)  # the view of that name
        return EmailLink(self, token)


class EmailLink:
    """``/settings/email/{token}``: a link that proves an address."""

    def __init__(self, parent, token):
        self.__parent__, self.__name__, self.token = parent, token, token


def link_for(request, user, purpose, address):
    settings = request.registry.settings
    token = make_email_token(
        user,
        purpose,
        address,
        settings["microblog.secret_key"],
        settings["microblog.email_token_expires"],
    )
    return request.resource_url(request.root, "settings", "email", token)


def hours(request):
    return max(1, request.registry.settings["microblog.email_token_expires"] // 3600)


def send_verification(request, user):
    """Mail ``user`` the link that confirms their address (sign-up, or a resend)."""
    send_notice(
        request,
        user,
        user.email,
        _("[Microblog] Confirm your email address"),
        [
            _("Please confirm that this is your address by opening the link below."),
            _("The link expires in ${hours} hours.", mapping={"hours": hours(request)}),
        ],
        url=link_for(request, user, "verify", user.email),
        button=_("Confirm my address"),
    )


def ask_to_verify(request, user):
    """A new account: with ``REQUIRE_EMAIL_VERIFICATION`` it reads but neither posts nor
    messages until the link mailed to its address is opened."""
    if request.registry.settings["microblog.require_email_verification"]:
        user.email_verified = False
        request.dbsession.flush()  # (the link names the account's id)
        send_verification(request, user)


@view_config(context=EmailPage, name="resend", permission=Permission.ACCOUNT, request_method="POST")
def resend(context, request):
    """Another verification link (a few an hour: nobody is mail-bombed through a form)."""
    user = request.user
    if not user.email_verified:
        spend(request, REGISTER, "verify", user.id)
        send_verification(request, user)
        request.flash(
            _("Check ${address} for a link to confirm it.", mapping={"address": user.email}),
            "info",
        )
    return redirect_back(request, request.resource_url(request.root))


@form_view(context=EmailPage, renderer=SETTINGS_FORM, permission=Permission.ACCOUNT)
class ChangeEmailView(SettingsFormView):
    schema = ChangeEmailSchema
    title = _("Change Email")
    submit = _("Send Confirmation Link")
    explanation = _(
        "We will send a link to the new address; your address changes when you open it."
    )

    def bind(self):
        return {"user": self.context.user}

    def appstruct(self):
        return {"email": self.context.user.email}

    def success(self, data, form):
        request, user = self.request, self.context.user
        address = data["email"]
        if address.lower() == user.email.lower():
            return self.fail(form, _("This is already your address."), data, field="email")
        send_notice(
            request,
            user,
            address,
            _("[Microblog] Confirm your new email address"),
            [
                _("You asked to use this address for your Microblog account."),
                _("The link expires in ${hours} hours.", mapping={"hours": hours(request)}),
            ],
            url=link_for(request, user, "change", address),
            button=_("Confirm my new address"),
        )
        send_notice(
            request,
            user,
            user.email,
            _("[Microblog] A new email address was requested"),
            [
                _(
                    "Somebody signed in to your account asked to move it to ${address}. "
                    "Nothing changes unless the link sent there is opened.",
                    mapping={"address": address},
                ),
                _("If this was not you, change your password now."),
            ],
        )
        request.flash(
            _("Check ${address} for a link to confirm it.", mapping={"address": address}), "info"
        )
        return HTTPSeeOther(page_url(request, self.context))


@view_config(context=EmailLink, permission=Permission.ACCOUNT, request_method="GET")
def confirm_address(context, request):
    """Either link: a new address replaces the old one (which is told), or the sign-up's
    address is confirmed."""
    settings, user = request.registry.settings, request.user
    back = page_url(request, context.__parent__)
    for purpose in ("change", "verify"):
        try:
            owner, address = read_email_token(
                request.dbsession, context.token, purpose, settings["microblog.secret_key"]
            )
        except ExpiredToken:
            request.flash(_("This link has expired; ask for a new one."), "warning")
            return HTTPSeeOther(back)
        except InvalidToken:
            continue
        if owner.id != user.id:
            break
        if purpose == "change" and taken(request.dbsession, User.email, address, user):
            request.flash(_("Another account uses this address now."), "warning")
            return HTTPSeeOther(back)
        if purpose == "change":
            old = user.email
            user.email, user.email_verified = address, True
            send_notice(
                request,
                user,
                old,
                _("[Microblog] Your email address was changed"),
                [
                    _("Your account's address is now ${address}.", mapping={"address": address}),
                    _("If this was not you, reset your password now."),
                ],
            )
            request.flash(
                _("Your email address is now ${address}.", mapping={"address": address}), "success"
            )
        else:
            user.email_verified = True
            request.flash(_("Thank you: your email address is confirmed."), "success")
        return HTTPSeeOther(back)
    request.flash(_("This link is invalid or has already been used."), "warning")
    return HTTPSeeOther(back)


def includeme(config):
    config.add_settings_page("email", EmailPage, _("Email"), order=20)
