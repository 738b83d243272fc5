"""The mail service and the error reports, against a real SMTP server (aiosmtpd)."""

import json
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from pyramid.scripting import prepare

from microblog.i18n import _
from microblog.services.error_reports import HANDLER_NAME
from microblog.services.interfaces import IMailService
from microblog.services.mail import SMTPDelivery, build_message, flush, render_mail

from ..support.factories import login, make_user
from ..support.smtp import Received, SMTPServer, self_signed_certificate
from .conftest import browse

ADMINS = ["admin@example.com", "ops@example.com"]


def test_a_job_mails_an_attachment_that_arrives_byte_for_byte(make_app, smtp):
    app = make_app(**smtp.settings())
    export = json.dumps(
        {"posts": [{"body": "¡Hola, señor! " * 100, "timestamp": "2026-01-01T00:00:00Z"}]}
    ).encode()
    noise = os.urandom(20_000)
    with prepare(registry=app.registry) as env:
        request = env["request"]
        with request.tm:
            request.find_service(IMailService).send(
                ["ana@example.com"],
                "Your posts",
                "Your posts are attached.",
                "<p>Your posts are attached.</p>",
                attachments=[
                    ("posts.json", "application/json", export),
                    ("noise.bin", "application/octet-stream", noise),
                ],
            )
            assert smtp.mailbox.messages == []  # nothing before the commit
        # outside a web request the mail leaves with the commit itself
        [mail] = smtp.mailbox.messages
    attachments = {
        part.get_filename(): part.get_payload(decode=True)
        for part in mail.message.iter_attachments()
    }
    assert attachments == {"posts.json": export, "noise.bin": noise}
    assert mail.body("plain") == "Your posts are attached."
    assert mail.body("html") == "<p>Your posts are attached.</p>"


def test_a_job_whose_transaction_fails_sends_nothing(make_app, smtp):
    app = make_app(**smtp.settings())
    with prepare(registry=app.registry) as env:
        request = env["request"]
        with pytest.raises(RuntimeError), request.tm:
            request.find_service(IMailService).send(["ana@example.com"], "No", "No.")
            raise RuntimeError("the job failed")
    assert flush(app.registry, timeout=10)
    assert smtp.mailbox.messages == []


def test_a_web_request_mails_after_its_commit(make_app, smtp):
    app = make_app(**smtp.settings(), **{"pyramid.includes": "tests.support.mail_views"})
    browse(app).get("/send", status=200)
    [mail] = smtp.mailbox.wait_for(1)
    assert mail.message["Subject"] == "Hello"
    assert mail.message["From"] == "no-reply@microblog.localhost"


def test_a_failed_request_sends_nothing_but_the_admins_hear_of_it(make_app, smtp):
    app = make_app(
        **smtp.settings(),
        **{"microblog.admins": ",".join(ADMINS), "pyramid.includes": "tests.support.mail_views"},
    )
    browse(app).get("/send_then_fail", status=500)
    [report] = smtp.mailbox.wait_for(1)
    assert flush(app.registry, timeout=10)
    assert report.rcpt_tos == ADMINS
    assert smtp.mailbox.to("victim@example.com") == []


def test_an_unhandled_error_reaches_the_admins_once_per_window(make_app, smtp, caplog):
    app = make_app(
        **smtp.settings(),
        **{"microblog.admins": ",".join(ADMINS), "pyramid.includes": "tests.support.boom"},
    )
    web = browse(app)
    with app.registry["dbsession_factory"]() as session:
        ana = make_user(session, "ana")
        session.commit()
    login(web, "ana")
    with caplog.at_level(logging.ERROR):
        web.get("/boom?page=2", status=500)
    [report] = smtp.mailbox.wait_for(1)
    assert report.rcpt_tos == ADMINS
    assert report.message["Subject"] == "[Microblog] Failure: Boom: provoked by the tests"
    body = report.body("plain")
    assert "Traceback (most recent call last)" in body
    assert 'raise Boom("provoked by the tests")' in body
    assert "Method: GET" in body
    assert "URL: http://example.com/boom?page=2" in body
    assert f"User id: {ana.id}" in body
    assert web.cookies["session"] not in body and "Cookie" not in body
    # still in the log file too
    log_file = Path(app.registry.settings["microblog.log_dir"]) / "microblog.log"
    assert "provoked by the tests" in log_file.read_text()

    web.get("/boom", status=500)
    assert flush(app.registry, timeout=10)
    assert len(smtp.mailbox.messages) == 1


