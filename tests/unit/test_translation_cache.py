"""The ``translation`` table in front of a translator: each text is paid for once."""

import pytest
from sqlalchemy import select

from microblog.models import Translation
from microblog.models.translation import source_key
from microblog.services.translate import CachedTranslator, LibreTranslator, TranslationError

TEXT = "Hoy hace un día precioso en Madrid"


@pytest.fixture
def cached(libre, dbsession):
    calls = []
    translator = CachedTranslator(
        LibreTranslator(libre.url, timeout=2),
        dbsession,
        before_remote_call=lambda: calls.append("remote"),
    )
    translator.remote_calls = calls
    return translator


def test_a_second_translation_of_the_same_text_does_not_reach_the_service(cached, libre):
    first = cached.translate(TEXT, "es", "en")
    second = cached.translate(TEXT, "es", "en")

    assert first == second == f"[en] {TEXT}"
    assert len(libre.received) == 1
    assert cached.remote_calls == ["remote"]


def test_the_same_text_into_another_language_is_translated_again(cached, libre):
    cached.translate(TEXT, "es", "en")
    cached.translate(TEXT, "es", "fr")
    assert [request.body["target"] for request in libre.received] == ["en", "fr"]


def test_language_codes_are_normalized_before_they_key_the_cache(cached, libre):
    cached.translate(TEXT, "ES", "en")
    cached.translate(TEXT, "es", "EN")
    assert len(libre.received) == 1


def test_a_failed_translation_is_not_cached(dbsession, libre):
    answers = iter([(500, {"error": "down"}), (200, {"translatedText": "Lovely day"})])
    libre.answer = lambda request: next(answers)
    cached = CachedTranslator(LibreTranslator(libre.url, timeout=2), dbsession)

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
