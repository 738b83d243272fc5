"""Pillow on real files: what is accepted, what is refused, and what is kept."""

import io

import pytest
from PIL import Image

from microblog.media import images
from microblog.media.images import ImageRefused, encode, encode_avatar, inspect

from ..support import pictures


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pictures.jpeg(), "JPEG"),
        (pictures.png(), "PNG"),
        (pictures.png(transparent=True), "PNG"),
        (pictures.webp(), "WEBP"),
        (pictures.animated_gif(), "GIF"),
    ],
)
def test_every_accepted_kind_is_re_encoded_as_webp_at_its_size(data, kind):
    assert inspect(data).format == kind
    encoded = encode(data)
    display, preview = opened(encoded.display), opened(encoded.preview)
    assert display.format == preview.format == "WEBP"
    assert display.size == (encoded.width, encoded.height)
    assert preview.size == (encoded.preview_width, encoded.preview_height)


def test_gps_and_every_other_exif_field_are_stripped():
    data = pictures.jpeg(gps=True)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the GPS is there
    encoded = encode(data)
    for output in (encoded.display, encoded.preview):
        image = opened(output)
        assert "exif" not in image.info
        assert not image.getexif()
        assert b"PhoneMaker" not in output


def test_the_orientation_is_applied_and_the_sides_swap():
    data = pictures.jpeg(120, 80, orientation=6)  # turned a quarter clockwise
    assert (inspect(data).width, inspect(data).height) == (80, 120)
    display = opened(encode(data).display)
    assert display.size == (80, 120)
    # the red half (left in the stored pixels) is on top once turned
    red, green, blue = display.convert("RGB").getpixel((40, 5))
    assert red > 200 and green < 80 and blue < 80


def test_a_large_picture_is_scaled_to_the_display_and_preview_sizes():
    encoded = encode(pictures.jpeg(3200, 1600))
    assert (encoded.width, encoded.height) == (images.DISPLAY_SIZE, 800)
    assert (encoded.preview_width, encoded.preview_height) == (images.PREVIEW_SIZE, 320)
    assert images.fit(3200, 1600, images.DISPLAY_SIZE) == (1600, 800)


def test_an_animated_gif_stays_animated():
    encoded = encode(pictures.animated_gif(frames=3))
    display = Image.open(io.BytesIO(encoded.display))
    assert display.format == "WEBP" and display.n_frames == 3
    assert opened(encoded.preview).size == (60, 40)


def test_transparency_survives():
    display = opened(encode(pictures.png(transparent=True)).display)
    assert display.mode == "RGBA" and display.getpixel((0, 0))[3] == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pictures.PHP, images.NOT_AN_IMAGE),
        (pictures.SVG_WITH_SCRIPT, images.NOT_AN_IMAGE),
        (b"", images.NOT_AN_IMAGE),
        (pictures.save(pictures.picture(), "BMP"), images.NOT_AN_IMAGE),
        (pictures.truncated(), images.BROKEN),
        (pictures.truncated(pictures.png(400, 300)), images.BROKEN),
        (pictures.bomb(), images.TOO_LARGE),
        (pictures.bomb(9_000, 9_000), images.TOO_LARGE),
    ],
    ids=["php", "svg", "empty", "bmp", "truncated-jpeg", "truncated-png", "bomb", "huge"],
)
def test_what_is_not_a_whole_accepted_picture_is_refused_with_a_reason(data, message):
    with pytest.raises(ImageRefused) as refused:
        inspect(data)
    assert refused.value.message == message


def test_anything_appended_to_a_picture_is_dropped():
    encoded = encode(pictures.jpeg() + pictures.PHP)
    assert b"<?php" not in encoded.display and b"<?php" not in encoded.preview


def test_an_avatar_is_the_centre_square_in_every_size():
    made = encode_avatar(pictures.jpeg(300, 100))
    assert sorted(made) == sorted(images.AVATAR_SIZES)
    for size, data in made.items():
        assert opened(data).size == (size, size)
    # the centre of a picture whose left half is red and whose middle has a blue disc
    red, _green, blue = opened(made[256]).convert("RGB").getpixel((128, 128))
    assert blue > 150 and red < 100
