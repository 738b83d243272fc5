"""Delivering a mail to the SMTP server of the ``mail.*`` settings."""

import re
import smtplib
import threading

from pyramid_mailer.mailer import Mailer


class CRLFSMTP(smtplib.SMTP):
    """``smtplib.SMTP`` that sends CRLF line endings.

    repoze.sendmail hands over the message with bare LF line endings, which smtplib passes
    on unchanged for bytes; a strict server (aiosmtpd, many relays) then reads the whole
    message as one line longer than SMTP allows and refuses it ("500 Line too long").
    """

    def sendmail(self, from_addr, to_addrs, msg, mail_options=(), rcpt_options=()):
        if isinstance(msg, bytes):
            msg = re.sub(rb"\r?\n", b"\r\n", msg)
        return super().sendmail(from_addr, to_addrs, msg, mail_options, rcpt_options)


class SMTPDelivery:
    """Sends each message through the SMTP server of the ``mail.*`` settings (pyramid_mailer's
    mailer: TLS, username and password as configured). A failure raises."""

    def __init__(self, settings):
        self.mailer = Mailer.from_settings(settings, prefix="mail.").smtp_mailer
        # repoze.sendmail's hook for making the connection: ours sends CRLF
        self.mailer.smtp = self._connect
        self.server = f"{self.mailer.hostname}:{self.mailer.port}"
        self._current = threading.local()

    def _connect(self, *args, **kwargs):
        # remembered so that a failed delivery can close it: repoze.sendmail only closes
        # the connections that succeed
        self._current.connection = CRLFSMTP(*args, **kwargs)
        return self._current.connection

    def deliver(self, sender, recipients, message):
        """Send ``message``; return where it went (for the log)."""
        try:
            self.mailer.send(sender, recipients, message)
        finally:
            connection, self._current.connection = getattr(self._current, "connection", None), None
            if connection is not None:
                connection.close()
        return f"sent through {self.server}"
