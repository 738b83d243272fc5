"""``/admin``: the moderation queue and its actions, suspensions, roles, the audit trail.

Every action is written to the audit trail (``AuditEntry``) in the same transaction."""

from pyramid.view import view_config, view_defaults
from sqlalchemy import select, update
from zope.sqlalchemy import mark_changed

from ..i18n import _
from ..models import AuditEntry, Report, utcnow
from ..models.moderation import ROLES, set_role, suspend, unsuspend
from ..resources.admin import AdminUserContext, AuditTrail, ReportContext, Reports
from ..security import Permission
from . import Views, redirect_to_next, user_url
from .notices import send_notice
from .pagination import Keyset, Listing, paginate, web_window


def _reports(keys):
    """A page of reports with what they are about, and who is in them (one query)."""
    return Report.with_subjects(select(Report).join(keys, Report.id == keys.c.id))


OPEN_REPORTS = Listing(
    Keyset(Report.created, Report.id, descending=False),
    _reports,
    criteria=(Report.resolved_at.is_(None),),
)
AUDIT = Listing(
    Keyset(AuditEntry.timestamp, AuditEntry.id),
    lambda keys: select(AuditEntry).join(keys, AuditEntry.id == keys.c.id),
)


@view_config(
    context=Reports,
    permission=Permission.MODERATE,
    request_method="GET",
    renderer="microblog:templates/admin/reports.jinja2",
)
def queue(context, request):
    """The open reports, oldest first."""
    return {
        "title": _("Reports"),
        "page": paginate(request, OPEN_REPORTS.of(), web_window(request)),
    }


@view_config(
    context=AuditTrail,
    permission=Permission.ADMINISTER,
    request_method="GET",
    renderer="microblog:templates/admin/audit.jinja2",
)
def audit_trail(context, request):
    return {"title": _("Audit trail"), "page": paginate(request, AUDIT.of(), web_window(request))}


def resolve_open(request, resolution, *criteria):
    """Close the open reports ``criteria`` select (the one acted on, and the reports its
    action settled too)."""
    dbsession = request.dbsession
    dbsession.execute(
        update(Report)
        .where(Report.resolved_at.is_(None), *criteria)
        .values(resolved_at=utcnow(), resolution=resolution, resolved_by_id=request.user.id)
        .execution_options(synchronize_session="fetch")
    )
    mark_changed(dbsession)


@view_defaults(context=ReportContext, request_method="POST", permission=Permission.MODERATE)
class ReportViews(Views):
    @property
    def report(self):
        return self.context.report

    def done(self, action, resolution, message, *criteria):
        request, report = self.request, self.report
        AuditEntry.record(request.dbsession, request.user, action, report.user, report)
        resolve_open(request, resolution, *(criteria or (Report.id == report.id,)))
        request.flash(message, "success")
        return redirect_to_next(request, request.resource_url(self.context.__parent__))

    @view_config(name="dismiss")
    def dismiss(self):
        return self.done("dismiss", "dismissed", _("The report has been dismissed."))

    @view_config(name="delete_post")
    def delete_post(self):
        post = self.report.post
        if post is None:
            return self.dismiss()
        # the reports of the post are settled before it goes (its deletion unlinks them)
        answer = self.done(
            "delete_post",
            "post_deleted",
            _("The post has been deleted."),
            Report.post_id == post.id,
        )
        self.request.dbsession.delete(post)
        return answer

    @view_config(name="warn")
    def warn(self):
        user, report = self.report.user, self.report
        about = report.post.body if report.post is not None else None
        send_notice(
            self.request,
            user,
            user.email,
            _("[Microblog] A warning from the moderators"),
            [
                _(
                    "The moderators looked at a report about your account and ask you to "
                    "keep to the rules of the site: accounts that do not may be suspended."
                ),
                *([_("The post in question: “${body}”", mapping={"body": about})] if about else []),
            ],
        )
        return self.done(
            "warn", "warned", _("${username} has been warned.", mapping={"username": user.username})
        )

    @view_config(name="suspend", permission=Permission.SUSPEND)
    def suspend(self):
        user = self.report.user
        suspend(self.request.dbsession, self.request.user, user, self.report)
        return self.done(
            "suspend",
            "suspended",
            _("${username} has been suspended.", mapping={"username": user.username}),
            Report.user_id == user.id,
        )


@view_defaults(context=AdminUserContext, request_method="POST", permission=Permission.SUSPEND)
class AdminUserViews(Views):
    @property
    def user(self):
        return self.context.user

    def back(self, message):
        self.request.flash(message, "success")
        return redirect_to_next(self.request, user_url(self.request, self.user))

    @view_config(name="suspend")
    def suspend(self):
        suspend(self.request.dbsession, self.request.user, self.user)
        resolve_open(self.request, "suspended", Report.user_id == self.user.id)
        return self.back(
            _("${username} has been suspended.", mapping={"username": self.user.username})
        )

    @view_config(name="unsuspend")
    def unsuspend(self):
        unsuspend(self.request.dbsession, self.request.user, self.user)
        return self.back(
            _("${username} is no longer suspended.", mapping={"username": self.user.username})
        )

    @view_config(name="role", permission=Permission.ADMINISTER)
    def role(self):
        role = self.request.POST.get("role", "")
        if role not in (*ROLES, "none"):
            self.request.flash(_("Choose a role from the list."), "danger")
            return redirect_to_next(self.request, user_url(self.request, self.user))
        set_role(
            self.request.dbsession, self.request.user, self.user, None if role == "none" else role
        )
        return self.back(
            _(
                "${username}'s role is now ${role}.",
                mapping={"username": self.user.username, "role": role},
            )
        )
