"""Where the Translate links show, and ``/translate`` with no translator configured."""

import json

import pytest
import webtest

from microblog import main
from microblog.models import Post

from ..conftest import shared_environ
from ..support.factories import login, make_posts

BODIES = {
    "es": "Hoy hace un día precioso en Madrid",
    "en": "The weather is lovely this morning in London",
    "zh-CN": "我今天很高兴见到你们大家",
    "": "ok ok",
}


@pytest.fixture
def posts(dbsession, bob):
    made = {}
    for language, body in BODIES.items():
        [post] = make_posts(dbsession, bob, 1, body=body)
        post.language = language
        made[language] = post
    dbsession.flush()
    return made


@pytest.fixture
def with_translator(app_settings, tm, dbsession, ana):
    """ana signed in to the app with a translator configured (nothing is asked of it here),
    on the test's session and transaction."""
    settings = {
        **app_settings,
        "microblog.translator": "libretranslate",
        "microblog.libretranslate_url": "http://127.0.0.1:9",
    }
    app = main({}, **settings)
    testapp = webtest.TestApp(
        app,
        extra_environ=shared_environ(tm, dbsession),
    )
    login(testapp, "ana")
    yield testapp
    app.registry["dbengine"].dispose()


def translate_buttons(page):
    return {button["data-source"]: button for button in page.html.select(".translate-link")}


def test_an_english_reader_is_offered_translations_of_foreign_posts_only(with_translator, posts):
    buttons = translate_buttons(with_translator.get("/explore"))

    assert set(buttons) == {f"post-body-{posts['es'].id}", f"post-body-{posts['zh-CN'].id}"}
    spanish = buttons[f"post-body-{posts['es'].id}"]
    assert spanish.get_text(strip=True) == "Translate"
    assert spanish["data-source-language"] == "es"
    assert spanish["data-dest-language"] == "en"


def test_a_spanish_reader_is_offered_translations_of_the_english_post(with_translator, posts):
    page = with_translator.get("/explore", headers={"Accept-Language": "es-ES,es;q=0.9"})
    buttons = translate_buttons(page)

    assert set(buttons) == {f"post-body-{posts['en'].id}", f"post-body-{posts['zh-CN'].id}"}
    assert buttons[f"post-body-{posts['en'].id}"]["data-dest-language"] == "es"


def test_a_translate_link_points_at_the_text_it_translates(with_translator, posts):
    page = with_translator.get(f"/post/{posts['es'].id}")
    [button] = page.html.select(".translate-link")
    body = page.html.find(id=button["data-source"])
    assert body.get_text() == BODIES["es"]
    assert body["lang"] == "es"


def test_the_page_gives_the_script_its_url_and_its_words(with_translator, posts):
    page = with_translator.get("/explore", headers={"Accept-Language": "es"})
    script = page.html.find("script", src=lambda src: src and "translate.js" in src)
    assert script["data-url"] == "http://example.com/translate"
    messages = json.loads(page.html.find(id="js-messages").string)
    assert messages["translating"] == "Traduciendo…"
    assert messages["network_error"].startswith("No se ha podido contactar con el servidor")


def test_posts_of_unknown_language_offer_no_translation(with_translator, dbsession, bob):
    post = Post(body="ok ok", author=bob, language="")
    dbsession.add(post)
    dbsession.flush()
    assert translate_buttons(with_translator.get(f"/post/{post.id}")) == {}


def test_without_a_translator_no_translate_link_is_offered(as_ana, posts):
    assert translate_buttons(as_ana.get("/explore")) == {}


def test_without_a_translator_the_reader_is_told_it_is_not_configured(as_ana):
    token = as_ana.get("/explore").html.find("meta", attrs={"name": "csrf-token"})["content"]
    response = as_ana.post_json(
        "/translate",
        {"text": BODIES["es"], "source_language": "es", "dest_language": "en"},
        headers={"X-CSRF-Token": token},
        status=503,
    )
    assert response.json == {
        "error": "Service Unavailable",
        "message": "Error: the translation service is not configured.",
    }


def test_publishing_a_post_stores_its_language(as_ana, dbsession):
    form = as_ana.get("/").forms["homeview"]
    form["post"] = "Hoy hace un día precioso en Madrid"
    form.submit(status=303)
    post = dbsession.query(Post).order_by(Post.id.desc()).first()
    assert post.language == "es"


def test_a_signed_out_page_has_no_translate_script(testapp):
    page = testapp.get("/login")
    assert "translate.js" not in page.text


def test_the_error_message_is_in_the_reader_s_language(as_ana):
    token = as_ana.get("/explore").html.find("meta", attrs={"name": "csrf-token"})["content"]
    response = as_ana.post_json(
        "/translate",
        {"text": BODIES["en"], "source_language": "en", "dest_language": "es"},
        headers={"X-CSRF-Token": token, "Accept-Language": "es"},
        status=503,
    )
    assert response.json["message"] == "Error: el servicio de traducción no está configurado."
