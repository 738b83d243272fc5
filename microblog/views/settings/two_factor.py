"""``/settings/two_factor``: turning TOTP sign-in on (a QR code to scan, then a code to
prove it), new recovery codes, turning it off."""

import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config, view_defaults
from sqlalchemy import delete

from ...i18n import _
from ...models.two_factor import RecoveryCode, new_recovery_codes, unused_recovery_codes
from ...resources.settings import SettingsPage
from ...schemas.base import CSRFSchema, Text
from ...schemas.settings import current_password_node
from ...security import Permission
from ...security.two_factor import matching_step, new_secret, provisioning_uri, qr_svg
from .. import Views
from . import page_url, settings_values

PAGE = "microblog:templates/settings/two_factor.jinja2"
PENDING = "totp_pending"


class TwoFactorPage(SettingsPage):
    """Two-factor sign-in."""


def code_node():
    return colander.SchemaNode(
        Text(),
        name="code",
        title=_("Code from your app"),
        missing_msg=_("This field is required."),
        widget=deform.widget.TextInputWidget(
            attributes={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class EnrolSchema(CSRFSchema):
    code = code_node()


class PasswordSchema(CSRFSchema):
    current_password = current_password_node()


@view_defaults(context=TwoFactorPage, permission=Permission.ACCOUNT, renderer=PAGE)
class TwoFactorViews(Views):
    @property
    def user(self):
        return self.context.user

    def form(self, schema, name, button):
        bound = schema().bind(request=self.request, user=self.user)
        return deform.Form(
            bound,
            action=self.request.resource_url(self.context.__parent__, "two_factor", name),
            buttons=(deform.Button("submit", button),),
            formid=name,
        )

    def show(self, enrol=None, codes=None, **forms):
        user = self.user
        values = {"title": _("Two-factor sign-in"), "enabled": bool(user.totp_secret)}
        if user.totp_secret:
            forms.setdefault(
                "renew", self.form(PasswordSchema, "renew", _("New Recovery Codes")).render()
            )
            forms.setdefault(
                "disable", self.form(PasswordSchema, "disable", _("Turn Off")).render()
            )
            values["unused"] = unused_recovery_codes(self.request.dbsession, user)
        else:
            secret = self.request.session.get(PENDING)
            if secret is None:
                secret = self.request.session[PENDING] = new_secret()
            values["secret"] = secret
            values["qr"] = qr_svg(provisioning_uri(secret, user.username))
            values["enrol"] = enrol or self.form(EnrolSchema, "enrol", _("Turn On")).render()
        return settings_values(self.context, codes=codes, forms=forms, **values)

    @view_config(request_method="GET")
    def page(self):
        return self.show()

    def validate(self, schema, name, button):
        form = self.form(schema, name, button)
        try:
            form.validate(self.request.POST.items())
        except deform.ValidationFailure as failure:
            return None, failure.render()
        return form, None

    @view_config(name="enrol", request_method="POST")
    def enrol(self):
        if self.user.totp_secret:
            return HTTPSeeOther(page_url(self.request, self.context))
        form, failed = self.validate(EnrolSchema, "enrol", _("Turn On"))
        secret = self.request.session.get(PENDING)
        if failed is not None:
            return self.show(enrol=failed)
        step = matching_step(secret, self.request.POST.get("code")) if secret else None
        if step is None:
            error = colander.Invalid(form.schema, None)
            error["code"] = _("That code is not right: check your app's clock and try again.")
            form.widget.handle_error(form, error)
            return self.show(enrol=form.render({"code": ""}))
        user = self.user
        user.totp_secret, user.totp_last_step = secret, step
        del self.request.session[PENDING]
        codes = new_recovery_codes(self.request.dbsession, user)
        self.request.flash(_("Two-factor sign-in is on."), "success")
        return self.show(codes=codes)

    @view_config(name="renew", request_method="POST")
    def renew(self):
        _form, failed = self.validate(PasswordSchema, "renew", _("New Recovery Codes"))
        if failed is not None:
            return self.show(renew=failed)
        return self.show(codes=new_recovery_codes(self.request.dbsession, self.user))

    @view_config(name="disable", request_method="POST")
    def disable(self):
        _form, failed = self.validate(PasswordSchema, "disable", _("Turn Off"))
        if failed is not None:
            return self.show(disable=failed)
        user = self.user
        user.totp_secret = user.totp_last_step = None
        self.request.dbsession.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        self.request.flash(_("Two-factor sign-in is off."), "info")
        return HTTPSeeOther(page_url(self.request, self.context))


def includeme(config):
    config.add_settings_page("two_factor", TwoFactorPage, _("Two-factor sign-in"), order=40)
