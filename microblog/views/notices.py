"""Short mails about an account (a new address, a warning from the moderators)."""

from ..services.interfaces import IMailService
from ..services.mail import render_mail


def send_notice(request, user, address, subject, paragraphs, url=None, button=None):
    """A short mail about the account to ``address`` (after the commit)."""
    translate = request.localizer.translate
    values = {
        "user": user,
        "subject": translate(subject),
        "paragraphs": [translate(p) for p in paragraphs],
        "url": url,
        "button": translate(button) if button else None,
    }
    request.find_service(IMailService).send(
        [address], **render_mail(request, "account_notice", subject, values)
    )
