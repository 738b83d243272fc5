"""The committed catalogs are complete, and in step with the sources and with their .mo."""

import gettext
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from microblog.scripts import catalogs, extraction

LOCALE_DIR = catalogs.LOCALE_DIR
SPANISH_PO = catalogs.po_path(LOCALE_DIR, "es")
ALL_PO = catalogs.po_files(LOCALE_DIR)


def msgids(catalog):
    return {(message.id, message.context) for message in catalog if message.id}


@pytest.fixture(scope="module")
def extracted():
    return extraction.extract()


@pytest.fixture(scope="module")
def spanish():
    return catalogs.read_catalog(SPANISH_PO, locale="es")


def test_every_string_of_the_sources_is_in_the_spanish_catalog(extracted, spanish):
    missing = sorted(str(msgid) for msgid in msgids(extracted) - msgids(spanish))
    assert not missing, (
        "strings missing from the Spanish catalog (run `microblog translate "
        f"update`, then translate them): {missing}"
    )


def test_the_spanish_catalog_holds_no_string_the_sources_do_not_use(extracted, spanish):
    stale = sorted(str(msgid) for msgid in msgids(spanish) - msgids(extracted))
    assert not stale, f"run `microblog translate update`: {stale}"


def test_the_committed_template_is_up_to_date(extracted):
    template = catalogs.read_catalog(LOCALE_DIR / "microblog.pot")
    assert msgids(template) == msgids(extracted), "run `microblog translate update`"


