"""Forgotten passwords, end to end through a real SMTP server (aiosmtpd)."""

import logging
import re
import time
from pathlib import Path

import pytest

from microblog.models import User
from microblog.reset_tokens import make_token
from microblog.services.mail import flush

from ..conftest import SECRET
from ..support.factories import PASSWORD, login, make_user
from ..support.smtp import Received, free_port
from .conftest import browse

LINK = re.compile(r"http://example\.com/reset_password/[A-Za-z0-9._-]+")
NEW_PASSWORD = "a much better password"


@pytest.fixture
def live(make_app, smtp):
    """``(app, web)``: the application on a database of its own, mailing through ``smtp``."""
    app = make_app(**smtp.settings())
    return app, browse(app)


def commit_user(app, username):
    with app.registry["dbsession_factory"]() as session:
        user = make_user(session, username)
        session.commit()
        return user


def ask_for_a_link(web, address, **headers):
    form = web.get("/reset_password_request", headers=headers).forms["resetpasswordrequestview"]
    form["email"] = address
    return form.submit(headers=headers)


def choose_password(web, path, password=NEW_PASSWORD, repeat=None):
    form = web.get(path).forms["resetpasswordview"]
    form["password"] = password
    form["password2"] = repeat or password
    return form.submit()


def test_the_login_page_links_to_the_reset_request(testapp):
    page = testapp.get("/login").click(description="Click to Reset It")
    assert "resetpasswordrequestview" in page.forms
    assert page.forms["resetpasswordrequestview"]["email"].value == ""


def test_a_forgotten_password_is_reset_through_the_mailed_link(live, smtp):
    app, web = live
    ana = commit_user(app, "ana")
    answer = ask_for_a_link(web, "Ana@Example.com")
    assert answer.status_int == 303 and answer.location == "http://example.com/login"
    assert "Check your email for the instructions" in answer.follow().text

    [mail] = smtp.mailbox.wait_for(1)
    assert mail.rcpt_tos == ["ana@example.com"]
    assert mail.message["Subject"] == "[Microblog] Reset Your Password"
    text, html = mail.body("plain"), mail.body("html")
    assert "Dear ana," in text and "Dear ana," in html
    url = LINK.search(text).group(0)
    assert f'href="{url}"' in html

    path = url.removeprefix("http://example.com")
    done = choose_password(web, path)
    assert done.location == "http://example.com/login"
    assert "Your password has been reset." in done.follow().text

    web.reset()
    assert "Invalid username or password." in login(web, "ana", PASSWORD).text
    assert login(web, "ana", NEW_PASSWORD).location == "http://example.com/"
    with app.registry["dbsession_factory"]() as session:
        assert session.get(User, ana.id).check_password(NEW_PASSWORD)

    web.reset()
    used = web.get(path, status=303)
    assert used.location == "http://example.com/reset_password_request"
    assert "invalid or has already been used" in used.follow().text


def test_the_mail_speaks_the_language_of_the_page_it_was_asked_from(live, smtp):
    app, web = live
    commit_user(app, "ana")
    spanish = {"Accept-Language": "es"}
    answer = ask_for_a_link(web, "ana@example.com", **spanish)
    assert "Revisa tu correo" in answer.follow(headers=spanish).text
    [mail] = smtp.mailbox.wait_for(1)
    assert mail.message["Subject"] == "[Microblog] Restablece tu contraseña"
    assert "Hola, ana:" in mail.body("plain")
    assert "caduca en 10 minutos" in mail.body("html")


def test_the_link_lives_as_long_as_reset_token_expires_says(make_app, smtp):
    app = make_app(**smtp.settings(), **{"microblog.reset_token_expires": 120})
    commit_user(app, "ana")
    before = time.time()
    ask_for_a_link(browse(app), "ana@example.com")
    [mail] = smtp.mailbox.wait_for(1)
    token = LINK.search(mail.body("plain")).group(0).rsplit("/", 1)[1]
    assert before + 119 <= int(token.split(".")[1]) <= time.time() + 121
    assert "expires in 2 minutes" in mail.body("plain")


def test_an_expired_link_says_so_and_offers_a_new_one(live):
    app, web = live
    ana = commit_user(app, "ana")
    token = make_token(ana, SECRET, 600, now=time.time() - 3600)
    answer = web.get(f"/reset_password/{token}", status=303)
    assert answer.location == "http://example.com/reset_password_request"
    page = answer.follow()
    assert "This password reset link has expired." in page.text
    assert "resetpasswordrequestview" in page.forms


