"""A real SMTP server for the tests: aiosmtpd on a free local port, keeping what it receives."""

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port():
    """A port nobody listens on (right now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    raw: bytes

    @property
    def message(self):
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    def body(self, subtype):
        """A text body, with the line endings it was written with (SMTP sends CRLF)."""
        return self.message.get_body((subtype,)).get_content().replace("\r\n", "\n")


class Mailbox:
    """The aiosmtpd handler: stores each accepted message and wakes up whoever waits."""

    def __init__(self):
        self.messages = []
        self._changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self._changed:
            self.messages.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.original_content or envelope.content,
                )
            )
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count=1, timeout=10):
        """The first ``count`` messages, once they have arrived (fails after ``timeout``)."""
        with self._changed:
            arrived = self._changed.wait_for(lambda: len(self.messages) >= count, timeout)
        assert arrived, f"expected {count} mail(s), got {len(self.messages)}"
        return self.messages[:count]

    def to(self, address):
        return [m for m in self.messages if address in m.rcpt_tos]


def self_signed_certificate(directory):
    """``(certificate, key)`` files for localhost, made by the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    directory = Path(directory)
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


class SMTPServer:
    """aiosmtpd in a thread.

    With ``certificate=(cert, key)`` it requires STARTTLS; with ``credentials=(user,
    password)`` as well, it also requires a login (over TLS only, as real servers do).
    """

    def __init__(self, credentials=None, certificate=None):
        self.mailbox = Mailbox()
        self.port = free_port()
        options = {}
        if certificate:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*map(str, certificate))
            options = {"tls_context": context, "require_starttls": True}
        if credentials:
            options.update(authenticator=_Authenticator(*credentials), auth_required=True)
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **options)

    def settings(self):
        return {"mail.host": "127.0.0.1", "mail.port": self.port}

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class _Authenticator:
    def __init__(self, username, password):
        self.username, self.password = username.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        good = (auth_data.login, auth_data.password) == (self.username, self.password)
        # handled=False: aiosmtpd answers the refusal itself (535)
        return AuthResult(success=good, handled=False)
