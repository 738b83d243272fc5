"""``microblog translate init | update | compile`` end to end, on a copy of the catalogs."""

import gettext
import shutil

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from click.testing import CliRunner

from microblog.scripts import catalogs, cli


def snapshot(folder):
    return {
        path.relative_to(folder): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def repo_catalogs():
    """The package's own catalogs, which no test may change."""
    before = snapshot(catalogs.LOCALE_DIR)
    yield
    assert snapshot(catalogs.LOCALE_DIR) == before


@pytest.fixture
def locale_dir(tmp_path, repo_catalogs):
    copy = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, copy)
    return copy


def run(*args):
    result = CliRunner().invoke(cli, ["translate", *map(str, args)], catch_exceptions=False)
    return result


def test_a_third_language_is_init_edit_compile(locale_dir):
    result = run("init", "fr", "--locale-dir", locale_dir)
    assert result.exit_code == 0, result.output
    po = locale_dir / "fr" / "LC_MESSAGES" / "microblog.po"
    assert f"Created {po}" in result.output

    french = catalogs.read_catalog(po, locale="fr")
    assert french.plural_forms == Catalog(locale="fr").plural_forms  # the installed Babel's rule
    spanish = catalogs.read_catalog(catalogs.po_path(locale_dir, "es"), locale="es")
    assert {m.id for m in french} == {m.id for m in spanish}
    assert catalogs.statistics(french) == (0, 0, len(french))

    french["Home"].string = "Accueil"
    others = ("%(num)d abonnés",) * (french.num_plurals - 1)
    french[("%(num)d follower", "%(num)d followers")].string = ("%(num)d abonné", *others)
    catalogs.save(french, po)
    result = run("compile", "--locale-dir", locale_dir)
    assert result.exit_code == 0, result.output
    assert "fr: 2 translated, 0 fuzzy" in result.output
    with (po.with_suffix(".mo")).open("rb") as file:
        translations = gettext.GNUTranslations(file)
    assert translations.gettext("Home") == "Accueil"
    assert translations.ngettext("%(num)d follower", "%(num)d followers", 0) == "%(num)d abonné"
    assert translations.ngettext("%(num)d follower", "%(num)d followers", 2) == "%(num)d abonnés"


def test_init_refuses_an_existing_or_unknown_language(locale_dir):
    result = run("init", "es", "--locale-dir", locale_dir)
    assert result.exit_code == 1 and "exists already" in result.output
    result = run("init", "xx-nonsense", "--locale-dir", locale_dir)
    assert result.exit_code == 2 and "not a language code" in result.output


def test_update_and_compile_twice_change_nothing(locale_dir):
    assert run("update", "--locale-dir", locale_dir).exit_code == 0
    assert run("compile", "--locale-dir", locale_dir).exit_code == 0
    settled = snapshot(locale_dir)
    result = run("update", "--locale-dir", locale_dir)
    assert "es: " in result.output and "unchanged" in result.output
    assert "Extracted" not in result.output
    result = run("compile", "--locale-dir", locale_dir)
    assert "unchanged" in result.output
    assert snapshot(locale_dir) == settled


def test_update_brings_back_a_lost_string_and_merges_fragments(locale_dir):
    po = catalogs.po_path(locale_dir, "es")
    spanish = catalogs.read_catalog(po, locale="es")
    del spanish["Home"]
    spanish["Explore"].string = ""
    catalogs.save(spanish, po)
    fragment = Catalog(locale="es")
    fragment.add("Explore", "Descubrir")
    fragment.add("A string of another branch", "Una cadena de otra rama")
    with open(po.parent / "social.po.fragment", "wb") as file:
        write_po(file, fragment, omit_header=True)

    result = run("update", "--locale-dir", locale_dir)
    assert result.exit_code == 0, result.output
    assert "merged and removed social.po.fragment" in result.output
    assert (
        "dropped a translation no source uses any more: 'A string of another branch'"
        in result.output
    )
    assert not (po.parent / "social.po.fragment").exists()
    spanish = catalogs.read_catalog(po, locale="es")
    assert spanish["Explore"].string == "Descubrir"
    assert not spanish["Home"].string
    assert "1 untranslated" in result.output


def test_compile_refuses_a_translation_that_would_break_at_run_time(locale_dir):
    po = catalogs.po_path(locale_dir, "es")
    mo_before = po.with_suffix(".mo").read_bytes()
    spanish = catalogs.read_catalog(po, locale="es")
    spanish["Hi, ${username}!"].string = "¡Hola, ${usuario}!"
    catalogs.save(spanish, po)
    result = run("compile", "--locale-dir", locale_dir)
    assert result.exit_code == 1
    assert "placeholders differ in '¡Hola, ${usuario}!'" in result.output
    assert po.with_suffix(".mo").read_bytes() == mo_before


def test_commands_say_when_there_is_no_catalog(tmp_path):
    result = run("compile", "--locale-dir", tmp_path)
    assert result.exit_code == 1 and "no catalogs under" in result.output
