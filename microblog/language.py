"""Guessing the language a post is written in, and comparing language codes.

Codes are BCP 47 tags in their usual spelling: ``en``, ``es``, ``zh-CN``, ``zh-Hant``.
``post.language`` holds at most five characters, so detection answers a language and at
most a region (langdetect's ``zh-cn`` becomes ``zh-CN``); ``""`` means unknown.
"""

import re

from babel import localedata
from langdetect import DetectorFactory, LangDetectException, detect_langs
from langdetect.detector_factory import init_factory

# langdetect samples at random; a fixed seed makes the same text give the same answer
DetectorFactory.seed = 0
MIN_WORDS = 3
# below this many words langdetect is confidently wrong too often ("Small do fast." is
# Italian at 0.99999, "ok ok ok" Slovak): such a guess is believed only when it is the
# language the author writes the site in
TRUSTED_WORDS = 7
# below this the guess is too often wrong ("Hello, how are you today?" comes out as Somali
# at 0.57), and a wrong language offers a Translate link that produces nonsense
MIN_PROBABILITY = 0.9
POST_LANGUAGE_MAX_LENGTH = 5

_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?$")
# a word is a run of letters (smileys and numbers are not words); in scripts written
# without spaces between words, each character counts as one
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_UNSPACED}]|[^\W\d_{_UNSPACED}]+")
# languages langdetect knows that Babel files under another code
_EXTRA_LANGUAGES = {"tl"}


def detect_language(text, author_language=None):
    """The language of ``text`` (``"es"``, ``"zh-CN"``), or ``""`` when it cannot be told
    reliably: fewer than three words, no letters, no clear winner, or a short text whose
    guess is not ``author_language`` (the interface language the author writes in)."""
    words = word_count(text)
    if words < MIN_WORDS:
        return ""
    try:
        guesses = detect_langs(text)
    except LangDetectException:
        return ""
    if not guesses or guesses[0].prob < MIN_PROBABILITY:
        return ""
    code = normalize_language(guesses[0].lang)
    if words < TRUSTED_WORDS and not (author_language and same_language(code, author_language)):
        return ""
    return code if len(code) <= POST_LANGUAGE_MAX_LENGTH else ""


def word_count(text):
    return len(_WORD.findall(text or ""))


def normalize_language(code):
    """``zh_tw``, ``ZH-TW`` -> ``zh-TW``; ``""`` for anything that is not a language tag."""
    match = _CODE.match((code or "").strip())
    if match is None:
        return ""
    language, script, region = match.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


def primary_language(code):
    """``zh-TW`` -> ``zh``."""
    return normalize_language(code).split("-")[0]


def is_known_language(code):
    """True for a well-formed tag whose language exists (``xx`` and ``klingon`` do not)."""
    language = primary_language(code)
    return bool(language) and (language in _EXTRA_LANGUAGES or localedata.exists(language))


def same_language(first, second):
    """True when a reader of one can read the other without a translation.

    ``pt`` and ``pt-BR`` are the same language; ``zh-CN`` and ``zh-TW`` are written
    differently, so each is foreign to a reader of the other.
    """
    first, second = normalize_language(first), normalize_language(second)
    if not first or not second:
        return first == second
    if first == second:
        return True
    first_parts, second_parts = first.split("-"), second.split("-")
    return first_parts[0] == second_parts[0] and (len(first_parts) == 1 or len(second_parts) == 1)


def includeme(config):
    # langdetect reads its 55 language profiles the first time it is asked (a second of
    # CPU). Asked by the first post of each process, that second was spent holding the
    # database's write lock (on SQLite, every writer of every process waited behind it):
    # each process reads them as it starts instead.
    init_factory()
