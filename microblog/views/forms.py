"""A small form-view base: bind a colander schema, render it with Deform, validate a POST.

Also points Deform at our Bootstrap 5 template overrides and at the request's translator.
"""

from functools import cache
from importlib.resources import files

import colander
import deform
from pyramid.settings import asbool
from pyramid.threadlocal import get_current_request

FORM_PAGE = "microblog:templates/form.jinja2"


class FormView:
    """Subclasses set ``schema``, ``buttons`` and ``title`` and implement ``success``."""

    schema = None
    buttons = ()
    title = None

    def __init__(self, context, request):
        self.context, self.request = context, request

    def bind(self):
        """Extra values the schema's deferred validators and defaults need."""
        return {}

    def appstruct(self):
        """The values a GET shows."""
        return {}

    def page(self):
        """Extra values for the template."""
        return {}

    def make_form(self):
        schema = self.schema().bind(request=self.request, context=self.context, **self.bind())
        return deform.Form(schema, buttons=self.buttons, formid=type(self).__name__.lower())

    def __call__(self):
        form = self.make_form()
        if self.request.method == "POST":
            try:
                data = form.validate(self.request.POST.items())
            except deform.ValidationFailure as failure:
                return self.show(failure.render())
            data.pop("csrf_token", None)
            return self.success(data, form)
        return self.show(form.render(self.appstruct()))

    def fail(self, form, message, appstruct):
        """Show the form again, filled with ``appstruct``, with ``message`` above it."""
        form.widget.handle_error(form, colander.Invalid(form.schema, message))
        return self.show(form.render(appstruct))

    def show(self, rendered_form):
        return {"form": rendered_form, "title": self.title, **self.page()}

    def success(self, data, form):
        raise NotImplementedError


def translate_for_deform(term):
    request = get_current_request()
    return request.localizer.translate(term) if request is not None else term


def includeme(config):
    reload = asbool(config.get_settings().get("pyramid.reload_templates"))
    config.action(("microblog", "deform-renderer"), use_form_renderer, args=(reload,))


def use_form_renderer(reload=False):
    # Deform's renderer is process-wide, so one is built (and its templates compiled) per
    # process, however many applications the process makes (the tests make many)
    deform.Form.set_default_renderer(form_renderer(reload))
    # Bootstrap 5 shows field messages only beside an input marked ``is-invalid``
    deform.widget.Widget.error_class = "is-invalid"


@cache
def form_renderer(reload=False):
    """Deform's renderer, looking in our overrides first, its templates compiled.

    Chameleon looks at a template's file again before each use only where templates
    reload (development): a page then touches no file.
    """
    renderer = deform.ZPTRendererFactory(
        search_path=[
            _path("microblog", "templates/deform"),
            _path("deform", "templates"),
        ],
        translator=translate_for_deform,
        auto_reload=reload,
    )
    compile_form_templates(renderer)
    return renderer


class _EveryWidget(colander.Schema):
    text = colander.SchemaNode(colander.String())
    area = colander.SchemaNode(colander.String(), widget=deform.widget.TextAreaWidget())
    secret = colander.SchemaNode(colander.String(), widget=deform.widget.PasswordWidget())
    hidden = colander.SchemaNode(colander.String(), widget=deform.widget.HiddenWidget())
    flag = colander.SchemaNode(colander.Boolean(), widget=deform.widget.CheckboxWidget())


def compile_form_templates(renderer):
    """Render every widget we use once, with and without errors, at start-up.

    Chameleon compiles a template on its first use; several threads compiling at once on a
    fresh server can fail inside Python's compiler (``SystemError: AST constructor recursion
    depth mismatch``), so the first requests must find them compiled already.
    """
    form = deform.Form(_EveryWidget(), buttons=("submit",), renderer=renderer)
    form.render()
    try:
        form.validate([])
    except deform.ValidationFailure as failure:
        failure.render()


def _path(package, folder):
    return str(files(package) / folder)
