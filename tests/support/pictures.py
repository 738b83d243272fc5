"""Real picture files of every kind an upload may be, made with Pillow for the tests."""

import io
import struct
import zlib

from PIL import ExifTags, Image, ImageDraw

PHP = b"<?php system($_GET['c']); ?>\n"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def picture(width=120, height=80, mode="RGB"):
    """A picture whose halves differ, so that turning it shows."""
    image = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 2, height), fill="red")
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill="blue")
    return image


def save(image, format, **options):
    out = io.BytesIO()
    image.save(out, format, **options)
    return out.getvalue()


def jpeg(width=120, height=80, orientation=None, gps=False, quality=90):
    exif = Image.Exif()
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.Base.Make] = "PhoneMaker"
        exif[ExifTags.Base.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (40.0, 25.0, 1.0),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (3.0, 42.0, 2.0),
        }
    return save(picture(width, height), "JPEG", quality=quality, exif=exif.tobytes())


def png(width=120, height=80, transparent=False):
    image = picture(width, height, "RGBA" if transparent else "RGB")
    if transparent:
        image.putpixel((0, 0), (0, 0, 0, 0))
    return save(image, "PNG")


def webp(width=120, height=80):
    return save(picture(width, height), "WEBP")


def animated_gif(width=60, height=40, frames=3):
    images = [picture(width, height).rotate(i * 90 % 360) for i in range(frames)]
    return save(images[0], "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)


def truncated(data=None):
    data = data or jpeg(400, 300)
    return data[: len(data) * 2 // 3]


def bomb(width=30_000, height=30_000):
    """A PNG of a few dozen bytes whose header promises ``width`` x ``height`` pixels."""
    data = save(Image.new("1", (1, 1)), "PNG")
    ihdr = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + data[33:]


def publish(client, text, files=(), alts=()):
    """Send the home page's post form with ``files`` (``(name, bytes)``) in its picture
    slots and ``alts`` as their descriptions, as a browser would."""
    form = client.get("/").forms["homeview"]
    form["post"] = text
    for slot, (name, data) in zip(form.fields["images"], files, strict=False):
        slot.value = (name, data)
    for position, alt in enumerate(alts):
        form[f"alt_{position}"] = alt
    return form.submit()
