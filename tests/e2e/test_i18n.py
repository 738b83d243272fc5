import re

from playwright.sync_api import expect

from .conftest import PASSWORD, sign_in


def test_the_footer_menu_switches_to_spanish_for_every_next_page(live_server, page):
    live_server.create_user("ana", PASSWORD)
    page.goto(f"{live_server.url}/login")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.select_option("#language-menu", "es")
    page.click("#language-form button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("#loginviewsubmit")).to_have_text("Iniciar sesión")

    sign_in(page, live_server, "ana")
    expect(page.locator("h1")).to_have_text("¡Hola, ana!")
    page.fill("textarea[name=post]", "Escrito con el menú en español")
    page.click("#homeviewsubmit")
    expect(page.locator(".alert-success")).to_contain_text("¡Tu publicación ya es visible!")
    expect(page.locator("article.post time.rendered").first).to_have_text("ahora")


def test_page_scripts_read_their_strings_in_the_page_language(live_server, new_page):
    page = new_page(locale="es-ES")
    page.goto(f"{live_server.url}/login")
    assert page.evaluate("microblog.t('network_error')").startswith(
        "No se ha podido contactar con el servidor."
    )
    # an unknown key shows itself, placeholders filled, so a missing string is noticed
    assert page.evaluate("microblog.t('Hello ${name}', {name: 'ana'})") == "Hello ana"


def test_the_profile_gives_the_day_a_user_joined_in_the_readers_language(live_server, new_page):
    live_server.create_user("ana", PASSWORD)
    page = new_page(locale="es-ES", timezone_id="Europe/Madrid")
    sign_in(page, live_server, "ana")
    page.goto(f"{live_server.url}/user/ana")
    since = page.locator(".member-since")
    expect(since.locator("time.rendered")).to_have_text(re.compile(r"^\d{1,2} de \w+ de \d{4}$"))
    expect(since).to_contain_text("Miembro desde")
