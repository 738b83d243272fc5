"""Translation strings and the choice of language for each request.

Page scripts get their strings from here too: an area registers them with
``config.add_js_messages(key=_("Text with ${name}"))``, the layout writes them, translated
for the request, into ``<script type="application/json" id="js-messages">``, and scripts
read them with ``microblog.t("key", {name: ...})``.
"""

from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("microblog")

LOCALE_COOKIE = "_LOCALE_"
JS_MESSAGES = "microblog.js_messages"


def negotiate_locale(request):
    """The visitor's explicit choice (a cookie), else ``Accept-Language``, else the first."""
    languages = request.registry.settings["microblog.languages"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_language.lookup(languages, default=languages[0])


def add_js_messages(config, **messages):
    """Config directive: strings page scripts need, by key. Two areas claiming one key
    is a configuration conflict."""

    def register(key, message):
        config.registry.setdefault(JS_MESSAGES, {})[key] = message

    for key, message in messages.items():
        config.action(
            ("microblog.js_message", key), lambda key=key, message=message: register(key, message)
        )


def js_messages(request):
    """Every registered script string, translated for this request."""
    translate = request.localizer.translate
    return {
        key: translate(message)
        for key, message in sorted(request.registry.get(JS_MESSAGES, {}).items())
    }


def includeme(config):
    config.set_locale_negotiator(negotiate_locale)
    config.add_translation_dirs("colander:locale/", "deform:locale/", "microblog:locale/")
    config.add_directive("add_js_messages", add_js_messages)
    config.add_request_method(js_messages, "js_messages", reify=True)
    config.add_js_messages(
        network_error=_("The server could not be reached. Check your connection and try again."),
        close=_("Close"),
    )
