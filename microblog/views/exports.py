"""``POST /user/{username}/export``: start the export of one's posts (the ``EXPORT`` grant);
``GET /user/{username}/export/{file}``: download an archive too large to mail."""

import logging
import time

from pyramid.httpexceptions import HTTPNotFound, HTTPTemporaryRedirect
from pyramid.response import Response
from pyramid.view import view_config

from ..i18n import _
from ..resources.root import Root
from ..resources.users import UserContext
from ..security import Permission
from ..services.interfaces import IMediaStorage
from ..services.queue import QueueUnavailable
from ..tasks import launch_task
from ..tasks.export import EXPORTS, export_posts
from . import redirect_back, user_url

log = logging.getLogger(__name__)


@view_config(
    context=UserContext, name="export", request_method="POST", permission=Permission.EXPORT
)
def start_export(context, request):
    """One export at a time per user; the mail leaves from a worker when it is done."""
    user = context.user
    try:
        task = launch_task(
            request,
            user,
            export_posts,
            _("Exporting posts…"),
            request.locale_name,
            request.application_url,
        )
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


@view_config(context=UserContext, name="export", request_method="GET", permission=Permission.EXPORT)
def download_export(context, request):
    """``GET /user/{username}/export/{file}``: an archive too large to mail, for a day, to
    its owner only (``{user id}-{expiry}-{random}.zip``)."""
    name = request.subpath[0] if len(request.subpath) == 1 else ""
    parts = name.removesuffix(".zip").split("-")
    if len(parts) != 3 or not name.endswith(".zip") or not parts[1].isdigit():
        raise HTTPNotFound()
    if parts[0] != str(context.user.id) or int(parts[1]) < time.time():
        raise HTTPNotFound()
    try:
        chunks, length = request.find_service(IMediaStorage).stream(EXPORTS + name)
    except KeyError:
        raise HTTPNotFound() from None
    response = Response(app_iter=chunks, content_type="application/zip", content_length=length)
    response.content_disposition = 'attachment; filename="posts.zip"'
    response.cache_control = "private, no-store"
    return response
