"""``microblog translate init LANG | update | compile``: the interface's gettext catalogs.

The catalogs live in the package (``microblog/locale/``); ``--locale-dir`` points a command
at another folder holding the same layout (the tests work on a copy).
"""

from pathlib import Path

import click

from . import catalogs, extraction

locale_dir_option = click.option(
    "--locale-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=catalogs.LOCALE_DIR,
    show_default=True,
    help="The folder of the catalogs (LANG/LC_MESSAGES/microblog.po).",
)


@click.group()
def translate():
    """Extract, merge and compile the interface's translations."""


@translate.command()
@click.argument("lang")
@locale_dir_option
def init(lang, locale_dir):
    """Start the catalog of a new language LANG (such as fr or pt_BR)."""
    try:
        catalogs.parse_locale(lang)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="LANG") from error
    po = catalogs.po_path(locale_dir, lang)
    if po.exists():
        raise click.ClickException(f"{po} exists already: run `microblog translate update`")
    catalogs.save(catalogs.init_catalog(_template(locale_dir), lang), po)
    click.echo(
        f"Created {po}. Translate it, add {lang} to LANGUAGES, "
        "then run `microblog translate compile`."
    )


@translate.command()
@locale_dir_option
def update(locale_dir):
    """Extract the strings again and merge them into every language's catalog.

    Translations are kept; a changed string gets its old translation marked fuzzy; strings
    gone from the sources are dropped; ``*.po.fragment`` files beside a catalog are merged
    into it, then removed.
    """
    template = _template(locale_dir)
    for po in _po_files(locale_dir):
        lang = po.parent.parent.name
        catalog = catalogs.read_catalog(po, locale=lang)
        fragment_paths, fragments = catalogs.read_fragments(po)
        for note in catalogs.merge(catalog, template, fragments):
            click.echo(f"{lang}: {note}")
        written = catalogs.save(catalog, po)
        for path in fragment_paths:
            path.unlink()
            click.echo(f"{lang}: merged and removed {path.name}")
        click.echo(f"{lang}: {_summary(catalog)}; {'updated' if written else 'unchanged'} {po}")


@translate.command("compile")
@locale_dir_option
def compile_catalogs(locale_dir):
    """Compile every language's catalog into the .mo file the application reads."""
    failed = []
    for po in _po_files(locale_dir):
        lang = po.parent.parent.name
        catalog = catalogs.read_catalog(po, locale=lang)
        found = catalogs.problems(catalog)
        if found:
            failed.append(lang)
            for problem in found:
                click.echo(f"{lang}: {problem}", err=True)
            continue
        mo = po.with_suffix(".mo")
        written = catalogs.compile_to(catalog, mo)
        click.echo(f"{lang}: {_summary(catalog)}; {'wrote' if written else 'unchanged'} {mo}")
    if failed:
        raise click.ClickException(f"not compiled: {', '.join(failed)} (see above)")


def _template(locale_dir):
    """Extract the sources into ``microblog.pot`` (rewritten only when its messages change)."""
    template = extraction.extract()
    pot = Path(locale_dir) / f"{catalogs.DOMAIN}.pot"
    if catalogs.save(template, pot):
        click.echo(f"Extracted {len(template)} messages into {pot}")
    return template


def _po_files(locale_dir):
    found = catalogs.po_files(locale_dir)
    if not found:
        raise click.ClickException(
            f"no catalogs under {locale_dir}: start one with `microblog translate init LANG`"
        )
    return found


def _summary(catalog):
    translated, fuzzy, untranslated = catalogs.statistics(catalog)
    return f"{translated} translated, {fuzzy} fuzzy, {untranslated} untranslated"