@pytest.mark.parametrize("token", ["not-a-token", "1.99999999999.forged", "ab" * 200])
def test_a_bad_link_says_so_and_offers_a_new_one(testapp, ana, token):
    page = testapp.get(f"/reset_password/{token}", status=303).follow()
    assert "invalid or has already been used" in page.text
    assert "resetpasswordrequestview" in page.forms


def test_a_tampered_link_is_refused_and_changes_nothing(testapp, ana):
    token = make_token(ana, SECRET, 600)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    testapp.get(f"/reset_password/{tampered}", status=303)
    csrf = testapp.get("/reset_password_request").forms["resetpasswordrequestview"]
    answer = testapp.post(
        f"/reset_password/{tampered}",
        {
            "csrf_token": csrf["csrf_token"].value,
            "password": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        status=303,
    )
    assert answer.location == "http://example.com/reset_password_request"
    assert ana.check_password(PASSWORD)


def test_a_good_link_shows_the_new_password_form(testapp, ana):
    page = testapp.get(f"/reset_password/{make_token(ana, SECRET, 600)}")
    assert set(page.forms["resetpasswordview"].fields) >= {"password", "password2", "csrf_token"}


def test_mismatched_passwords_are_refused_on_the_field(testapp, ana):
    path = f"/reset_password/{make_token(ana, SECRET, 600)}"
    page = choose_password(testapp, path, NEW_PASSWORD, "something else entirely")
    assert page.status_int == 200
    assert "The two passwords do not match." in page.text
    assert ana.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(live, smtp):
    app, web = live
    commit_user(app, "ana")
    known = ask_for_a_link(web, "ana@example.com")
    known_page = known.follow()
    unknown = ask_for_a_link(web, "nobody@example.com")
    unknown_page = unknown.follow()
    assert (unknown.status_int, unknown.location) == (known.status_int, known.location)
    assert "Check your email" in known_page.html.select_one(".alert").text
    assert unknown_page.html.select_one(".alert").text == known_page.html.select_one(".alert").text
    smtp.mailbox.wait_for(1)
    assert flush(app.registry, timeout=10)
    assert [m.rcpt_tos for m in smtp.mailbox.messages] == [["ana@example.com"]]


def test_a_malformed_address_is_refused_on_the_field(testapp):
    form = testapp.get("/reset_password_request").forms["resetpasswordrequestview"]
    form["email"] = "not an address"
    page = form.submit()
    assert page.status_int == 200
    assert "Invalid email address." in page.text


def test_signed_in_users_are_sent_home(as_ana, ana):
    assert as_ana.get("/reset_password_request", status=303).location == "http://example.com/"
    token = make_token(ana, SECRET, 600)
    assert as_ana.get(f"/reset_password/{token}", status=303).location == "http://example.com/"


def test_the_bare_reset_path_leads_to_the_request_form(testapp):
    assert (
        testapp.get("/reset_password", status=303).location
        == "http://example.com/reset_password_request"
    )


def test_with_the_smtp_server_down_the_page_works_and_the_failure_is_logged(make_app, caplog):
    app = make_app(**{"mail.host": "127.0.0.1", "mail.port": free_port()})
    commit_user(app, "ana")
    with caplog.at_level(logging.INFO):
        answer = ask_for_a_link(browse(app), "ana@example.com")
        assert answer.status_int == 303
        assert "Check your email" in answer.follow().text
        assert flush(app.registry, timeout=30)
    failures = [
        r
        for r in caplog.records
        if r.levelno == logging.ERROR and r.name.startswith("microblog.services.mail")
    ]
    assert len(failures) == 1
    assert "ana@example.com" in failures[0].getMessage()
    assert "ConnectionRefusedError" in failures[0].getMessage()


def test_without_a_mail_server_the_link_is_written_under_var_mail(make_app, live_settings, caplog):
    app = make_app()
    web = browse(app)
    commit_user(app, "ana")
    with caplog.at_level(logging.INFO):
        ask_for_a_link(web, "ana@example.com")
        ask_for_a_link(web, "nobody@example.com")
    mail_dir = Path(live_settings["microblog.var_dir"]) / "mail"
    [written] = list(mail_dir.glob("*.eml"))
    mail = Received("", [], written.read_bytes())
    assert mail.message["To"] == "ana@example.com"
    url = LINK.search(mail.body("plain")).group(0)
    done = choose_password(web, url.removeprefix("http://example.com"))
    assert "Your password has been reset." in done.follow().text
    assert any(
        "ana@example.com" in r.getMessage()
        and "[Microblog] Reset Your Password" in r.getMessage()
        and str(written) in r.getMessage()
        for r in caplog.records
    )
