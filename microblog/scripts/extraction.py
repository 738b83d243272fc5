"""Extracting the ``microblog``-domain strings of the sources with lingua (Python, Jinja2
through lingua's Babel bridge, Chameleon), into a template catalog."""

import os
from pathlib import Path

from jinja2.ext import babel_extract
from lingua.extractors import EXTENSIONS, EXTRACTORS, get_extractor, register_extractors
from lingua.extractors.babel import BabelExtractor

from .catalogs import DOMAIN, PACKAGE_DIR, new_catalog

SKIPPED_DIRS = {"__pycache__", "locale", "static"}
# only comments starting so reach the translators (`# TRANSLATORS: a verb, not a noun`)
TRANSLATOR_TAG = "TRANSLATORS:"
# `_` is a TranslationStringFactory: lingua's Python reader knows it already, while the Jinja2
# bridge needs it named (both know gettext and ngettext)
KEYWORDS = {".py": ("pluralize:1,2",), ".jinja2": ("_",)}


def _jinja2_literal_calls(fileobj, keywords, comment_tags, options):
    """Jinja2's Babel extractor, minus calls whose message is not a literal: lingua's bridge
    crashes on ``_(title)``, which translates a string chosen elsewhere (and extracted there)."""
    for lineno, function, args, comments in babel_extract(fileobj, keywords, comment_tags, options):
        strings = args if isinstance(args, tuple) else (args,)
        needed = 2 if function.endswith("ngettext") else 1
        if len(strings) >= needed and all(s is not None for s in strings[:needed]):
            yield lineno, function, args, comments


class Jinja2Extractor(BabelExtractor):
    """Jinja2 templates, through lingua's Babel bridge."""

    extensions = [".jinja2"]
    extractor = staticmethod(_jinja2_literal_calls)
    # a template that does not parse must stop the extraction, not vanish from it
    default_config = {
        "comment-tags": TRANSLATOR_TAG,
        "silent": "false",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    }


class _Options:
    """What lingua's extractors read from ``pot-create``'s command line."""

    def __init__(self, keywords):
        self.domain, self.comment_tag, self.keywords = DOMAIN, TRANSLATOR_TAG, keywords


def _setup_lingua():
    # what `pot-create -c lingua.cfg` would do, without its config reader (gone in 3.12)
    register_extractors()
    EXTRACTORS["microblog-jinja2"] = Jinja2Extractor()
    EXTENSIONS[".jinja2"] = "microblog-jinja2"


def source_files(source_dir=PACKAGE_DIR):
    """Every file of the package lingua can read (Python, Jinja2, Chameleon), sorted."""
    _setup_lingua()
    for folder, dirs, files in os.walk(source_dir):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            if get_extractor(name) is not None:
                yield Path(folder) / name


def extract(source_dir=PACKAGE_DIR):
    """The template catalog of every ``microblog``-domain string in the sources."""
    template = new_catalog()
    for path in source_files(source_dir):
        keywords = KEYWORDS.get(path.suffix, ())
        location = path.relative_to(Path(source_dir).parent).as_posix()
        for message in _read(path, keywords):
            msgid = (message.msgid, message.msgid_plural) if message.msgid_plural else message.msgid
            existing = template.get(msgid, message.msgctxt)
            comments = [c for c in (message.comment,) if c]
            if existing is None:
                template.add(
                    msgid,
                    locations=[(location, None)],
                    auto_comments=comments,
                    context=message.msgctxt,
                )
            else:
                if (location, None) not in existing.locations:
                    existing.locations.append((location, None))
                existing.auto_comments.extend(
                    c for c in comments if c not in existing.auto_comments
                )
    return template


def _read(path, keywords):
    # lingua's readers open the file themselves and never close it
    binary = path.suffix != ".py"
    with open(path, "rb") if binary else open(path, encoding="utf-8") as file:
        yield from get_extractor(str(path))(str(path), _Options(keywords), file)
