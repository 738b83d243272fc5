"""Microblog: the Flask Mega-Tutorial's social blog, built with Pyramid."""

from pyramid.config import Configurator

from .logs import configure_logging
from .settings import load_settings
from .templating import bytecode_cache


def main(global_config=None, **ini_settings):
    """The WSGI application (``paste.app_factory``)."""
    here = (global_config or {}).get("here")
    settings = load_settings(ini_settings, here=here)
    configure_logging(settings)
    settings.setdefault("jinja2.i18n.domain", "microblog")
    settings.setdefault("jinja2.trim_blocks", "true")
    settings.setdefault("jinja2.lstrip_blocks", "true")
    settings.setdefault("jinja2.bytecode_caching", bytecode_cache(settings) or False)
    with Configurator(settings=settings) as config:
        config.include("pyramid_jinja2")
        config.include("pyramid_services")
        config.include(".ingress")  # refuse addresses that are not text; apply PUBLIC_URL
        config.include(".models")  # engine, request.dbsession, pyramid_tm, retry
        config.include(".security")  # policy, sessions, CSRF, request.user
        config.include(".i18n")  # locale negotiation and catalogs
        config.include(".language")  # language detection, ready before the first post
        config.include(".static")  # assets under /static, cache-busted
        config.include(".compression")  # gzip for pages, JSON and assets
        config.include(".headers")  # CSP (nothing inline or foreign), no framing, nosniff
        config.include(".templating")  # template globals and filters
        config.include(".avatars")  # request.avatar_url: generated pictures or Gravatar
        config.include(".cards")  # request.cards: the posts of a list, worked out per page
        config.include(".services.mail")  # var/mail/ files or SMTP; error reports to admins
        config.include(".services.search")  # full-text search, the index kept in step
        config.include(".services.translate")  # the translator TRANSLATOR names, cached
        config.include(".services.queue")  # RQ on REDIS_URL or the embedded Redis
        config.include(".media")  # pictures: MEDIA_BACKEND's storage, files of deleted rows
        config.include(".services.throttle")  # rate limits, counted in the queue's Redis
        config.include(".tasks")  # background tasks: launching, progress alerts
        config.include(".views.forms")  # Deform renderer
        config.include(".resources")  # the traversal root
        config.include(".views")  # every view, by scan
    return config.make_wsgi_app()
