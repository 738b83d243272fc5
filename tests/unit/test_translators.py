"""The translator backends against local servers speaking Microsoft's and LibreTranslate's
protocols: what they send, what they make of the answers, and how they fail."""

import logging
import socket

import pytest
from pyramid.exceptions import ConfigurationError

from microblog.services.translators import (
    LibreTranslator,
    MicrosoftTranslator,
    NullTranslator,
    TranslationError,
    TranslatorNotConfigured,
    TranslatorTimeout,
    make_backend,
)
from microblog.settings import load_settings

from ..support.fake_translators import FakeTranslator, libretranslate_answer, microsoft_answer

SPANISH = "Hola, ¿cómo estás hoy? Hace un día precioso en Madrid."
ENGLISH = "Hello, how are you today? It is a lovely day in Madrid."
FAST = 0.3  # seconds: the client's timeout in the tests that make the server too slow


@pytest.fixture
def fake_server():
    servers = []

    def start(answer):
        server = FakeTranslator(answer).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def libre(fake_server):
    return fake_server(libretranslate_answer)


@pytest.fixture
def microsoft(fake_server):
    return fake_server(microsoft_answer)


def backend_for(kind, server, timeout=5):
    if kind == "microsoft":
        return MicrosoftTranslator(server.url, "the-key", "westeurope", timeout=timeout)
    return LibreTranslator(server.url, "libre-key", timeout=timeout)


ANSWERS = {"microsoft": microsoft_answer, "libretranslate": libretranslate_answer}


def test_libretranslate_receives_the_documented_request(libre):
    translator = LibreTranslator(libre.url + "/", "libre-key")

    assert translator.translate(SPANISH, "es", "en") == ENGLISH

    [request] = libre.received
    assert request.method == "POST"
    assert request.path == "/translate"
    assert request.query == {}
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == {
        "q": SPANISH,
        "source": "es",
        "target": "en",
        "format": "text",
        "api_key": "libre-key",
    }


def test_libretranslate_gets_its_own_codes_for_chinese_and_brazilian_portuguese(libre):
    translator = LibreTranslator(libre.url)
    translator.translate("你好", "zh-TW", "pt_BR")
    translator.translate("你好", "zh-CN", "en")
    assert [(r.body["source"], r.body["target"]) for r in libre.received] == [
        ("zt", "pb"),
        ("zh", "en"),
    ]


def test_microsoft_receives_the_documented_request(microsoft):
    translator = MicrosoftTranslator(microsoft.url, "the-key", "westeurope")

    assert translator.translate(SPANISH, "es", "en") == ENGLISH

    [request] = microsoft.received
    assert request.method == "POST"
    assert request.path == "/translate"
    assert request.query == {"api-version": ["3.0"], "from": ["es"], "to": ["en"]}
    assert request.headers["Ocp-Apim-Subscription-Key"] == "the-key"
    assert request.headers["Ocp-Apim-Subscription-Region"] == "westeurope"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body == [{"Text": SPANISH}]


def test_microsoft_gets_script_codes_for_chinese(microsoft):
    MicrosoftTranslator(microsoft.url, "k").translate("你好", "zh-CN", "zh_TW")
    assert microsoft.received[0].query["from"] == ["zh-Hans"]
    assert microsoft.received[0].query["to"] == ["zh-Hant"]


def test_microsoft_without_a_region_sends_no_region_header(microsoft):
    MicrosoftTranslator(microsoft.url, "the-key").translate(SPANISH, "es", "en")
    assert "Ocp-Apim-Subscription-Region" not in microsoft.received[0].headers


@pytest.mark.parametrize("kind", ["microsoft", "libretranslate"])
def test_a_service_slower_than_the_timeout_is_a_timeout_error(kind, fake_server, caplog):
    server = fake_server(ANSWERS[kind])
    server.hold()  # the server answers only once the test is over

    with pytest.raises(TranslatorTimeout) as raised:
        backend_for(kind, server, timeout=FAST).translate(SPANISH, "es", "en")

    assert "did not answer in time" in raised.value.message
    assert raised.value.message.domain == "microblog"  # a translatable message
    assert server.arrived.wait(timeout=5), "the request reached the server"
    assert "did not answer within 0.3 seconds" in caplog.text


