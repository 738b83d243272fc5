"""What every Jinja2 template can use beyond ``request``."""

from babel import Locale, UnknownLocaleError

from .language import same_language
from .models import isoformat


def flashes(request):
    """Pop the queued flash messages as ``(category, text)`` pairs."""
    for item in request.session.pop_flash():
        if isinstance(item, dict):
            yield item.get("category", "info"), item.get("text", "")
        else:
            yield "info", item


def language_name(code):
    """A language's name in itself ("English", "Español"), for the language menu."""
    try:
        name = Locale.parse(code).get_display_name(code)
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def includeme(config):
    def register():
        env = config.get_jinja2_environment()
        env.filters["iso"] = isoformat
        env.globals.update(
            flashes=flashes, language_name=language_name, same_language=same_language
        )

    # after pyramid_jinja2 has made the environment
    config.action(("microblog", "jinja2-globals"), register, order=999)
