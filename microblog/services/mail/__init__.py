"""Mail: written to ``var/mail/`` by default, sent over SMTP when ``MAIL_SERVER`` is set.

Nothing leaves inside a transaction that fails: ``send()`` only hangs the message on the
current transaction, and it is delivered once that transaction has committed. The modules,
by job: ``message`` builds the MIME message, ``localized`` renders it in its reader's
language, ``smtp`` and ``files`` deliver it, ``dispatch`` decides when a delivery runs and
what a failed one does.
"""

from zope.interface import implementer

from ..interfaces import IMailService
from .dispatch import delivery_for, flush, register  # noqa: F401  (flush is re-exported)
from .files import FileDelivery
from .localized import render_mail  # noqa: F401  (re-exported)
from .message import build_message
from .smtp import SMTPDelivery


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


def includeme(config):
    settings = config.registry.settings
    if settings["mail.host"]:
        register(config.registry, SMTPDelivery(settings), background=True)
    else:
        register(config.registry, FileDelivery(settings["microblog.mail_dir"]), background=False)
    config.register_service_factory(lambda context, request: MailService(request), IMailService)
    config.include("..error_reports")
