"""The avatars the app draws, and the Gravatar URLs of the opt-in setting."""

import xml.etree.ElementTree as ElementTree

from microblog.avatars import generated_svg, gravatar_url


def test_gravatar_hashes_the_trimmed_lowercased_address():
    assert gravatar_url(" John@Example.com ", 128) == (
        "https://www.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?d=identicon&s=128"
    )


def test_the_same_id_always_gets_the_same_picture():
    generated_svg.cache_clear()
    first = generated_svg(42)
    generated_svg.cache_clear()
    assert generated_svg(42) == first


def test_different_users_get_different_pictures():
    pictures = {generated_svg(user_id) for user_id in range(1, 201)}
    assert len(pictures) == 200


def test_a_picture_is_a_small_valid_svg_that_is_symmetric():
    svg = generated_svg(7)
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(svg) < 1200
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    squares = {
        tuple(int(n) for n in square.split("h")[0].split()) for square in path.split("M")[1:]
    }
    assert squares
    # squares sit at 1..5 inside a 7-wide frame: the mirror of x is 6 - x
    assert squares == {(6 - x, y) for x, y in squares}
