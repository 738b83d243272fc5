"""The ``translation`` table in front of a translator: each text is paid for once."""

import pytest
from pyramid.scripting import prepare
from sqlalchemy import select
from transaction.interfaces import NoTransaction

from microblog import main
from microblog.models import Translation
from microblog.models.translation import source_key
from microblog.services.translate import CachedTranslator
from microblog.services.translators import LibreTranslator, TranslationError

TEXT = "Hoy hace un día precioso en Madrid"


@pytest.fixture
def cached(libre, app_request):
    return CachedTranslator(LibreTranslator(libre.url, timeout=2), app_request)


def test_a_second_translation_of_the_same_text_does_not_reach_the_service(cached, libre):
    first = cached.translate(TEXT, "es", "en")
    second = cached.translate(TEXT, "es", "en")

    assert first == second == f"[en] {TEXT}"
    assert len(libre.received) == 1


def test_the_same_text_into_another_language_is_translated_again(cached, libre):
    cached.translate(TEXT, "es", "en")
    cached.translate(TEXT, "es", "fr")
    assert [request.body["target"] for request in libre.received] == ["en", "fr"]


def test_language_codes_are_normalized_before_they_key_the_cache(cached, libre):
    cached.translate(TEXT, "ES", "en")
    cached.translate(TEXT, "es", "EN")
    assert len(libre.received) == 1


def test_a_failed_translation_is_not_cached(cached, libre):
    answers = iter([(500, {"error": "down"}), (200, {"translatedText": "Lovely day"})])
    libre.answer = lambda request: next(answers)

    with pytest.raises(TranslationError):
        cached.translate(TEXT, "es", "en")
    assert cached.translate(TEXT, "es", "en") == "Lovely day"
    assert len(libre.received) == 2


def test_storing_a_translation_another_request_stored_first_is_harmless(cached, dbsession):
    key = source_key(TEXT, "es")
    cached.remember(key, "en", "A lovely day")
    cached.remember(key, "en", "A lovely day, again")  # the unique index refuses it

    # the transaction is still usable (PostgreSQL refuses every statement in a failed
    # one), and the first translation stays
    rows = dbsession.scalars(select(Translation.text).where(Translation.source_hash == key))
    assert rows.all() == ["A lovely day"]


class WatchedTranslator:
    """A translator that notes whether a transaction was open while it was asked."""

    def __init__(self, request):
        self.request, self.open_while_asked = request, []

    def translate(self, text, source_language, dest_language):
        try:
            self.request.tm.get()
        except NoTransaction:
            self.open_while_asked.append(False)
        else:
            self.open_while_asked.append(True)
        return f"[{dest_language}] {text}"


def test_outside_a_request_transaction_none_is_open_while_the_translator_is_asked(live_settings):
    app = main({}, **live_settings)
    try:
        with prepare(registry=app.registry) as env:
            request = env["request"]
            backend = WatchedTranslator(request)
            translated = CachedTranslator(backend, request).translate(TEXT, "es", "en")
        assert translated == f"[en] {TEXT}"
        assert backend.open_while_asked == [False]
        # the store committed in a transaction of its own
        with app.registry["dbsession_factory"]() as session:
            assert session.scalars(select(Translation.text)).all() == [f"[en] {TEXT}"]
    finally:
        app.registry["dbengine"].dispose()
