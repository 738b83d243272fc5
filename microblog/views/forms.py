"""A small form-view base: bind a colander schema, render it with Deform, validate a POST.

Also points Deform at our Bootstrap 5 template overrides and at the request's translator.
"""

from functools import cache
from importlib.resources import files

import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.settings import asbool
from pyramid.threadlocal import get_current_request
from pyramid.view import view_config

from ..i18n import _
from ..security.sessions import CSRF_SLOT
from . import Views

FORM_PAGE = "microblog:templates/form.jinja2"
BLANK_FORMS = "microblog.blank_forms"


class form_view(view_config):
    """``view_config`` for a :class:`FormView`: GET shows the form, POST sends it; the
    page is ``FORM_PAGE`` unless told otherwise."""

    def __init__(self, **settings):
        settings.setdefault("request_method", ("GET", "POST"))
        settings.setdefault("renderer", FORM_PAGE)
        super().__init__(**settings)


def focus_first_field(schema):
    """Give the first visible field the focus. Deform's own choice only counts fields whose
    type is exactly one of colander's, and ours are ``schemas.base.Text``."""
    for node in schema.children:
        if not isinstance(getattr(node, "widget", None), deform.widget.HiddenWidget):
            node.autofocus = "on"
            return


def focus_first_error(form):
    """On a form shown again, the focus goes to the first field at fault (where the reader
    has to go next: a refused sign-in's password), not to the first field."""
    at_fault = [child for child in form.children if child.error is not None]
    if at_fault:
        for child in form.children:
            child.autofocus = None
        at_fault[0].autofocus = "autofocus"


class FormView(Views):
    """Subclasses set ``schema``, ``title`` and the ``submit`` button's label, and
    implement ``success``."""

    schema = None
    submit = _("Submit")
    title = None
    # "on": the first field takes the focus when the page opens
    focus = "on"
    # True where the form a GET shows depends on nothing but the language (not on the
    # reader, nor on the context): it is rendered once per language, and each reader's
    # CSRF token put in (a page then binds no schema and renders no widget)
    blank_form_kept = False

    def bind(self):
        """Extra values the schema's deferred validators and defaults need."""
        return {}

    def appstruct(self):
        """The values a GET shows."""
        return {}

    def page(self):
        """Extra values for the template."""
        return {}

    def controls(self):
        """The submitted fields, as Deform reads them."""
        return self.request.POST.items()

    def make_form(self):
        schema = self.schema().bind(request=self.request, context=self.context, **self.bind())
        if self.focus == "on":
            focus_first_field(schema)
        button = deform.Button("submit", self.submit)
        form = deform.Form(
            schema, buttons=(button,), formid=type(self).__name__.lower(), focus=self.focus
        )
        # file fields need the multipart encoding
        if any(getattr(node.widget, "accept", None) for node in schema.children):
            form.enctype = "multipart/form-data"
        return form

    def __call__(self):
        if self.request.method == "POST":
            form = self.make_form()
            try:
                data = form.validate(self.controls())
            except deform.ValidationFailure as failure:
                self.focus_error(failure.field)
                return self.show(failure.render())
            data.pop("csrf_token", None)
            return self.success(data, form)
        return self.show(self.blank_form())

    def blank_form(self):
        """The form a GET shows."""
        if not self.blank_form_kept:
            return self.make_form().render(self.appstruct())
        kept = self.request.registry.setdefault(BLANK_FORMS, {})
        key = (type(self), self.request.locale_name)
        token = self.request.session.get_csrf_token()
        html = kept.get(key)
        if html is None:
            blank = self.make_form().render(self.appstruct())
            html = kept[key] = blank.replace(token, CSRF_SLOT)
        return html.replace(CSRF_SLOT, token)

    def fail(self, form, message, appstruct, field=None):
        """Show the form again, filled with ``appstruct``, with ``message`` on ``field``
        (highlighted), or above the form when no one field is at fault."""
        error = colander.Invalid(form.schema, None if field else message)
        if field:
            error[field] = message
        form.widget.handle_error(form, error)
        self.focus_error(form)
        return self.show(form.render(appstruct))

    def focus_error(self, form):
        if self.focus == "on":
            focus_first_error(form)

    def show(self, rendered_form):
        return {"form": rendered_form, "title": self.title, **self.page()}

    def success(self, data, form):
        raise NotImplementedError


class AnonymousFormView(FormView):
    """A form for visitors who are not signed in (sign in, register, reset a password);
    the signed-in are sent on by :meth:`signed_in`."""

    def __call__(self):
        if self.request.user is not None:
            return self.signed_in()
        return super().__call__()

    def signed_in(self):
        return HTTPSeeOther(self.request.resource_url(self.request.root))


def translate_for_deform(term):
    request = get_current_request()
    return request.localizer.translate(term) if request is not None else term


def includeme(config):
    reload = asbool(config.get_settings().get("pyramid.reload_templates"))
    config.action(("microblog", "deform-renderer"), use_form_renderer, args=(reload,))
    # static/js/forms.js: the counter under texts with a length limit
    config.add_js_messages(
        char_count=_("${count} / ${max}"),
        text_too_long=_("Too long: shorten it to ${max} characters to send it."),
    )


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
