"""``POST /export_posts``: start the export of the signed-in user's posts."""

import logging

from pyramid.view import view_config

from ..i18n import _
from ..resources.exports import PostsExport
from ..security import Permission
from ..services.queue import QueueUnavailable
from ..tasks import launch_task
from ..tasks.export import export_posts
from . import redirect_back, user_url

log = logging.getLogger(__name__)


@view_config(context=PostsExport, request_method="POST", permission=Permission.EXPORT)
def start_export(context, request):
    """One export at a time per user; the mail leaves from a worker when it is done."""
    try:
        task = launch_task(
            request, context.user, export_posts, _("Exporting posts…"), request.locale_name
        )
    except QueueUnavailable as error:
        log.warning("Export of %s's posts not started: %s", context.user.username, error)
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
    return redirect_back(request, user_url(request, context.user))
