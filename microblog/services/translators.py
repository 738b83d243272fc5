"""The translators: Microsoft Translator or LibreTranslate over HTTP, or none.

``TRANSLATOR`` picks one (:func:`make_backend`). Every failure of a translator (not
configured, too slow, an HTTP error, an answer that cannot be read) becomes a
:class:`TranslationError` whose ``message`` can be shown to the reader; the details go to
the log.
"""

import json
import logging
import urllib.error
import urllib.request
from http.client import HTTPException
from urllib.parse import urlencode

from zope.interface import implementer

from ..i18n import _
from ..language import normalize_language, primary_language
from ..text import parse_json
from .interfaces import ITranslator

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0  # seconds; the reader is watching a spinner
MAX_ANSWER_BYTES = 1024 * 1024
USER_AGENT = "Microblog/1.0"


class TranslationError(Exception):
    """A translation that could not be made; ``message`` says why, for the reader."""

    default_message = _("Error: the translation service failed. Please try again later.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(self.message)


class TranslatorNotConfigured(TranslationError):
    default_message = _("Error: the translation service is not configured.")


class TranslatorTimeout(TranslationError):
    default_message = _(
        "Error: the translation service did not answer in time. Please try again later."
    )


UNREACHABLE = _("Error: the translation service could not be reached. Please try again later.")
BUSY = _("Error: the translation service is busy. Please try again in a minute.")
MALFORMED = _("Error: the translation service sent an answer that could not be understood.")


@implementer(ITranslator)
class NullTranslator:
    """``TRANSLATOR=none``: every translation fails with a clear message."""

    def translate(self, text, source_language, dest_language):
        raise TranslatorNotConfigured()


@implementer(ITranslator)
class HttpTranslator:
    """What both HTTP backends share: one JSON POST, with a timeout, errors made readable."""

    name = "translator"
    # our tags -> the service's codes, where they differ; otherwise the bare language
    codes = {}

    def __init__(self, url, key="", timeout=DEFAULT_TIMEOUT):
        self.url, self.key, self.timeout = url.rstrip("/"), key, timeout

    def code(self, language):
        language = normalize_language(language)
        return self.codes.get(language, primary_language(language))

    def post_json(self, url, payload, headers=()):
        request = urllib.request.Request(
            url,
            data=json.dumps(payload).encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
                **dict(headers),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as error:
            log.warning("%s answered HTTP %s: %s", self.name, error.code, _error_body(error))
            raise TranslationError(BUSY if error.code == 429 else None) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise self.timed_out() from error
            log.warning("%s could not be reached: %s", self.name, error.reason)
            raise TranslationError(UNREACHABLE) from error
        except TimeoutError as error:
            raise self.timed_out() from error
        except (HTTPException, OSError) as error:
            log.warning("%s broke the connection: %r", self.name, error)
            raise TranslationError(UNREACHABLE) from error
        try:
            return parse_json(body)
        except ValueError as error:
            log.warning("%s answered something that is not JSON: %r", self.name, body[:200])
            raise TranslationError(MALFORMED) from error

    def timed_out(self):
        log.warning("%s did not answer within %s seconds", self.name, self.timeout)
        return TranslatorTimeout()

    def malformed(self, answer):
        log.warning("%s answered an unexpected shape: %.200r", self.name, answer)
        return TranslationError(MALFORMED)


class MicrosoftTranslator(HttpTranslator):
    """Microsoft Translator, version 3 of its REST API."""

    name = "Microsoft Translator"
    codes = {
        **dict.fromkeys(["zh", "zh-CN", "zh-SG", "zh-Hans"], "zh-Hans"),
        **dict.fromkeys(["zh-TW", "zh-HK", "zh-Hant"], "zh-Hant"),
        "no": "nb",
        "tl": "fil",
        "pt-PT": "pt-PT",
        "fr-CA": "fr-CA",
    }

    def __init__(self, url, key, region="", timeout=DEFAULT_TIMEOUT):
        super().__init__(url, key, timeout)
        self.region = region

    def translate(self, text, source_language, dest_language):
        query = urlencode(
            {
                "api-version": "3.0",
                "from": self.code(source_language),
                "to": self.code(dest_language),
            }
        )
        headers = {"Ocp-Apim-Subscription-Key": self.key}
        if self.region:  # a global (not regional) resource takes no region
            headers["Ocp-Apim-Subscription-Region"] = self.region
        answer = self.post_json(f"{self.url}/translate?{query}", [{"Text": text}], headers)
        try:
            translated = answer[0]["translations"][0]["text"]
        except (LookupError, TypeError):
            raise self.malformed(answer) from None
        if not isinstance(translated, str):
            raise self.malformed(answer)
        return translated


class LibreTranslator(HttpTranslator):
    """A LibreTranslate server (self-hosted, or libretranslate.com with a key)."""

    name = "LibreTranslate"
    codes = {
        **dict.fromkeys(["zh", "zh-CN", "zh-Hans"], "zh"),
        **dict.fromkeys(["zh-TW", "zh-Hant", "zh-HK"], "zt"),
        "pt-BR": "pb",
        "no": "nb",
    }

    def translate(self, text, source_language, dest_language):
        payload = {
            "q": text,
            "source": self.code(source_language),
            "target": self.code(dest_language),
            "format": "text",
            "api_key": self.key,
        }
        answer = self.post_json(f"{self.url}/translate", payload)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str):
            raise self.malformed(answer)
        return translated


def _error_body(error):
    try:
        with error:
            return error.read(500).decode("utf-8", "replace")
    except (OSError, HTTPException):
        return "(no readable body)"


def make_backend(settings):
    """The translator ``TRANSLATOR`` names, or :class:`NullTranslator` when it lacks
    its key or URL (logged, so that the administrator can tell why)."""
    choice = settings["microblog.translator"]
    timeout = settings["microblog.translator_timeout"]
    if choice == "microsoft":
        if settings["microblog.ms_translator_key"]:
            return MicrosoftTranslator(
                settings["microblog.ms_translator_url"],
                settings["microblog.ms_translator_key"],
                settings["microblog.ms_translator_region"],
                timeout,
            )
        log.warning("TRANSLATOR=microsoft but MS_TRANSLATOR_KEY is empty: translation is off")
    elif choice == "libretranslate":
        if settings["microblog.libretranslate_url"]:
            return LibreTranslator(
                settings["microblog.libretranslate_url"],
                settings["microblog.libretranslate_key"],
                timeout,
            )
        log.warning("TRANSLATOR=libretranslate but LIBRETRANSLATE_URL is empty: translation is off")
    return NullTranslator()