def test_without_admins_errors_are_only_logged(make_app, smtp):
    app = make_app(**smtp.settings(), **{"pyramid.includes": "tests.support.boom"})
    browse(app).get("/boom", status=500)
    assert flush(app.registry, timeout=10)
    assert smtp.mailbox.messages == []
    assert HANDLER_NAME not in [h.get_name() for h in logging.getLogger().handlers]


@pytest.fixture
def certificate(tmp_path):
    files = self_signed_certificate(tmp_path)
    if files is None:
        pytest.skip("the openssl command is needed to make a certificate")
    return files


def test_mail_goes_through_starttls_and_a_login_when_configured(make_app, certificate):
    with SMTPServer(credentials=("mailer", "s3cret"), certificate=certificate) as server:
        app = make_app(
            **server.settings(),
            **{
                "mail.tls": True,
                "mail.username": "mailer",
                "mail.password": "s3cret",
                "pyramid.includes": "tests.support.mail_views",
            },
        )
        browse(app).get("/send")
        [mail] = server.mailbox.wait_for(1)
        assert mail.rcpt_tos == ["ana@example.com"]


def test_a_refused_login_is_logged_with_the_recipient(make_app, certificate, caplog):
    with SMTPServer(credentials=("mailer", "s3cret"), certificate=certificate) as server:
        app = make_app(
            **server.settings(),
            **{
                "mail.tls": True,
                "mail.username": "mailer",
                "mail.password": "wrong",
                "pyramid.includes": "tests.support.mail_views",
            },
        )
        with caplog.at_level(logging.ERROR):
            browse(app).get("/send", status=200)
            assert flush(app.registry, timeout=10)
        assert server.mailbox.messages == []
    [failure] = [r for r in caplog.records if r.name.startswith("microblog.services.mail")]
    assert "ana@example.com" in failure.getMessage()
    assert "SMTPAuthenticationError" in failure.getMessage()


def test_a_long_message_is_accepted_by_a_strict_server(smtp):
    delivery = SMTPDelivery({"mail.host": "127.0.0.1", "mail.port": smtp.port})
    text = "".join(f"Line {i}: " + "words " * 10 + "\n" for i in range(300))
    delivery.deliver(
        "a@example.com",
        ["b@example.com"],
        build_message("a@example.com", ["b@example.com"], "Long", text),
    )
    [mail] = smtp.mailbox.wait_for(1)
    assert mail.body("plain") == text


def test_without_a_mail_server_mail_is_written_under_var_mail_after_the_commit(make_app):
    app = make_app()
    mail_dir = Path(app.registry.settings["microblog.mail_dir"])
    with prepare(registry=app.registry) as env:
        request = env["request"]
        mail = request.find_service(IMailService)
        with pytest.raises(RuntimeError), request.tm:
            mail.send(["ana@example.com"], "Aborted", "Never written.")
            raise RuntimeError("rolled back")
        assert not mail_dir.exists() or list(mail_dir.iterdir()) == []
        with request.tm:
            mail.send(
                ["ana@example.com"],
                "Written",
                "Hello, Ana.",
                attachments=[("a.bin", "application/octet-stream", b"\x00\xff")],
            )
    [written] = mail_dir.glob("*.eml")
    message = Received("", [], written.read_bytes()).message
    assert message["Subject"] == "Written"
    assert message.get_body(("plain",)).get_content() == "Hello, Ana."
    [attachment] = message.iter_attachments()
    assert attachment.get_payload(decode=True) == b"\x00\xff"


def test_a_mail_is_rendered_in_the_language_asked_for(make_app):
    app = make_app()
    values = {"user": SimpleNamespace(username="ana"), "url": "http://example.com/x", "minutes": 10}
    with prepare(registry=app.registry) as env:
        request = env["request"]
        localizer = request.localizer
        spanish = render_mail(
            request,
            "reset_password",
            _("[Microblog] Reset Your Password"),
            values,
            locale_name="es",
        )
        assert spanish["subject"] == "[Microblog] Restablece tu contraseña"
        assert "Hola, ana:" in spanish["text_body"]
        assert '<html lang="es">' in spanish["html_body"]
        assert request.localizer is localizer
        english = render_mail(
            request, "reset_password", _("[Microblog] Reset Your Password"), values
        )
    assert '<html lang="en">' in english["html_body"]
    assert english["subject"] == "[Microblog] Reset Your Password"
    assert "http://example.com/x" in english["text_body"]
    assert "expires in 10 minutes" in english["text_body"]