@pytest.mark.parametrize("kind", ["microsoft", "libretranslate"])
def test_an_http_error_is_a_translation_error_and_is_logged(kind, fake_server, caplog):
    server = fake_server(lambda request: (500, {"error": "the engine caught fire"}))

    with caplog.at_level(logging.WARNING), pytest.raises(TranslationError) as raised:
        backend_for(kind, server).translate(SPANISH, "es", "en")

    assert type(raised.value) is TranslationError
    assert "the translation service failed" in raised.value.message
    assert "HTTP 500" in caplog.text and "the engine caught fire" in caplog.text
    assert "the-key" not in caplog.text and "libre-key" not in caplog.text


@pytest.mark.parametrize("kind", ["microsoft", "libretranslate"])
def test_a_rate_limit_says_the_service_is_busy(kind, fake_server):
    server = fake_server(lambda request: (429, {"error": "slow down"}))
    with pytest.raises(TranslationError) as raised:
        backend_for(kind, server).translate(SPANISH, "es", "en")
    assert "busy" in raised.value.message


@pytest.mark.parametrize("kind", ["microsoft", "libretranslate"])
@pytest.mark.parametrize(
    "garbage",
    [
        b"<html>Bad gateway</html>",
        b"",
        b'{"translatedText": ',
        b"\xff\xfe",
        b'{"translations": "nope"}',
        b"[]",
        b'[{"translations": [{"text": 42}]}]',
        b'{"translatedText": null}',
        b'"just a string"',
    ],
)
def test_an_answer_that_cannot_be_read_is_a_translation_error(kind, garbage, fake_server):
    server = fake_server(lambda request: (200, garbage))
    with pytest.raises(TranslationError) as raised:
        backend_for(kind, server).translate(SPANISH, "es", "en")
    assert "could not be understood" in raised.value.message


@pytest.mark.parametrize("kind", ["microsoft", "libretranslate"])
def test_a_service_that_is_down_is_a_translation_error(kind):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    translator = (
        MicrosoftTranslator(url, "k", timeout=5)
        if kind == "microsoft"
        else LibreTranslator(url, timeout=5)
    )
    with pytest.raises(TranslationError) as raised:
        translator.translate(SPANISH, "es", "en")
    assert "could not be reached" in raised.value.message


def test_the_none_backend_says_translation_is_not_configured():
    with pytest.raises(TranslatorNotConfigured) as raised:
        NullTranslator().translate(SPANISH, "es", "en")
    assert raised.value.message == "Error: the translation service is not configured."
    assert raised.value.message.domain == "microblog"


def settings(**environ):
    return load_settings({}, environ=environ, here="/tmp")


def test_the_translator_setting_picks_the_backend():
    assert isinstance(make_backend(settings()), NullTranslator)
    microsoft = make_backend(
        settings(TRANSLATOR="microsoft", MS_TRANSLATOR_KEY="k", MS_TRANSLATOR_REGION="westus2")
    )
    assert isinstance(microsoft, MicrosoftTranslator)
    assert microsoft.url == "https://api.cognitive.microsofttranslator.com"
    assert microsoft.region == "westus2"
    libre = make_backend(
        settings(TRANSLATOR="libretranslate", LIBRETRANSLATE_URL="http://translate.local:5000/")
    )
    assert isinstance(libre, LibreTranslator)
    assert libre.url == "http://translate.local:5000"


@pytest.mark.parametrize("environ", [{"TRANSLATOR": "microsoft"}, {"TRANSLATOR": "libretranslate"}])
def test_a_translator_without_its_key_or_url_is_off_and_says_why(environ, caplog):
    assert isinstance(make_backend(settings(**environ)), NullTranslator)
    assert "translation is off" in caplog.text


def test_the_timeout_can_be_set_in_the_ini_file():
    ini = {"microblog.translator_timeout": "2.5"}
    backend = make_backend(
        load_settings(
            ini,
            environ={"TRANSLATOR": "libretranslate", "LIBRETRANSLATE_URL": "http://x"},
            here="/tmp",
        )
    )
    assert backend.timeout == 2.5
    for bad in ("soon", "0", "-1"):
        with pytest.raises(ConfigurationError, match="translator_timeout"):
            load_settings({"microblog.translator_timeout": bad}, environ={}, here="/tmp")
