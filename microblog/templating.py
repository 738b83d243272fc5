"""What every Jinja2 template can use beyond ``request``."""

from babel import Locale, UnknownLocaleError
from jinja2 import pass_context

from .language import same_language
from .models import isoformat
from .resources import context_for
from .richtext import render


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


@pass_context
def rich(context, entry):
    """A post's body as HTML (``richtext.render``): its links, tags and mentions linked."""
    request = context["request"]
    root = request.root
    return render(
        entry.post.body,
        tag_url=lambda name: request.resource_url(root, "tag", name),
        user_url=lambda username: request.resource_url(root, "user", username),
        known_users=entry.mentions,
    )


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
            can=can,
            flashes=flashes,
            language_name=language_name,
            rich=rich,
            same_language=same_language,
        )

    # after pyramid_jinja2 has made the environment
    config.action(("microblog", "jinja2-globals"), register, order=999)
