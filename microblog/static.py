"""Assets under ``/static``, with a content hash in every URL so they can be cached forever."""

import hashlib
from importlib.resources import files

from pyramid.static import QueryStringCacheBuster

ONE_YEAR = 365 * 24 * 3600


class ContentHashCacheBuster(QueryStringCacheBuster):
    """``?x=<hash of the file>``: a changed file gets a new URL."""

    def __init__(self, package, folder="static", param="x"):
        super().__init__(param=param)
        self.root = files(package) / folder
        self.tokens = {}

    def tokenize(self, request, path, kw):
        token = self.tokens.get(path)
        if token is None:
            try:
                data = (self.root / path).read_bytes()
            except (FileNotFoundError, IsADirectoryError):
                return "missing"
            token = self.tokens[path] = hashlib.sha256(data).hexdigest()[:12]
        return token


# a page links to a dozen assets; their URLs only change with the site's address
_ASSET_URLS = {}
MAX_ASSET_URLS = 1024  # Host headers are the visitors' to choose where PUBLIC_URL is unset


def asset_url(request, spec):
    """``request.static_url(spec)``, worked out once per site address and process."""
    key = (request.application_url, spec)
    url = _ASSET_URLS.get(key)
    if url is None:
        if len(_ASSET_URLS) >= MAX_ASSET_URLS:
            _ASSET_URLS.clear()
        url = _ASSET_URLS[key] = request.static_url(spec)
    return url


def includeme(config):
    config.add_request_method(asset_url)
    # Deform ships Bootstrap 5 and its icons: served from the installed package, no CDN.
    # Registered first: the more specific prefix must match before "static".
    config.add_static_view("static/deform", "deform:static/", cache_max_age=ONE_YEAR)
    config.add_static_view("static", "microblog:static/", cache_max_age=ONE_YEAR)
    config.add_cache_buster("microblog:static/", ContentHashCacheBuster("microblog"))
    config.add_cache_buster("deform:static/", ContentHashCacheBuster("deform"))
