"""What every Jinja2 template can use beyond ``request``, and how templates are kept."""

import logging
from pathlib import Path

from babel import Locale, UnknownLocaleError
from jinja2 import FileSystemBytecodeCache, pass_context
from markupsafe import Markup
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


@pass_context
def can(context, permission, row):
    """``can('delete', post)``: whether the ACL of the row's context grants ``permission``
    to the signed-in user (templates never compare ids themselves), decided once per
    kind of ACL (``cards.Decisions``)."""
    return context["request"].decisions.permits(permission, row)


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


# the few icons the pages use, inline: an icon font would cost a stylesheet and a font file
# (paths from Bootstrap Icons, MIT licence)
ICONS = {
    "search": "M11.742 10.344a6.5 6.5 0 1 0-1.397 1.398h-.001q.044.06.098.115l3.85 3.85a1 1 0 0 "
    "0 1.415-1.414l-3.85-3.85a1 1 0 0 0-.115-.1zM12 6.5a5.5 5.5 0 1 1-11 0 5.5 5.5 0 0 1 11 0",
    "bell": "M8 16a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2M8 1.918l-.797.161A4 4 0 0 0 4 6c0 .628-.134 "
    "2.197-.459 3.742-.16.767-.376 1.566-.663 2.258h10.244c-.287-.692-.502-1.49-.663-2.258C12.134 "
    "8.197 12 6.628 12 6a4 4 0 0 0-3.203-3.92zM14.22 12c.223.447.481.801.78 1H1c.299-.199.557-"
    ".553.78-1C2.68 10.2 3 6.88 3 6c0-2.42 1.72-4.44 4.005-4.901a1 1 0 1 1 1.99 0A5 5 0 0 1 13 "
    "6c0 .88.32 4.2 1.22 6",
}


def icon(name, size=16):
    """An inline SVG icon, hidden from assistive technology (its button carries the words)."""
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16"'
        ' fill="currentColor" class="icon" aria-hidden="true" focusable="false">'
        '<path d="{path}"/></svg>'
    ).format(size=size, path=ICONS[name])


def includeme(config):
    config.add_request_method(root_url, reify=True)
    config.add_request_method(site_url)

    def register():
        env = config.get_jinja2_environment()
        env.filters["iso"] = isoformat
        env.globals.update(
            can=can,
            flashes=flashes,
            icon=icon,
            language_name=language_name,
            same_language=same_language,
        )

    # after pyramid_jinja2 has made the environment
    config.action(("microblog", "jinja2-globals"), register, order=999)
