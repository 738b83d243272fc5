"""Pictures in forms: the post form's ``images`` (with ``alt_0`` ... ``alt_3``), the
profile's ``avatar``, and the API's upload; each file is decoded in full while the form
is validated, so that a refusal shows on its field and nothing is stored."""

from types import SimpleNamespace as Slot

import colander
import deform

from ..i18n import _
from ..media.images import ACCEPT, ImageRefused
from ..media.uploads import read_picture
from ..models.media import DESCRIPTION_MAX_LENGTH, MAX_PER_POST
from ..text import has_forbidden_characters
from .base import CONTROL_CHARACTERS

TOO_MANY = _("At most ${max} pictures per post.")
DESCRIPTION_TOO_LONG = _("A description holds at most ${max} characters.")
A_FILE = _("${name}: ${problem}")


def has_file(upload):
    """True for an uploaded file; an empty file field arrives as an empty string."""
    return getattr(upload, "filename", None) is not None and hasattr(upload, "file")


def clean_description(node, text):
    text = " ".join((text or "").split())
    if has_forbidden_characters(text):
        raise colander.Invalid(node, CONTROL_CHARACTERS)
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise colander.Invalid(
            node, _(DESCRIPTION_TOO_LONG, mapping={"max": DESCRIPTION_MAX_LENGTH})
        )
    return text


def refused(node, upload, error):
    # the reason is translated (and its own placeholders filled) before it is placed in
    # the message: a translation string inside another's mapping keeps its placeholders
    translate = node.bindings["request"].localizer.translate
    name = getattr(upload, "filename", "") or translate(_("The file"))
    return colander.Invalid(
        node, _(A_FILE, mapping={"name": name, "problem": translate(error.message)})
    )


class Pictures(colander.SchemaType):
    """Up to ``MAX_PER_POST`` uploads with their descriptions: the value sent is a list of
    ``(upload, description)`` (see :func:`picture_controls`), the value deserialized a
    list of :class:`~microblog.media.uploads.Picture`, each decoded in full."""

    def serialize(self, node, appstruct):
        return colander.null

    def deserialize(self, node, cstruct):
        if not cstruct:
            return []
        max_bytes = node.bindings["request"].registry.settings["microblog.media_max_bytes"]
        chosen = [(upload, text) for upload, text in cstruct if has_file(upload)]
        if len(chosen) > MAX_PER_POST:
            raise colander.Invalid(node, _(TOO_MANY, mapping={"max": MAX_PER_POST}))
        pictures = []
        for upload, text in chosen:
            description = clean_description(node, text)
            try:
                pictures.append(read_picture(upload, max_bytes, description))
            except ImageRefused as error:
                raise refused(node, upload, error) from None
        return pictures


class PicturesWidget(deform.widget.Widget):
    """A file field and a description (alt text) field per picture, named as the post
    form's contract says (``images``, ``alt_0`` ...); ``media.js`` shows previews."""

    template = readonly_template = "pictures"
    count = MAX_PER_POST
    accept = ACCEPT

    def serialize(self, field, cstruct, **kw):
        slots = [
            Slot(
                id=field.oid if n == 0 else f"{field.oid}-{n}",
                label=_("Picture ${number}", mapping={"number": n + 1}),
                alt_name=f"alt_{n}",
                alt_id=f"{field.oid}-alt-{n}",
                alt_label=_(
                    "Description of picture ${number}, for people who cannot see it",
                    mapping={"number": n + 1},
                ),
            )
            for n in range(self.count)
        ]
        return field.renderer(
            self.template,
            field=field,
            widget=self,
            slots=slots,
            max_description=DESCRIPTION_MAX_LENGTH,
            **kw,
        )

    def deserialize(self, field, pstruct):
        return pstruct if pstruct else colander.null


def pictures_node(**kw):
    return colander.SchemaNode(
        Pictures(),
        name="images",
        title=_("Pictures"),
        missing=[],
        widget=PicturesWidget(),
        **kw,
    )


def picture_controls(request, controls):
    """The form's fields as Deform reads them, with the ``images`` files and their
    ``alt_N`` descriptions gathered into one ``images`` value (the N-th file part, empty
    ones included, goes with ``alt_N``)."""
    uploads = request.POST.getall("images")
    gathered = [
        (upload, request.POST.get(f"alt_{position}", "")) for position, upload in enumerate(uploads)
    ]
    kept = [
        (name, value)
        for name, value in controls
        if name != "images" and not (name.startswith("alt_") and name[4:].isdigit())
    ]
    return [*kept, ("images", gathered)]


class AvatarUpload(colander.SchemaType):
    """One picture file, decoded in full; empty when no file was chosen."""

    def serialize(self, node, appstruct):
        return colander.null

    def deserialize(self, node, cstruct):
        if not has_file(cstruct):
            return None
        max_bytes = node.bindings["request"].registry.settings["microblog.media_max_bytes"]
        try:
            return read_picture(cstruct, max_bytes)
        except ImageRefused as error:
            raise refused(node, cstruct, error) from None


class FileWidget(deform.widget.Widget):
    """A plain ``<input type="file">`` (Deform's own needs a temporary store)."""

    template = readonly_template = "picture_file"
    accept = ACCEPT

    def serialize(self, field, cstruct, **kw):
        return field.renderer(self.template, field=field, widget=self, **kw)

    def deserialize(self, field, pstruct):
        return pstruct if has_file(pstruct) else colander.null


def avatar_nodes():
    """The edit profile form's ``avatar`` file and ``remove_avatar`` checkbox."""
    avatar = colander.SchemaNode(
        AvatarUpload(),
        name="avatar",
        title=_("Picture"),
        description=_("A JPEG, PNG, WebP or GIF picture; its centre square is kept."),
        missing=None,
        widget=FileWidget(),
    )
    remove = colander.SchemaNode(
        colander.Boolean(),
        name="remove_avatar",
        title=_("Remove my picture (use the generated one)"),
        missing=False,
        widget=deform.widget.CheckboxWidget(),
    )
    return avatar, remove
