"""What every Jinja2 template can use beyond ``request``, and how templates are kept."""

import logging
from pathlib import Path

from babel import Locale, UnknownLocaleError
from jinja2 import FileSystemBytecodeCache
from pyramid.traversal import PATH_SEGMENT_SAFE, quote_path_segment

from .language import same_language
from .models import isoformat

log = logging.getLogger(__name__)


def bytecode_cache(settings):
    """Compiled templates kept under ``var/cache/jinja2``: a new process loads them instead
    of compiling every template again (``None`` where that folder cannot be written).

    Once loaded, a template stays in memory; outside development (``reload_templates``
    off) nothing looks at the template files again.
    """
    directory = Path(settings["microblog.var_dir"]) / "cache" / "jinja2"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("Templates are compiled in every process: %s", error)
        return None
    return FileSystemBytecodeCache(str(directory))


def flashes(request):
    """Pop the queued flash messages as ``(category, text)`` pairs."""
    # popping changes the session, which is then signed and sent again: only when there
    # is something to pop
    if not request.session.peek_flash():
        return
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


def site_url(request, *segments):
    """``request.resource_url(request.root, *segments)`` for a fraction of its cost: a
    page links to users and posts dozens of times, and the site's own URL is worked out
    once per request (``request.root_url``)."""
    quoted = (quote_path_segment(str(segment), safe=PATH_SEGMENT_SAFE) for segment in segments)
    return request.root_url + "/".join(quoted)


def root_url(request):
    return request.resource_url(request.root)


def includeme(config):
    config.add_request_method(root_url, reify=True)
    config.add_request_method(site_url)

    def register():
        env = config.get_jinja2_environment()
        env.filters["iso"] = isoformat
        env.globals.update(
            flashes=flashes, language_name=language_name, same_language=same_language
        )

    # after pyramid_jinja2 has made the environment
    config.action(("microblog", "jinja2-globals"), register, order=999)
