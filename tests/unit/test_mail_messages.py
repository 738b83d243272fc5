import email
import email.policy
import logging
import os
import sys

from repoze.sendmail.encoding import encode_message

from microblog.services.error_reports import ErrorMailHandler, error_key, subject_of
from microblog.services.mail import build_message
from microblog.services.mail.dispatch import deliver
from microblog.services.mail.files import FileDelivery


def parse(message):
    return email.message_from_bytes(encode_message(message), policy=email.policy.default)


def test_a_message_carries_both_bodies_and_its_attachments_byte_for_byte():
    text = "¡Hola, Ana! Ñandú, pingüino.\n" + "x" * 300 + "\n"
    html = "<p>¡Hola, <b>Ana</b>!</p>\n"
    binary = os.urandom(4096)
    notes = "línea uno\r\nlínea dos\n".encode()
    message = parse(
        build_message(
            "Microblog <no-reply@microblog.example>",
            ["ana@example.com", "bob@example.com"],
            "[Microblog] Contraseña",
            text,
            html,
            [
                ("posts.json", "application/json", b'{"posts": []}'),
                ("noise.bin", "application/octet-stream", binary),
                ("notes.txt", "text/plain", notes),
            ],
        )
    )
    assert message["Subject"] == "[Microblog] Contraseña"
    assert message["To"] == "ana@example.com, bob@example.com"
    assert message["Message-ID"].endswith("@microblog.example>")
    assert message.get_body(("plain",)).get_content() == text
    assert message.get_body(("html",)).get_content() == html
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert attachments["posts.json"].get_content_type() == "application/json"
    assert attachments["posts.json"].get_payload(decode=True) == b'{"posts": []}'
    assert attachments["noise.bin"].get_payload(decode=True) == binary
    assert attachments["notes.txt"].get_payload(decode=True) == notes
    assert attachments["notes.txt"].get_content_charset() == "utf-8"


def test_a_text_only_message_is_a_single_part():
    message = parse(build_message("a@example.com", ["b@example.com"], "Hi", "Just text.\n"))
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "Just text.\n"


def test_a_non_ascii_attachment_name_is_folded_to_ascii():
    message = parse(
        build_message(
            "a@example.com",
            ["b@example.com"],
            "Hi",
            "text",
            attachments=[("años/ñú.json", "application/json", b"{}")],
        )
    )
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "anos_nu.json"


def record_of(error, line=10):
    try:
        raise error
    except type(error):
        exc_info = sys.exc_info()
    return logging.LogRecord(
        "microblog.views.errors",
        logging.ERROR,
        __file__,
        line,
        "Unhandled error on %s %s",
        ("GET", "/boom"),
        exc_info,
    )


def test_the_same_error_is_the_same_key_and_another_is_not():
    assert error_key(record_of(ValueError("one"))) == error_key(record_of(ValueError("two")))
    assert error_key(record_of(ValueError("one"))) != error_key(record_of(KeyError("one")))


def test_the_subject_names_the_error_on_one_short_line():
    subject = subject_of(record_of(ValueError("bad\nthing " + "x" * 500)))
    assert subject.startswith("[Microblog] Failure: ValueError: bad thing xxx")
    assert "\n" not in subject and len(subject) < 160


class Registry(dict):
    settings = {
        "mail.default_sender": "no-reply@example.com",
        "microblog.admins": ["admin@example.com"],
    }


def test_the_same_error_is_reported_again_only_after_the_interval():
    now = [1000.0]
    handler = ErrorMailHandler(Registry(), interval=300, clock=lambda: now[0])
    key = error_key(record_of(ValueError("x")))
    assert handler._due(key)
    now[0] += 299
    assert not handler._due(key)
    assert handler._due(("another", "error"))
    now[0] += 2
    assert handler._due(key)


def test_a_delivery_that_fails_is_logged_with_its_recipients_and_dropped(tmp_path, caplog):
    blocked = tmp_path / "mail"
    blocked.write_text("a file where the mail folder should be")
    message = build_message("a@example.com", ["bob@example.com"], "Lost", "Never written.")
    with caplog.at_level(logging.INFO):
        deliver(FileDelivery(blocked), "a@example.com", ["bob@example.com"], message)
    [failure] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert failure.levelno == logging.ERROR
    assert "bob@example.com" in failure.getMessage() and "'Lost'" in failure.getMessage()
    assert blocked.read_text() == "a file where the mail folder should be"


def test_a_delivered_mail_is_logged_with_where_it_went(tmp_path, caplog):
    message = build_message("a@example.com", ["bob@example.com"], "Kept", "Written.")
    with caplog.at_level(logging.INFO):
        deliver(FileDelivery(tmp_path), "a@example.com", ["bob@example.com"], message)
    [written] = tmp_path.glob("*.eml")
    assert any(
        "bob@example.com" in r.getMessage() and str(written) in r.getMessage()
        for r in caplog.records
    )
