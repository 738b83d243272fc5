"""Translation strings and the choice of language for each request."""
from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("microblog")

LOCALE_COOKIE = "_LOCALE_"


def negotiate_locale(request):
    """The visitor's explicit choice (a cookie), else ``Accept-Language``, else the first."""
    languages = request.registry.settings["microblog.languages"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_language.lookup(languages, default=languages[0])


def includeme(config):
    config.set_locale_negotiator(negotiate_locale)
    config.add_translation_dirs("colander:locale/", "deform:locale/", "microblog:locale/")
