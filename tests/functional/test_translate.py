"""``POST /translate`` with LibreTranslate behind it (a local server speaking its protocol)."""

import pytest

from microblog import main

from ..support.fake_translators import FakeTranslator, libretranslate_answer

SPANISH = "Hola, ¿cómo estás hoy? Hace un día precioso en Madrid."
ENGLISH = "Hello, how are you today? It is a lovely day in Madrid."
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def libre():
    server = FakeTranslator(libretranslate_answer).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app(app_settings, libre):
    """The application with LibreTranslate on, and a short timeout for the slow-service test."""
    wsgi_app = main(
        {},
        **app_settings,
        **{
            "microblog.translator": "libretranslate",
            "microblog.libretranslate_url": libre.url,
            "microblog.libretranslate_key": "secret-key",
            # short enough for the slow-service test, long enough for a busy test machine
            "microblog.translator_timeout": "2",
        },
    )
    yield wsgi_app
    wsgi_app.registry["dbengine"].dispose()


@pytest.fixture(autouse=True)
def fresh_libre(libre):
    libre.received.clear()
    libre.answer = libretranslate_answer
    yield
    libre.release()


def csrf_token(testapp):
    page = testapp.get("/login")
    if page.status_int == 303:  # signed in
        page = testapp.get("/explore")
    return page.html.find("meta", attrs={"name": "csrf-token"})["content"]


def post_translate(testapp, body, status=200, token=None, **kw):
    headers = {**JSON, "X-CSRF-Token": token or csrf_token(testapp)}
    return testapp.post_json("/translate", body, headers=headers, status=status, **kw)


def request_body(**changes):
    return {"text": SPANISH, "source_language": "es", "dest_language": "en", **changes}


def test_a_signed_in_user_gets_the_translation(as_ana, libre):
    response = post_translate(as_ana, request_body())

    assert response.content_type == "application/json"
    assert response.json == {"text": ENGLISH}
    [received] = libre.received
    assert received.body == {
        "q": SPANISH,
        "source": "es",
        "target": "en",
        "format": "text",
        "api_key": "secret-key",
    }


def test_the_second_translation_of_a_post_comes_from_the_cache(as_ana, libre):
    first = post_translate(as_ana, request_body())
    second = post_translate(as_ana, request_body(text=f"  {SPANISH} "))
    assert first.json == second.json == {"text": ENGLISH}
    assert len(libre.received) == 1


def assert_bad_request(response, *words):
    assert response.status_int == 400
    assert response.json["error"] == "Bad Request"
    for word in words:
        assert word in response.json["message"]


@pytest.mark.parametrize(
    "body, words",
    [
        ({"source_language": "es", "dest_language": "en"}, ["text", "required"]),
        (request_body(text="   "), ["text", "required"]),
        (request_body(source_language=None), ["source_language", "required"]),
        ({"text": SPANISH, "source_language": "es"}, ["dest_language", "required"]),
        (request_body(text=42), ["text", "Must be a string"]),
        (request_body(dest_language=["en"]), ["dest_language", "Must be a string"]),
        (request_body(source_language="xx"), ["source_language", "Unknown language"]),
        (request_body(dest_language="english"), ["dest_language", "Unknown language"]),
        (request_body(text="a" * 501), ["text", "at most 500 characters"]),
        (request_body(dest_language="es-ES"), ["already in that language"]),
        ([SPANISH, "es", "en"], ["JSON object"]),
        ("just text", ["JSON object"]),
    ],
)
def test_a_wrong_body_is_refused_with_400_and_says_why(as_ana, libre, body, words):
    assert_bad_request(post_translate(as_ana, body, status=400), *words)
    assert libre.received == []


def test_a_body_that_is_not_json_is_refused_with_400(as_ana, libre):
    response = as_ana.post(
        "/translate",
        b"text=hola&source_language=es",
        headers={**JSON, "X-CSRF-Token": csrf_token(as_ana), "Content-Type": "application/json"},
        status=400,
    )
    assert_bad_request(response, "JSON object")
    assert libre.received == []


def test_a_request_without_the_csrf_token_is_refused(as_ana, libre):
    response = as_ana.post_json("/translate", request_body(), status=400)
    assert response.json["error"] == "Bad Request"
    assert "reload the page" in response.json["message"]
    post_translate(as_ana, request_body(), token="not-the-token", status=400)
    assert libre.received == []


def test_an_anonymous_visitor_gets_401_in_json(testapp, libre):
    response = post_translate(testapp, request_body(), status=401)
    assert response.json == {
        "error": "Unauthorized",
        "message": "Please log in to access this page.",
    }
    assert "WWW-Authenticate" in response.headers
    assert libre.received == []


def test_a_failing_service_is_a_502_with_a_readable_message(as_ana, libre):
    libre.answer = lambda request: (500, {"error": "engine on fire"})
    response = post_translate(as_ana, request_body(), status=502)
    assert response.json == {
        "error": "Bad Gateway",
        "message": "Error: the translation service failed. Please try again later.",
    }


def test_a_garbled_answer_is_a_502_with_a_readable_message(as_ana, libre):
    libre.answer = lambda request: (200, b"<html>proxy error</html>")
    response = post_translate(as_ana, request_body(), status=502)
    assert "could not be understood" in response.json["message"]


def test_a_service_slower_than_the_timeout_is_a_504(as_ana, libre):
    libre.hold()
    response = post_translate(as_ana, request_body(), status=504)
    assert response.json["error"] == "Gateway Timeout"
    assert "did not answer in time" in response.json["message"]
