"""Registering, signing in and out, and choosing the interface language."""

from pyramid.csrf import new_csrf_token
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import NO_PERMISSION_REQUIRED, forget, remember
from pyramid.view import view_config

from ..i18n import LOCALE_COOKIE, _
from ..models import User
from ..resources.root import Root
from ..schemas.accounts import LoginSchema, RegisterSchema
from ..security.credentials import checked_password
from ..services.throttle import REGISTER, client_address, spend
from . import redirect_back, redirect_to_next
from .forms import AnonymousFormView, form_view
from .second_factor import ask_for_code
from .settings.email import ask_to_verify

LOGIN_PAGE = "microblog:templates/accounts/login.jinja2"
SUSPENDED = _("This account is suspended.")


@form_view(context=Root, name="login", renderer=LOGIN_PAGE, permission=NO_PERMISSION_REQUIRED)
class LoginView(AnonymousFormView):
    schema = LoginSchema
    submit = title = _("Sign In")

    def signed_in(self):
        return redirect_to_next(self.request, self.request.resource_url(self.context))

    def success(self, data, form):
        request = self.request
        user = checked_password(request, data["username"], data["password"])
        if user is None:
            return self.fail(
                form,
                _("Invalid username or password."),
                {"username": data["username"], "remember_me": data["remember_me"]},
                field="password",
            )
        if user.suspended_at is not None:
            return self.fail(form, SUSPENDED, {"username": data["username"]}, field="username")
        if user.totp_secret:
            # the password was right: the code from the app comes next (views/second_factor)
            return ask_for_code(request, user, data["remember_me"])
        return complete_sign_in(request, user, data["remember_me"])


def complete_sign_in(request, user, remember_me):
    """``user`` is in (password, and code when they use two factors): sign this browser in
    and go on to ``next``."""
    if user.deletion_requested_at is not None:
        # within the grace period: signing in keeps the account
        user.deletion_requested_at = None
        request.flash(_("Welcome back! Your account will not be deleted."), "success")
    headers = remember(request, user.id, remember_me=remember_me)
    new_csrf_token(request)
    user.touch()
    response = redirect_to_next(request, request.resource_url(request.root))
    response.headerlist.extend(headers)
    return response


@view_config(context=Root, name="logout", request_method="POST", permission=NO_PERMISSION_REQUIRED)
def logout(context, request):
    # the session ends here, on the server: a copy of its cookie is worth nothing now
    headers = forget(request)
    # a new session carries the goodbye to the sign-in page
    request.flash(_("You have been signed out. See you soon!"), "info")
    return HTTPSeeOther(request.resource_url(context, "login"), headers=headers)


@form_view(context=Root, name="register", permission=NO_PERMISSION_REQUIRED)
class RegisterView(AnonymousFormView):
    schema = RegisterSchema
    submit = title = _("Register")

    def success(self, data, form):
        spend(self.request, REGISTER, "address", client_address(self.request))
        user = User(username=data["username"], email=data["email"])
        user.set_password(data["password"])
        self.request.dbsession.add(user)
        ask_to_verify(self.request, user)
        self.request.flash(_("Congratulations, you are now a registered user!"), "success")
        return HTTPSeeOther(self.request.resource_url(self.context, "login"))


@view_config(
    context=Root, name="set_language", request_method="POST", permission=NO_PERMISSION_REQUIRED
)
def set_language(context, request):
    """The footer's language menu: remember the choice in a cookie for a year."""
    response = redirect_back(request, request.resource_url(context))
    language = request.POST.get("language", "")
    if language in request.registry.settings["microblog.languages"]:
        response.set_cookie(
            LOCALE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=request.registry.settings["microblog.secure_cookies"],
        )
    return response
