"""The interface in the visitor's language: Accept-Language, the footer menu, plurals."""

import json

import colander
import pytest
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationConflictError
from pyramid.request import Request

from microblog.i18n import LOCALE_COOKIE, _

from ..support.factories import PASSWORD, login, make_posts, make_user

SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}


@pytest.fixture
def spanish(testapp):
    """``testapp`` whose every request prefers Spanish."""
    testapp.extra_environ["HTTP_ACCEPT_LANGUAGE"] = SPANISH["Accept-Language"]
    return testapp


@pytest.fixture
def as_ana_in_spanish(spanish, ana):
    login(spanish, "ana")
    return spanish


def test_login_page_is_in_spanish_for_a_spanish_browser(spanish):
    page = spanish.get("/login")
    assert page.html.html["lang"] == "es"
    assert page.html.title.text == "Iniciar sesión - Microblog"
    labels = [label.text.strip() for label in page.html.select("#loginview label")]
    assert labels == ["Nombre de usuario", "Contraseña", "Recordarme"]
    assert page.html.select_one("#loginviewsubmit").text.strip() == "Iniciar sesión"
    assert "¿Eres nuevo?" in page.text and "¡Regístrate aquí!" in page.text
    assert page.html.select_one("#language-menu option[selected]")["value"] == "es"


def test_login_page_is_in_english_by_default_and_for_unknown_languages(testapp):
    for headers in ({}, {"Accept-Language": "fr-FR,de;q=0.8"}):
        page = testapp.get("/login", headers=headers)
        assert page.html.html["lang"] == "en"
        assert page.html.select_one("#loginviewsubmit").text.strip() == "Sign In"


def test_a_failed_login_is_explained_in_spanish(spanish, ana):
    form = spanish.get("/login").forms["loginview"]
    form["username"], form["password"] = "ana", "wrong password"
    page = form.submit()
    message = page.html.select_one(".invalid-feedback")
    assert message.get_text(strip=True) == "El nombre de usuario o la contraseña no son correctos."
    # one message, on the field, and none of Deform's formal "su envío" above the form
    assert page.text.count("no son correctos") == 1
    assert "Hubo un problema" not in page.text and "There was a problem" not in page.text


def test_register_validation_messages_are_in_spanish(spanish, ana):
    page = spanish.get("/register")
    assert page.html.select_one("h1").text == "Registrarse"
    form = page.forms["registerview"]
    form["username"], form["email"] = "ana", "not an address"
    form["password"], form["password2"] = "short", "different"
    page = form.submit()
    errors = [p.text.strip() for p in page.html.select(".invalid-feedback")]
    assert "Ese nombre de usuario ya está ocupado. Elige otro, por favor." in errors
    assert "La dirección de correo electrónico no es válida." in errors
    assert "Debe tener al menos 8 caracteres." in errors
    # the errors are on their fields, with no formal "su envío" summary above the form
    assert "Hubo un problema" not in page.text


def test_an_empty_required_field_says_so_in_spanish(spanish):
    page = spanish.get("/register").forms["registerview"].submit()
    errors = {p.text.strip() for p in page.html.select(".invalid-feedback")}
    assert errors == {"Este campo es obligatorio."}


def test_colanders_own_messages_are_in_spanish(app):
    request = Request.blank("/", headers=SPANISH)
    request.registry = app.registry
    with pytest.raises(colander.Invalid) as error:
        colander.SchemaNode(colander.String()).deserialize(colander.null)
    assert request.localizer.translate(error.value.msg) == "Requerido"


def test_index_and_flash_messages_are_in_spanish(as_ana_in_spanish):
    page = as_ana_in_spanish.get("/")
    assert page.html.select_one("h1").text == "¡Hola, ana!"
    assert "Tu cronología está vacía por ahora" in page.text
    form = page.forms["homeview"]
    form["post"] = "Mi primera publicación"
    page = form.submit().follow()
    assert "¡Tu publicación ya es visible!" in page.html.select_one(".alert").text
    assert "escribió" in page.html.select_one("article.post").text


