"""Mail: written to ``var/mail/`` by default, sent over SMTP when ``MAIL_SERVER`` is set.

Nothing leaves inside a transaction that fails: ``send()`` only hangs the message on the
current transaction, and it is delivered once that transaction has committed. The modules,
by job: ``message`` builds the MIME message, ``localized`` renders it in its reader's
language, ``smtp`` and ``files`` deliver it, ``dispatch`` decides when a delivery runs and
what a failed one does.
"""

from zope.interface import implementer

from ..interfaces import IMailService
from .dispatch import (  # noqa: F401  (re-exported)
    deliver_due,
    deliver_kept_for,
    delivery_for,
    flush,
    register,
)
from .files import FileDelivery
from .localized import render_mail  # noqa: F401  (re-exported)
from .message import build_message
from .outbox import keep
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
        """Keep a message in the outbox with this transaction, and try to deliver it once the
        transaction has committed; ``attachments`` are ``(filename, content_type, bytes)``."""
        recipients = [recipients] if isinstance(recipients, str) else list(recipients)
        message = build_message(self.sender, recipients, subject, text_body, html_body, attachments)
        mail_id = keep(self.request.dbsession, self.sender, recipients, message)
        self.request.tm.get().addAfterCommitHook(self._after_commit, args=(mail_id,))

    def _after_commit(self, committed, mail_id):
        if committed:
            deliver_kept_for(self.request.registry, self.request)(mail_id)


def includeme(config):
    settings = config.registry.settings
    if settings["mail.host"]:
        register(config.registry, SMTPDelivery(settings), background=True)
    else:
        register(config.registry, FileDelivery(settings["microblog.mail_dir"]), background=False)
    config.register_service_factory(lambda context, request: MailService(request), IMailService)
    config.include("..error_reports")
