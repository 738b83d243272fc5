"""Avatars: every page, feed and API answer gets a user's picture from :func:`avatar_url`.

``AVATARS=generated`` (the default) serves a small picture drawn from the user's id by the
app itself (``/avatar/{id}.svg``): nothing leaves the site, it works offline, and the same
user always gets the same picture. ``AVATARS=gravatar`` links to Gravatar instead, which
sends a hash of each address to gravatar.com.
"""

import colorsys
import functools
import hashlib
from urllib.parse import urlencode

from .media.avatars import uploaded_avatar_url

GRAVATAR = "https://www.gravatar.com"
# bump when the drawing changes: the URLs change with it, so caches let go of the old ones
GENERATOR_VERSION = "1"
GRID = 5


def avatar_url(request, user, size=80):
    """The URL of ``user``'s picture, ``size`` pixels square (``request.avatar_url``): the
    one they uploaded, if any, else the generated one or Gravatar's."""
    uploaded = uploaded_avatar_url(request, user, size)
    if uploaded:
        return uploaded
    if request.registry.settings["microblog.avatars"] == "gravatar":
        return gravatar_url(user.email, size)
    return request.resource_url(
        request.root, "avatar", f"{user.id}.svg", query={"v": GENERATOR_VERSION}
    )


def gravatar_url(email, size):
    digest = hashlib.md5(email.strip().lower().encode("utf-8")).hexdigest()
    return f"{GRAVATAR}/avatar/{digest}?{urlencode({'d': 'identicon', 's': size})}"


@functools.lru_cache(maxsize=4096)
def generated_svg(user_id):
    """A symmetric 5 by 5 pattern in one colour on a pale ground, drawn from a hash of the id
    (the id alone: the picture says nothing about the account)."""
    digest = hashlib.sha256(f"microblog-avatar:{user_id}".encode()).digest()
    hue = int.from_bytes(digest[:2], "big") / 0xFFFF
    red, green, blue = colorsys.hls_to_rgb(hue, 0.42, 0.55)
    colour = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
    bits = int.from_bytes(digest[2:6], "big")
    half = (GRID + 1) // 2
    squares = []
    for row in range(GRID):
        for column in range(half):
            if bits >> (row * half + column) & 1:
                squares.append((column, row))
                if column != GRID - 1 - column:
                    squares.append((GRID - 1 - column, row))
    if not squares:  # one in 2**15: never draw a blank
        squares = [(2, 2)]
    path = "".join(f"M{x + 1} {y + 1}h1v1h-1z" for x, y in sorted(squares))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 7 7" shape-rendering="crispEdges">'
        f'<rect width="7" height="7" fill="#f1f3f5"/><path fill="{colour}" d="{path}"/></svg>'
    ).encode("ascii")


def includeme(config):
    config.add_request_method(avatar_url, "avatar_url")