def test_profile_is_in_spanish_with_plural_forms(as_ana_in_spanish, dbsession, ana, bob):
    carol = make_user(dbsession, "carol")
    bob.follow(ana)
    make_posts(dbsession, ana, 1)
    make_posts(dbsession, bob, 3)
    dbsession.flush()

    counts = as_ana_in_spanish.get("/user/ana").html.select_one(".counts").text.split()
    assert " ".join(counts) == "1 publicación 1 seguidor 0 siguiendo"
    carol.follow(ana)
    dbsession.flush()
    counts = as_ana_in_spanish.get("/user/ana").html.select_one(".counts").text.split()
    assert " ".join(counts) == "1 publicación 2 seguidores 0 siguiendo"

    page = as_ana_in_spanish.get("/user/bob")
    assert page.html.select_one("h1").text == "Usuario: bob"
    assert (
        " ".join(page.html.select_one(".counts").text.split())
        == "3 publicaciones 0 seguidores 1 siguiendo"
    )
    (follow,) = {form for form in page.forms.values() if form.action.endswith("/follow")}
    page = follow.submit().follow()
    assert "¡Ahora sigues a bob!" in page.text
    assert "Dejar de seguir" in page.text


def test_english_plural_forms(testapp, dbsession, ana, bob):
    bob.follow(ana)
    make_posts(dbsession, ana, 2)
    login(testapp, "ana")
    counts = testapp.get("/user/ana").html.select_one(".counts").text.split()
    assert " ".join(counts) == "2 posts 1 follower 0 following"


def test_not_found_page_is_in_spanish(as_ana_in_spanish):
    page = as_ana_in_spanish.get("/user/nobody", status=404)
    assert page.html.select_one("h1").text == "Página no encontrada"
    assert "La página que buscas no existe." in page.text
    assert "Volver a la página de inicio" in page.text


def test_forbidden_page_is_in_spanish(spanish, ana, bob):
    login(spanish, "bob")
    page = spanish.get("/user/ana/edit", status=403)
    assert page.html.select_one("h1").text == "Acceso denegado"
    assert "No tienes permiso para hacer eso." in page.text


def test_json_errors_keep_the_http_reason_and_translate_the_message(spanish):
    response = spanish.get("/avatar/nobody.png", headers={"Accept": "application/json"}, status=404)
    assert response.json == {"error": "Not Found", "message": "La página que buscas no existe."}


def test_the_footer_menu_switches_the_language_and_it_sticks(testapp, ana):
    page = testapp.get("/login?next=/explore")
    assert page.html.html["lang"] == "en"
    form = page.forms["language-form"]
    form["language"] = "es"
    response = form.submit(status=303)
    assert response.location == "http://example.com/login?next=/explore"
    assert testapp.cookies[LOCALE_COOKIE] == "es"

    # the choice beats the browser's own preference, page after page
    page = response.follow(headers={"Accept-Language": "en"})
    assert page.html.html["lang"] == "es"
    login(testapp, "ana")
    assert (
        testapp.get("/", headers={"Accept-Language": "en"}).html.select_one("h1").text
        == "¡Hola, ana!"
    )

    form = testapp.get("/explore").forms["language-form"]
    form["language"] = "en"
    page = form.submit().follow()
    assert page.html.html["lang"] == "en"
    assert page.html.select_one("h1").text == "Explore"


def test_an_unknown_language_choice_changes_nothing(testapp):
    form = testapp.get("/login").forms["language-form"]
    form.fields["language"][0].force_value("xx")
    form.submit(status=303)
    assert LOCALE_COOKIE not in testapp.cookies
    assert testapp.get("/login").html.html["lang"] == "en"


def test_a_stale_language_cookie_falls_back_to_accept_language(testapp):
    testapp.set_cookie(LOCALE_COOKIE, "fr")
    assert testapp.get("/login", headers=SPANISH).html.html["lang"] == "es"


def test_page_scripts_get_their_strings_translated(spanish, testapp):
    english = json.loads(
        testapp.get("/login", headers={"Accept-Language": "en"})
        .html.select_one("script#js-messages")
        .string
    )
    assert english["network_error"].startswith("The server could not be reached.")
    spanish_page = spanish.get("/login")
    messages = json.loads(spanish_page.html.select_one("script#js-messages").string)
    assert messages["network_error"].startswith("No se ha podido contactar con el servidor.")


def _area_one(config):
    config.add_js_messages(loading=_("Loading..."))


def _area_two(config):
    config.add_js_messages(loading=_("Please wait..."))


def test_two_areas_cannot_claim_the_same_script_string():
    config = Configurator(settings={"microblog.languages": ["en", "es"]})
    config.include("microblog.i18n")
    config.include(_area_one)
    config.include(_area_two)
    with pytest.raises(ConfigurationConflictError):
        config.commit()


def test_sign_in_with_the_language_already_chosen(testapp, ana):
    testapp.set_cookie(LOCALE_COOKIE, "es")
    form = testapp.get("/login").forms["loginview"]
    form["username"], form["password"] = "ana", PASSWORD
    page = form.submit().follow()
    assert page.html.select_one("h1").text == "¡Hola, ana!"
