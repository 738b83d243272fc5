"""A mail's subject and bodies, rendered from templates in the language of its reader."""

from contextlib import contextmanager

from pyramid.i18n import make_localizer
from pyramid.interfaces import ILocalizer, ITranslationDirectories
from pyramid.renderers import render

TEMPLATES = "microblog:templates/email/"


def render_mail(request, template, subject, values, locale_name=None):
    """The ``subject``, ``text_body`` and ``html_body`` of a mail, as keyword arguments for
    :meth:`IMailService.send`.

    The bodies come from ``templates/email/<template>.txt.jinja2`` and ``.html.jinja2``; the
    subject (a translation string) and the bodies are in ``locale_name``, by default the
    request's language.
    """
    with _speaking(request, locale_name):
        return {
            "subject": request.localizer.translate(subject),
            "text_body": render(f"{TEMPLATES}{template}.txt.jinja2", values, request=request),
            "html_body": render(f"{TEMPLATES}{template}.html.jinja2", values, request=request),
        }


@contextmanager
def _speaking(request, locale_name):
    """Let ``request.localizer`` (which the templates' ``_`` use) speak ``locale_name``."""
    if not locale_name or locale_name == request.locale_name:
        yield
        return
    registry = request.registry
    localizer = registry.queryUtility(ILocalizer, name=locale_name)
    if localizer is None:
        directories = registry.queryUtility(ITranslationDirectories, default=[])
        localizer = make_localizer(locale_name, directories)
        registry.registerUtility(localizer, ILocalizer, name=locale_name)
    saved = request.__dict__.get("localizer")
    request.localizer = localizer
    try:
        yield
    finally:
        if saved is None:
            del request.localizer
        else:
            request.localizer = saved
