"""Reading uploaded pictures with Pillow, and re-encoding them.

Nothing of an upload is kept as sent: every picture is decoded in full and written anew as
WebP, which drops EXIF (GPS positions included), comments and anything appended to the
file, and turns the picture the way its EXIF orientation says. What Pillow cannot decode
completely (not an image, a type it is not allowed to read, a truncated file, too many
pixels) is refused with :class:`ImageRefused`, whose message is meant for the uploader.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageOps, ImageSequence, UnidentifiedImageError

from ..i18n import _

# what an upload may be; the name and the declared type of the file are never trusted
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
# a decompression bomb: a small file that decodes into more pixels than this (a 64
# megapixel camera's picture still fits), or an animation with more pixels in all
MAX_PIXELS = 64_000_000
MAX_ANIMATION_PIXELS = 200_000_000
DISPLAY_SIZE = 1600  # the longest side shown in the lightbox
PREVIEW_SIZE = 640  # the longest side of the grid's pictures (two columns at 2x)
AVATAR_SIZES = (256, 128, 64)
DISPLAY_QUALITY, PREVIEW_QUALITY = 82, 75


class ImageRefused(Exception):
    """The upload is not a picture we accept; ``message`` says why, for its uploader."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


NOT_AN_IMAGE = _("This file is not a JPEG, PNG, WebP or GIF picture.")
BROKEN = _("This picture is damaged or incomplete.")
TOO_LARGE = _(
    "This picture has too many pixels (at most ${max} million).",
    mapping={"max": MAX_PIXELS // 1_000_000},
)


@dataclass
class Inspected:
    """What a full decode of an upload found: its format, its size once turned the way its
    orientation says, and its number of frames."""

    format: str
    width: int
    height: int
    frames: int

    @property
    def pixels(self):
        return self.width * self.height


@dataclass
class Encoded:
    """A re-encoded picture: the display size and the preview, WebP bytes and sizes."""

    display: bytes
    preview: bytes
    width: int
    height: int
    preview_width: int
    preview_height: int


def fit(width, height, longest):
    """``(width, height)`` scaled down (never up) so that the longest side is ``longest``,
    rounded as Pillow's ``thumbnail`` rounds them."""
    if max(width, height) <= longest:
        return width, height
    if width >= height:
        return longest, max(1, round(height * longest / width))
    return max(1, round(width * longest / height)), longest


def _open(data):
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse both
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageRefused(TOO_LARGE) from None
        except (UnidentifiedImageError, ValueError, SyntaxError, OSError):
            raise ImageRefused(NOT_AN_IMAGE) from None
    if image.width * image.height > MAX_PIXELS:
        raise ImageRefused(TOO_LARGE)
    return image


def _oriented_size(image):
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    if orientation in (5, 6, 7, 8):  # turned a quarter: the sides swap
        return image.height, image.width
    return image.width, image.height


def inspect(data):
    """Decode ``data`` completely (every frame) and describe it; raise
    :class:`ImageRefused` when it cannot be."""
    image = _open(data)
    try:
        frames = getattr(image, "n_frames", 1)
        if frames * image.width * image.height > MAX_ANIMATION_PIXELS:
            raise ImageRefused(TOO_LARGE)
        width, height = _oriented_size(image)
        if image.format == "JPEG":
            # a reduced decode still reads every byte, so it finds truncation, at an
            # eighth of the cost of the full one
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        for frame in ImageSequence.Iterator(image):
            frame.load()
        return Inspected(image.format, width, height, frames)
    except ImageRefused:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise ImageRefused(BROKEN) from None
    finally:
        image.close()


def _flat(frame):
    """A frame in a mode WebP writes: RGBA when it has any transparency, RGB otherwise."""
    if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
        return frame.convert("RGBA")
    return frame.convert("RGB")


def _webp(image, quality, **options):
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    if icc:  # colours, not private: kept so that wide-gamut pictures look as shot
        options["icc_profile"] = icc
    image.save(out, "WEBP", quality=quality, method=4, **options)
    return out.getvalue()


def _resized(image, longest):
    size = fit(image.width, image.height, longest)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(data):
    """The display size and the preview of the picture in ``data`` (WebP; an animated
    GIF or WebP stays animated at the display size, its first frame is the preview)."""
    image = _open(data)
    try:
        frames = getattr(image, "n_frames", 1)
        if frames > 1:
            display, first = _animation(image)
        else:
            if image.format == "JPEG":
                image.draft("RGB", fit(image.width, image.height, DISPLAY_SIZE))
            first = _flat(ImageOps.exif_transpose(image))
            shown = _resized(first, DISPLAY_SIZE)
            display = (_webp(shown, DISPLAY_QUALITY), shown.size)
        preview = _resized(first, PREVIEW_SIZE)
        data, (width, height) = display
        return Encoded(
            data, _webp(preview, PREVIEW_QUALITY), width, height, preview.width, preview.height
        )
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageRefused(BROKEN) from None
    finally:
        image.close()


def _animation(image):
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        frames.append(_resized(_flat(ImageOps.exif_transpose(frame)), DISPLAY_SIZE))
        durations.append(frame.info.get("duration", 100) or 100)
    out = io.BytesIO()
    frames[0].save(
        out,
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=image.info.get("loop", 0),
        quality=DISPLAY_QUALITY,
        method=4,
    )
    return (out.getvalue(), frames[0].size), frames[0]


def encode_avatar(data):
    """``{size: WebP bytes}``: the picture cropped to its centre square, at each of
    ``AVATAR_SIZES`` (the first frame of an animation)."""
    image = _open(data)
    try:
        if image.format == "JPEG":
            image.draft("RGB", (AVATAR_SIZES[0], AVATAR_SIZES[0]))
        square = ImageOps.fit(
            _flat(ImageOps.exif_transpose(image)),
            (AVATAR_SIZES[0], AVATAR_SIZES[0]),
            Image.Resampling.LANCZOS,
        )
        return {
            size: _webp(square if size == AVATAR_SIZES[0] else _resized(square, size), 85)
            for size in AVATAR_SIZES
        }
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageRefused(BROKEN) from None
    finally:
        image.close()