def test_the_spanish_catalog_is_completely_translated(spanish):
    untranslated = [m.id for m in spanish if m.id and not catalogs._translated(m)]
    fuzzy = [m.id for m in spanish if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy (check them, then remove the fuzzy flag): {fuzzy}"
    assert catalogs.statistics(spanish)[0] == len(msgids(spanish))


def babel_rule(locale):
    """The plural rule the installed Babel's CLDR data gives ``locale``: the catalogs follow
    it, so a new Babel in the lock is a catalog update (`microblog translate update`)."""
    return Catalog(locale=locale)


def test_the_spanish_catalog_follows_the_plural_rule_of_the_installed_babel(spanish):
    rule = babel_rule("es")
    assert spanish.plural_forms == rule.plural_forms
    assert f"Plural-Forms: nplurals={rule.num_plurals}; " in SPANISH_PO.read_text()
    plural_messages = [m for m in spanish if m.pluralizable]
    assert plural_messages
    assert all(len(m.string) == rule.num_plurals for m in plural_messages)


@pytest.mark.parametrize("po", ALL_PO, ids=lambda path: path.parent.parent.name)
def test_translations_keep_their_placeholders(po):
    assert catalogs.problems(catalogs.read_catalog(po, locale=po.parent.parent.name)) == []


@pytest.mark.parametrize("po", ALL_PO, ids=lambda path: path.parent.parent.name)
def test_the_committed_mo_file_is_in_step_with_its_po_file(po):
    catalog = catalogs.read_catalog(po, locale=po.parent.parent.name)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run `microblog translate compile` to make {mo}"
    with mo.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    assert _messages_of_mo(compiled) == _messages_of_po(catalog), (
        f"{mo} is out of step with {po.name}: run `microblog translate compile`"
    )
    babel_plural = gettext.c2py(babel_rule(po.parent.parent.name).plural_expr)
    for n in (0, 1, 2, 5, 21, 1_000_000, 2_000_000, 1_000_001):
        assert compiled.plural(n) == babel_plural(n), f"{mo}: plural form of {n}"


def _messages_of_mo(translations):
    return {key: value for key, value in translations._catalog.items() if key != ""}


def _messages_of_po(catalog):
    expected = {}
    for message in catalog:
        if not message.id or message.fuzzy or not catalogs._translated(message):
            continue
        if isinstance(message.id, (list, tuple)):
            for index, string in enumerate(message.string):
                expected[(message.id[0], index)] = string
        else:
            expected[message.id] = message.string
    return expected


def test_the_package_data_ships_the_catalogs():
    pyproject = (Path(catalogs.PACKAGE_DIR).parent / "pyproject.toml").read_text()
    assert '"locale/**/*"' in pyproject
    assert (LOCALE_DIR / "es" / "LC_MESSAGES" / "microblog.mo").is_file()


# -- extraction ------------------------------------------------------------------------------


@pytest.fixture
def sources(tmp_path):
    """A small package to extract from."""
    package = tmp_path / "pkg"
    (package / "templates").mkdir(parents=True)
    (package / "views.py").write_text(
        "from .i18n import _\n"
        'GREETING = _("Hello ${name}", mapping={"name": "ana"})\n'
        'OTHER = _("Two " "parts")  # a plain remark\n'
        "# TRANSLATORS: the name of the site\n"
        'SITE = _("Microblog")\n'
        "def f(request, n):\n"
        '    return request.localizer.pluralize("one cat", "${n} cats", n, domain="microblog")\n'
    )
    (package / "templates" / "page.jinja2").write_text(
        "<h1>{{ _(title) }}</h1>\n"
        "<p>{{ _('Hi, ${username}!', mapping={'username': user}) }}</p>\n"
        "{% for x in items %}{{ gettext('In a loop') }}{% endfor %}\n"
        "<p>{{ ngettext('%(num)d post', '%(num)d posts', n)|format(num=n) }}</p>\n"
    )
    (package / "templates" / "deform.pt").write_text(
        '<p i18n:domain="deform" i18n:translate="">Not ours</p>\n'
    )
    (package / "locale").mkdir()
    (package / "locale" / "ignored.py").write_text('_("Never extracted")\n')
    return package


def test_extraction_reads_python_and_jinja2_and_skips_dynamic_messages(sources):
    template = extraction.extract(sources)
    assert msgids(template) == {
        ("Hello ${name}", None),
        ("Two parts", None),
        ("Hi, ${username}!", None),
        ("In a loop", None),
        (("%(num)d post", "%(num)d posts"), None),
        (("one cat", "${n} cats"), None),
        ("Microblog", None),
    }
    assert template.get("Microblog").auto_comments == ["the name of the site"]
    assert template.get("Two parts").auto_comments == []
    assert template.get("Hi, ${username}!").locations == [("pkg/templates/page.jinja2", None)]


def test_a_template_that_does_not_parse_stops_the_extraction(sources):
    (sources / "templates" / "broken.jinja2").write_text("{{ _('Fine') }} {% if %}")
    with pytest.raises(Exception, match="Expected an expression"):
        extraction.extract(sources)


# -- merging and compiling -------------------------------------------------------------------


def make_template(*ids):
    template = catalogs.new_catalog()
    for msgid in ids:
        template.add(msgid, locations=[("pkg/x.py", None)])
    return template


def test_merging_keeps_translations_and_drops_what_the_sources_lost(tmp_path):
    catalog = catalogs.init_catalog(make_template("Home", "Explore", "Gone"), "es")
    catalog["Home"].string, catalog["Gone"].string = "Inicio", "Ido"
    notes = catalogs.merge(catalog, make_template("Home", "Explore", "New"))
    assert catalog["Home"].string == "Inicio"
    assert catalog.get("New") is not None and not catalog["New"].string
    assert catalog.get("Gone") is None
    assert notes == ["dropped a translation no source uses any more: 'Gone'"]
    assert "Ido" not in catalogs.render(catalog).decode()


def test_a_reworded_string_keeps_its_old_translation_marked_fuzzy():
    catalog = catalogs.init_catalog(make_template("Your post is now live!"), "es")
    catalog["Your post is now live!"].string = "¡Tu publicación ya es visible!"
    catalogs.merge(catalog, make_template("Your post is now live!!"))
    message = catalog["Your post is now live!!"]
    assert message.fuzzy and message.string == "¡Tu publicación ya es visible!"
    assert catalogs.statistics(catalog) == (0, 1, 0)
    # gettext leaves fuzzy translations out of the compiled catalog
    assert b"visible" not in catalogs.compiled(catalog)


def test_fragments_fill_in_missing_translations_without_overriding_existing_ones():
    catalog = catalogs.init_catalog(make_template("Home", "Explore", "Search"), "es")
    catalog["Home"].string = "Inicio"
    fragment = Catalog(locale="es")
    fragment.add("Home", "Portada")
    fragment.add("Search", "Buscar")
    fragment.add("Unknown", "Desconocido")
    fragment.add("Explore", "Explorar a lo mejor", flags=["fuzzy"])
    notes = catalogs.merge(catalog, make_template("Home", "Explore", "Search"), [fragment])
    assert catalog["Home"].string == "Inicio"
    assert catalog["Search"].string == "Buscar"
    assert not catalog["Explore"].string
    assert "kept 'Inicio' for 'Home' (a fragment says 'Portada')" in notes
    assert "dropped a translation no source uses any more: 'Unknown'" in notes


def test_saving_the_same_messages_again_leaves_the_file_alone(tmp_path):
    path = tmp_path / "es" / "LC_MESSAGES" / "microblog.po"
    catalog = catalogs.init_catalog(make_template("b", "a", "c"), "es")
    assert catalogs.save(catalog, path)
    before = path.read_bytes()
    again = catalogs.read_catalog(path, locale="es")
    catalogs.merge(again, make_template("c", "b", "a"))
    assert not catalogs.save(again, path)
    assert path.read_bytes() == before
    text = before.decode()
    assert text.index('msgid "a"') < text.index('msgid "b"') < text.index('msgid "c"')


def test_a_lost_or_renamed_placeholder_is_a_problem():
    catalog = catalogs.init_catalog(make_template("Hi, ${username}!", "Home"), "es")
    catalog["Hi, ${username}!"].string = "¡Hola, ${usuario}!"
    catalog["Home"].string = "Inicio"
    assert catalogs.problems(catalog) == [
        "'Hi, ${username}!': placeholders differ in '¡Hola, ${usuario}!'"
    ]


def test_a_plural_form_may_leave_the_number_out_but_not_invent_a_placeholder():
    template = catalogs.new_catalog()
    template.add(("%(num)d post", "%(num)d posts"))
    catalog = catalogs.init_catalog(template, "es")
    others = ("%(num)d publicaciones",) * (catalog.num_plurals - 1)
    catalog[("%(num)d post", "%(num)d posts")].string = ("una publicación", *others)
    assert catalogs.problems(catalog) == []
    catalog[("%(num)d post", "%(num)d posts")].string = ("una", "%(n)d publicaciones", *others[1:])
    assert catalogs.problems(catalog)


def test_update_gives_a_catalog_the_plural_rule_of_the_installed_babel():
    template = catalogs.new_catalog()
    template.add(("%(num)d post", "%(num)d posts"))
    catalog = catalogs.init_catalog(template, "es")
    catalog.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n != 1);")]
    catalog[("%(num)d post", "%(num)d posts")].string = ("%(num)d cosa", "%(num)d cosas")
    rule = babel_rule("es")

    notes = catalogs.merge(catalog, template)

    assert catalog.plural_forms == rule.plural_forms
    assert any("plural forms now follow Babel" in note for note in notes)
    strings = catalog[("%(num)d post", "%(num)d posts")].string
    assert len(strings) == rule.num_plurals
    if rule.num_plurals > 2:  # the new forms wait for a translator
        assert catalogs.statistics(catalog) == (0, 0, 1)
