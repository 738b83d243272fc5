"""What every Jinja2 template can use beyond ``request``."""

from babel import Locale, UnknownLocaleError
from jinja2 import pass_context
from markupsafe import Markup

from .language import same_language
from .models import isoformat
from .resources import context_for


def flashes(request):
    """Pop the queued flash messages as ``(category, text)`` pairs."""
    for item in request.session.pop_flash():
        if isinstance(item, dict):
            yield item.get("category", "info"), item.get("text", "")
        else:
            yield "info", item


@pass_context
def can(context, permission, row):
    """``can('delete', post)``: whether the ACL of the row's context grants ``permission``
    to the signed-in user (templates never compare ids themselves)."""
    request = context["request"]
    return bool(request.has_permission(permission, context_for(request, row)))


def language_name(code):
    """A language's name in itself ("English", "Español"), for the language menu."""
    try:
        name = Locale.parse(code).get_display_name(code)
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


# the few icons the pages use, inline: an icon font would cost a stylesheet and a font file
# (paths from Bootstrap Icons, MIT licence)
ICONS = {
    "search": "M11.742 10.344a6.5 6.5 0 1 0-1.397 1.398h-.001q.044.06.098.115l3.85 3.85a1 1 0 0 "
    "0 1.415-1.414l-3.85-3.85a1 1 0 0 0-.115-.1zM12 6.5a5.5 5.5 0 1 1-11 0 5.5 5.5 0 0 1 11 0",
}


def icon(name, size=16):
    """An inline SVG icon, hidden from assistive technology (its button carries the words)."""
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16"'
        ' fill="currentColor" class="icon" aria-hidden="true" focusable="false">'
        '<path d="{path}"/></svg>'
    ).format(size=size, path=ICONS[name])


def includeme(config):
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
