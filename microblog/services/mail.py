"""Mail: written to ``var/mail/`` by default, sent over SMTP when ``MAIL_SERVER`` is set.

Nothing leaves inside a transaction that fails: ``send()`` only hangs the message on the
current transaction, and it is delivered once that transaction has committed. In a web
request, SMTP delivery then happens on a background thread, so that a page never waits for
the mail server nor fails with it; a job or a script (no pyramid_tm tween around it)
delivers right after its commit, before its process may exit. A delivery that fails is
logged with its recipients and dropped.
"""

import atexit
import logging
import os
import queue
import re
import smtplib
import threading
import unicodedata
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from email import charset as email_charset
from email import encoders
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from pyramid.i18n import make_localizer
from pyramid.interfaces import ILocalizer, ITranslationDirectories
from pyramid.renderers import render
from pyramid_mailer.mailer import Mailer
from pyramid_tm import is_tm_active
from repoze.sendmail.encoding import encode_message
from zope.interface import implementer

from .interfaces import IMailService

log = logging.getLogger(__name__)

DELIVERY = "microblog.mail.delivery"
BACKGROUND = "microblog.mail.background"
TEMPLATES = "microblog:templates/email/"

# text bodies as quoted-printable: 7-bit safe for any SMTP server, and still readable in an
# .eml file opened in an editor
UTF8_QP = email_charset.Charset("utf-8")
UTF8_QP.body_encoding = email_charset.QP


# the message ------------------------------------------------------------------------------
def build_message(sender, recipients, subject, text_body, html_body=None, attachments=()):
    """A MIME message: the text body, the HTML alternative, then the attachments.

    ``attachments`` are ``(filename, content_type, bytes)``; their bytes travel base64
    encoded, so they arrive exactly as given.
    """
    message = MIMEText(text_body, "plain", UTF8_QP)
    if html_body is not None:
        alternative = MIMEMultipart("alternative")
        alternative.attach(message)
        alternative.attach(MIMEText(html_body, "html", UTF8_QP))
        message = alternative
    if attachments:
        mixed = MIMEMultipart("mixed")
        mixed.attach(message)
        for filename, content_type, data in attachments:
            mixed.attach(_attachment(filename, content_type, data))
        message = mixed
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(usegmt=True)
    # a domain of our own: without one, make_msgid asks the DNS for this host's name
    domain = parseaddr(sender)[1].rpartition("@")[2] or "microblog.localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    return message


def _attachment(filename, content_type, data):
    header = Message()
    header["Content-Type"] = content_type
    part = MIMEBase(header.get_content_maintype(), header.get_content_subtype())
    part.set_payload(bytes(data))
    encoders.encode_base64(part)
    if part.get_content_maintype() == "text":
        part.set_charset(header.get_content_charset() or "utf-8")
    part.add_header("Content-Disposition", "attachment", filename=_ascii_filename(filename))
    return part


def _ascii_filename(filename):
    # repoze.sendmail cannot re-encode RFC 2231 (non-ASCII) parameters: "años.json" is
    # sent as "anos.json"
    folded = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    return re.sub(r'[\\/"\x00-\x1f]', "_", folded).strip() or "attachment"


# how it leaves ----------------------------------------------------------------------------
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
    mailer: TLS, username and password as configured)."""

    def __init__(self, settings):
        self.mailer = Mailer.from_settings(settings, prefix="mail.").smtp_mailer
        self.mailer.smtp = self._connect
        self._current = threading.local()

    def _connect(self, *args, **kwargs):
        # remembered so that a failed delivery can close it: repoze.sendmail only closes
        # the connections that succeed
        self._current.connection = CRLFSMTP(*args, **kwargs)
        return self._current.connection

    def deliver(self, sender, recipients, message):
        subject = str(message["Subject"])
        try:
            self.mailer.send(sender, recipients, message)
        except Exception as error:
            # whatever went wrong (refused, unreachable, timed out), the mail is lost but
            # whoever asked for it must not fail: say who did not get what
            log.error(
                "Could not send mail %r to %s: %s: %s",
                subject,
                ", ".join(recipients),
                type(error).__name__,
                error,
            )
        else:
            log.info("Mail sent to %s: %s", ", ".join(recipients), subject)
        finally:
            connection, self._current.connection = getattr(self._current, "connection", None), None
            if connection is not None:
                connection.close()


class FileDelivery:
    """Writes each message to ``<var>/mail/<time>-<id>.eml`` (the default, for development)."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def deliver(self, sender, recipients, message):
        subject, text = str(message["Subject"]), _text_body(message)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path.write_bytes(encode_message(message))
        except OSError:
            log.exception(
                "Could not write mail %r to %s into %s",
                subject,
                ", ".join(recipients),
                self.directory,
            )
            return
        log.info("Mail to %s: %s (written to %s)", ", ".join(recipients), subject, path)
        log.debug("Text of %s:\n%s", path.name, text)


