"""gzip for the app's answers: pages, JSON, scripts, stylesheets and SVG.

A tween compresses any such response of at least ``MIN_SIZE`` bytes for a client that
accepts gzip (nginx passes them on as they are). Assets under ``/static`` are the same
bytes for every visitor, so their compressed form is kept in memory.
"""

import functools
import gzip
import hashlib

COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/atom+xml",
    "application/xml",
    "image/svg+xml",
}
# below this a gzip header and a round of work buy nothing
MIN_SIZE = 512
LEVEL = 6


@functools.lru_cache(maxsize=128)
def _compress_asset(digest, body):
    return gzip.compress(body, compresslevel=LEVEL, mtime=0)


def compress(request, response):
    """``response``, its body gzipped when that is worth it and the client takes it."""
    if (
        request.method == "HEAD"
        or response.status_int in (204, 206, 304)
        or response.content_encoding
        or response.content_type not in COMPRESSIBLE
        # no Accept-Encoding at all means "anything" to HTTP, but plain text in practice
        or "Accept-Encoding" not in request.headers
        or not request.accept_encoding.acceptable_offers(["gzip"])
    ):
        return response
    body = response.body
    if len(body) < MIN_SIZE:
        return response
    if request.path_info.startswith("/static/"):
        response.body = _compress_asset(hashlib.blake2b(body).digest(), body)
    else:
        response.body = gzip.compress(body, compresslevel=LEVEL, mtime=0)
    response.content_encoding = "gzip"
    if response.etag:
        # another representation, so another validator
        response.etag = f"{response.etag}-gzip"
    response.vary = (*(response.vary or ()), "Accept-Encoding")
    return response


def compression_tween_factory(handler, registry):
    def compression_tween(request):
        return compress(request, handler(request))

    return compression_tween


def includeme(config):
    config.add_tween("microblog.compression.compression_tween_factory")
