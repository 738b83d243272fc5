"""The outbox: a mail is kept in the database by the transaction that asks for it, and
removed once it has been delivered.

So a mail exists exactly when its transaction committed, and a delivery that fails (the
SMTP server down, a full disk) loses nothing: the mail waits in the ``outbox`` table and is
tried again, half a minute later, then twice as long each time up to an hour, by any task
worker (``microblog worker``: :func:`deliver_due` on its maintenance round). ``/healthz``
reports what waits there.
"""

import email
import json
import logging
from datetime import timedelta

from repoze.sendmail.encoding import encode_message
from sqlalchemy import delete, func, select, update

from ...models import OutboxMail, utcnow

log = logging.getLogger(__name__)

# a delivery under way is left alone by the other processes this long
LEASE = timedelta(minutes=2)


def keep(dbsession, sender, recipients, message):
    """Put ``message`` in the outbox, inside the current transaction; its id."""
    mail = OutboxMail(
        sender=sender,
        recipients_json=json.dumps(list(recipients)),
        subject=str(message["Subject"])[:255],
        message=encode_message(message),
        # the delivery right after the commit has this long before the workers may try
        next_attempt=utcnow() + LEASE,
    )
    dbsession.add(mail)
    dbsession.flush()
    return mail.id


def deliver_kept(registry, mail_id, delivery):
    """Deliver the kept mail ``mail_id`` through ``delivery``: removed once delivered, tried
    again later if not (each step in a short transaction of its own). True if delivered."""
    sessions = registry["dbsession_factory"]
    with sessions() as session:
        mail = session.get(OutboxMail, mail_id)
        if mail is None:
            return True  # delivered meanwhile
        sender, recipients, subject = mail.sender, mail.recipients, mail.subject
        message = email.message_from_bytes(mail.message)
    to = ", ".join(recipients)
    try:
        where = delivery.deliver(sender, recipients, message)
    except Exception as error:
        with sessions() as session:
            mail = session.get(OutboxMail, mail_id)
            delay = mail.failed(error)
            session.commit()
        log.error(
            "Could not send mail %r to %s: %s: %s; kept in the outbox, next try in %d s",
            subject,
            to,
            type(error).__name__,
            error,
            delay.total_seconds(),
        )
        return False
    with sessions() as session:
        session.execute(delete(OutboxMail).where(OutboxMail.id == mail_id))
        session.commit()
    log.info("Mail to %s: %s (%s)", to, subject, where)
    return True


def deliver_due(registry, delivery, now=None, limit=100):
    """Try again every kept mail whose time has come; the number delivered."""
    sessions = registry["dbsession_factory"]
    now = now or utcnow()
    with sessions() as session:
        due = session.scalars(
            select(OutboxMail.id)
            .where(OutboxMail.next_attempt <= now)
            .order_by(OutboxMail.next_attempt)
            .limit(limit)
        ).all()
    delivered = 0
    for mail_id in due:
        if _claim(sessions, mail_id, now):
            delivered += deliver_kept(registry, mail_id, delivery)
    return delivered


def _claim(sessions, mail_id, now):
    """Take ``mail_id`` for this process (another worker's round may have taken it)."""
    with sessions() as session:
        taken = session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.next_attempt <= now)
            .values(next_attempt=now + LEASE)
        ).rowcount
        session.commit()
    return taken == 1


def backlog(dbsession):
    """How many kept mails have failed at least once (and wait for a retry)."""
    query = select(func.count()).select_from(OutboxMail).where(OutboxMail.attempts > 0)
    return dbsession.scalar(query)
