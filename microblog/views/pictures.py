"""What a form with pictures adds to a :class:`~microblog.views.forms.FormView`."""

import logging

from ..i18n import _
from ..media.images import ImageRefused
from ..media.uploads import attach
from ..schemas.media import picture_controls
from ..services.interfaces import StorageUnavailable

log = logging.getLogger(__name__)

UNAVAILABLE = _("Pictures cannot be stored right now. Please try again later.")


class PicturesForm:
    """Mixin for a form whose schema has ``pictures_node()`` (the post form, the reply
    form): it gathers the ``images`` files and their ``alt_N`` descriptions for Deform,
    and :meth:`attach_pictures` stores them on the new post."""

    def controls(self):
        return picture_controls(self.request, super().controls())

    def attach_pictures(self, post, data, form):
        """Store the validated pictures as ``post``'s images; ``None``, or the form shown
        again when one cannot be encoded after all."""
        try:
            attach(self.request, post, data.get("images", []))
        except (ImageRefused, StorageUnavailable) as error:
            log.error("Pictures of a new post not stored: %r", error)
            # nothing of this post may stay: the files written so far go with the abort
            self.request.tm.doom()
            message = getattr(error, "message", UNAVAILABLE)
            return self.fail(form, message, {"post": post.body})
        return None