def _text_body(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


class BackgroundDelivery:
    """Delivers through ``delivery`` on a thread of its own, so that the caller never waits.

    One thread per process (a fork does not inherit threads: a forked process starts its
    own); ``flush()`` waits until everything handed over so far has been delivered.
    """

    def __init__(self, delivery):
        self.delivery = delivery
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._pid = None
        self._queue = None
        atexit.register(self.flush, 10)

    def deliver(self, sender, recipients, message):
        with self._lock:
            if self._pid != os.getpid():
                self._start()
            self._pending += 1
            self._queue.put((sender, recipients, message))

    def flush(self, timeout=None):
        """Wait until the queue is empty; ``False`` if ``timeout`` seconds were not enough."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _start(self):
        self._pid, self._pending, self._queue = os.getpid(), 0, queue.SimpleQueue()
        threading.Thread(
            target=self._run, args=(self._queue,), name="microblog-mail", daemon=True
        ).start()

    def _run(self, jobs):
        while True:
            sender, recipients, message = jobs.get()
            try:
                self.delivery.deliver(sender, recipients, message)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()


def delivery_for(registry, request=None):
    """The ``deliver(sender, recipients, message)`` to use now.

    Inside a web request (the pyramid_tm tween is active) SMTP goes through the background
    thread; elsewhere (jobs, scripts) the mail leaves at once.
    """
    background = registry.get(BACKGROUND)
    if background is not None and request is not None and is_tm_active(request):
        return background.deliver
    return registry[DELIVERY].deliver


def flush(registry, timeout=None):
    """Wait for the background deliveries of this application (no-op without SMTP)."""
    background = registry.get(BACKGROUND)
    return background.flush(timeout) if background is not None else True


# the service ------------------------------------------------------------------------------
@implementer(IMailService)
class MailService:
    """Sends mail after the request's transaction commits (never inside a failed one).

    Works in a web request and on a ``pyramid.scripting.prepare`` request inside
    ``with request.tm:`` (a job): the message leaves when that transaction commits.
    """

    def __init__(self, request):
        self.request = request
        self.sender = request.registry.settings["mail.default_sender"]

    def send(self, recipients, subject, text_body, html_body=None, attachments=()):
        """Queue a message; ``attachments`` are ``(filename, content_type, bytes)``."""
        recipients = [recipients] if isinstance(recipients, str) else list(recipients)
        message = build_message(self.sender, recipients, subject, text_body, html_body, attachments)
        self.request.tm.get().addAfterCommitHook(self._after_commit, args=(recipients, message))

    def _after_commit(self, committed, recipients, message):
        if committed:
            deliver = delivery_for(self.request.registry, self.request)
            deliver(self.sender, recipients, message)


def render_mail(request, template, subject, values, locale_name=None):
    """The ``subject``, ``text_body`` and ``html_body`` of a mail, as keyword arguments for
    :meth:`IMailService.send`.

    The bodies come from ``templates/email/<template>.txt.jinja2`` and ``.html.jinja2``; the
    subject (a translation string) and the bodies are in ``locale_name``, by default the
    request's language.
    """
    with _speaking(request, locale_name):
        return {
            "subject": request.localizer.translate(subject),
            "text_body": render(f"{TEMPLATES}{template}.txt.jinja2", values, request=request),
            "html_body": render(f"{TEMPLATES}{template}.html.jinja2", values, request=request),
        }


@contextmanager
def _speaking(request, locale_name):
    """Let ``request.localizer`` (which the templates' ``_`` use) speak ``locale_name``."""
    if not locale_name or locale_name == request.locale_name:
        yield
        return
    registry = request.registry
    localizer = registry.queryUtility(ILocalizer, name=locale_name)
    if localizer is None:
        directories = registry.queryUtility(ITranslationDirectories, default=[])
        localizer = make_localizer(locale_name, directories)
        registry.registerUtility(localizer, ILocalizer, name=locale_name)
    saved = request.__dict__.get("localizer")
    request.localizer = localizer
    try:
        yield
    finally:
        if saved is None:
            del request.localizer
        else:
            request.localizer = saved


def includeme(config):
    settings = config.registry.settings
    if settings["mail.host"]:
        delivery = SMTPDelivery(settings)
        config.registry[BACKGROUND] = BackgroundDelivery(delivery)
    else:
        delivery = FileDelivery(settings["microblog.mail_dir"])
    config.registry[DELIVERY] = delivery
    config.register_service_factory(lambda context, request: MailService(request), IMailService)
    config.include(".error_reports")
