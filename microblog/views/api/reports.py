"""``/api/reports``: reporting a post, a message or an account (201), and reading back
one's own report."""

from pyramid.view import view_defaults

from ...models import Message, Post, Report, User, isoformat
from ...resources import context_for
from ...resources.api import ApiReportContext, ApiReports
from ...schemas.reports import NewReportSchema
from ...security import Permission
from ...services.throttle import POST, spend
from .. import Views
from . import api_view
from .inputs import bad_request, validated
from .representations import api_url, created

TARGETS = {"post_id": Post, "message_id": Message, "user_id": User}


def report_dict(request, report):
    return {
        "id": report.id,
        "post_id": report.post_id,
        "message_id": report.message_id,
        "user_id": report.user_id,
        "reason": report.reason,
        "created": isoformat(report.created),
        "status": "open" if report.resolved_at is None else "closed",
        "_links": {"self": api_url(request, "reports", report.id)},
    }


@view_defaults(context=ApiReports)
class ApiReportsViews(Views):
    @api_view(request_method="POST", permission=Permission.REPORT)
    def create(self):
        request = self.request
        data = validated(request, NewReportSchema)
        given = [field for field in TARGETS if data[field] is not None]
        if len(given) != 1:
            raise bad_request("Give exactly one of post_id, message_id and user_id.")
        (field,) = given
        row = request.dbsession.get(TARGETS[field], data[field])
        # the web's rules (``post_acl``, ``message_acl``, ``user_acl``)
        if row is None or not request.has_permission(Permission.REPORT, context_for(request, row)):
            # one's own post or account, a message one did not receive, or nothing at all
            raise bad_request(f"{field}: nothing there that you can report.")
        spend(request, POST, "user", request.user.id)
        report = Report.about(row, request.user, data["reason"])
        return created(request, report, report_dict, "reports")


@api_view(context=ApiReportContext, request_method="GET", permission=Permission.VIEW)
def show(context, request):
    return report_dict(request, context.report)
