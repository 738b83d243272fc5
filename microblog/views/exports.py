"""``POST /user/{username}/export``: start the export of one's posts (the ``EXPORT`` grant)."""

import logging

from pyramid.httpexceptions import HTTPTemporaryRedirect
from pyramid.view import view_config

from ..i18n import _
from ..resources.root import Root
from ..resources.users import UserContext
from ..security import Permission
from ..services.queue import QueueUnavailable
from ..tasks import launch_task
from ..tasks.export import export_posts
from . import redirect_back, user_url

log = logging.getLogger(__name__)


@view_config(
    context=UserContext, name="export", request_method="POST", permission=Permission.EXPORT
)
def start_export(context, request):
    """One export at a time per user; the mail leaves from a worker when it is done."""
    user = context.user
    try:
        task = launch_task(request, user, export_posts, _("Exporting posts…"), request.locale_name)
    except QueueUnavailable as error:
        log.warning("Export of %s's posts not started: %s", user.username, error)
        request.flash(
            _(
                "Background jobs are unavailable right now, so your posts cannot "
                "be exported. Please try again later."
            ),
            "danger",
        )
    else:
        if task is None:
            request.flash(_("An export task is currently in progress."), "info")
        else:
            request.flash(
                _(
                    "Your posts are being exported. They will be mailed to you "
                    "when the export is complete."
                ),
                "success",
            )
    return redirect_back(request, user_url(request, user))


@view_config(context=Root, name="export_posts", request_method="POST", permission=Permission.VIEW)
def export_posts_alias(context, request):
    """``POST /export_posts`` (the tutorial's address): the signed-in user's own export.
    A 307 keeps the method and the form, so the export's own checks apply to them."""
    return HTTPTemporaryRedirect(user_url(request, request.user, "export"))
