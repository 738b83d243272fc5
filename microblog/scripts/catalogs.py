"""The gettext catalogs: merging and compiling with Babel (extraction: ``extraction.py``).

Kept apart from the ``microblog translate`` commands so that the tests can extract into
memory and compare with the committed catalogs.

The output is built to merge well when several branches add strings at once: messages are
sorted by msgid, locations carry no line numbers, obsolete entries are dropped, and a file
whose messages did not change is left alone (dates and all), so running ``update`` twice
changes nothing.
"""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

DOMAIN = "microblog"
PROJECT = "Microblog"
# no year or date in it: the files change only when their messages do
HEADER_COMMENT = (
    "# The messages of Microblog's interface.\n"
    "# Written by `microblog translate`: edit the translations, not the msgids.\n#"
)
PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
FRAGMENT_SUFFIX = ".po.fragment"
PLACEHOLDER = re.compile(r"\$\{\w+\}|%\(\w+\)[a-z]")
# header lines that change on every run; two files differing only there are the same catalog
VOLATILE_HEADER = re.compile(
    rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*\n', re.MULTILINE
)


def new_catalog(locale=None):
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        project=PROJECT,
        version="1.0",
        header_comment=HEADER_COMMENT,
        fuzzy=False,
        creation_date=datetime.now(UTC),
    )


def parse_locale(code):
    try:
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError) as error:
        raise ValueError(f"{code!r} is not a language code Babel knows") from error


def po_path(locale_dir, lang):
    return Path(locale_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def po_files(locale_dir):
    return sorted(Path(locale_dir).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(path, locale=None):
    with open(path, "rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def render(catalog):
    output = io.BytesIO()
    write_po(
        output,
        catalog,
        width=79,
        sort_output=True,
        ignore_obsolete=True,
        include_lineno=False,
        omit_header=False,
    )
    return output.getvalue()


def save(catalog, path):
    """Write ``catalog`` unless the file already holds the same messages; True if written."""
    path = Path(path)
    data = render(catalog)
    if path.exists() and _same(path.read_bytes(), data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def _same(old, new):
    return VOLATILE_HEADER.sub(b"", old) == VOLATILE_HEADER.sub(b"", new)


def init_catalog(template, lang):
    """A new, empty catalog for ``lang`` holding every message of ``template``."""
    catalog = new_catalog(parse_locale(lang))
    catalog.update(template, no_fuzzy_matching=True)
    return catalog


def merge(catalog, template, fragments=()):
    """Bring ``catalog`` in line with ``template``, keeping its translations.

    ``fragments`` (catalogs of msgid/msgstr pairs written on branches that had no catalog
    yet) first fill in what the catalog lacks. Returns a list of notes for the user.
    """
    notes = []
    for fragment in fragments:
        notes += absorb(catalog, fragment)
    catalog.update(template, update_header_comment=False)
    notes += follow_babel_plurals(catalog)
    unused = sorted(str(m.id) for m in catalog.obsolete.values() if m.string)
    notes += [f"dropped a translation no source uses any more: {msgid!r}" for msgid in unused]
    return notes


def follow_babel_plurals(catalog):
    """Give ``catalog`` the plural rule of the installed Babel's CLDR data.

    A new rule with more forms leaves the new ``msgstr[N]`` empty, for the translator to
    fill (the catalog counts as untranslated until then). Returns notes for the user.
    """
    rule = new_catalog(catalog.locale)
    if catalog.plural_forms == rule.plural_forms:
        return []
    old = catalog.plural_forms
    catalog.mime_headers = [("Plural-Forms", rule.plural_forms)]
    for message in catalog:
        if message.pluralizable and len(message.string) < rule.num_plurals:
            missing = rule.num_plurals - len(message.string)
            message.string = (*message.string, *[""] * missing)
    return [f"plural forms now follow Babel: {rule.plural_forms} (were {old})"]


def absorb(catalog, fragment):
    notes = []
    for message in fragment:
        if not message.id or message.fuzzy or not _translated(message):
            continue
        existing = catalog.get(message.id, message.context)
        if existing is None:
            catalog.add(message.id, message.string, context=message.context)
        elif not _translated(existing) or existing.fuzzy:
            existing.string, existing.flags = message.string, existing.flags - {"fuzzy"}
        elif existing.string != message.string:
            notes.append(
                f"kept {existing.string!r} for {_singular(message.id)!r} "
                f"(a fragment says {message.string!r})"
            )
    return notes


def read_fragments(po):
    """The ``*.po.fragment`` files beside a catalog, parsed."""
    paths = sorted(Path(po).parent.glob(f"*{FRAGMENT_SUFFIX}"))
    locale = Path(po).parent.parent.name
    return paths, [read_catalog(path, locale=locale) for path in paths]


def _translated(message):
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


def _singular(msgid):
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def statistics(catalog):
    """``(translated, fuzzy, untranslated)`` counts of a catalog's messages."""
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    untranslated = sum(1 for m in messages if not m.fuzzy and not _translated(m))
    return len(messages) - fuzzy - untranslated, fuzzy, untranslated


def problems(catalog):
    """Translations that would break at run time: a placeholder lost, renamed or added,
    or a wrong number of plural forms (Babel's own checks)."""
    found = []
    for message in catalog:
        if not message.id or message.fuzzy or not _translated(message):
            continue
        expected = _placeholders(message.id)
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for string in strings:
            if _placeholders(string) - expected or (
                not isinstance(message.id, (list, tuple)) and _placeholders(string) != expected
            ):
                found.append(f"{_singular(message.id)!r}: placeholders differ in {string!r}")
    for message, errors in catalog.check():
        found += [f"{_singular(message.id)!r}: {error}" for error in errors]
    return found


def _placeholders(text):
    texts = text if isinstance(text, (list, tuple)) else [text]
    return {p for t in texts for p in PLACEHOLDER.findall(t)}


def compiled(catalog):
    """The ``.mo`` bytes of a catalog (fuzzy entries left out, as gettext does)."""
    output = io.BytesIO()
    write_mo(output, catalog, use_fuzzy=False)
    return output.getvalue()


def compile_to(catalog, mo_path):
    """Write the ``.mo`` unless it already holds exactly these bytes; True if written."""
    data = compiled(catalog)
    mo_path = Path(mo_path)
    if mo_path.exists() and mo_path.read_bytes() == data:
        return False
    mo_path.write_bytes(data)
    return True
