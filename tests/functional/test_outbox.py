"""Mail is never lost: what cannot be delivered now waits in the outbox, /healthz says so,
and a task worker delivers it once the mail server is back."""

import logging
from datetime import timedelta

from sqlalchemy import select, update

from microblog.models import OutboxMail, utcnow
from microblog.services.mail import flush
from microblog.tasks.worker import AppSimpleWorker, make_worker

from ..support.factories import make_user
from ..support.smtp import SMTPServer
from .conftest import browse


def ask_for_a_link(web, address):
    form = web.get("/reset_password_request").forms["resetpasswordrequestview"]
    form["email"] = address
    return form.submit()


def outbox(app):
    with app.registry["dbsession_factory"]() as session:
        return session.scalars(select(OutboxMail)).all()


def make_due(app):
    with app.registry["dbsession_factory"]() as session:
        session.execute(update(OutboxMail).values(next_attempt=utcnow() - timedelta(seconds=1)))
        session.commit()


def test_a_mail_the_smtp_server_refused_arrives_once_it_is_back(make_app, caplog):
    smtp = SMTPServer()  # its port is chosen; nothing listens on it yet
    app = make_app(**smtp.settings())
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        session.commit()
    web = browse(app)

    with caplog.at_level(logging.ERROR):
        assert ask_for_a_link(web, "ana@example.com").status_int == 303
        assert flush(app.registry, timeout=30)
    [kept] = outbox(app)
    assert kept.attempts == 1 and "ConnectionRefusedError" in kept.last_error
    assert kept.next_attempt > utcnow(), "the next try waits a little"
    assert any("kept in the outbox" in r.getMessage() for r in caplog.records)
    health = web.get("/healthz").json
    assert (health["status"], health["mail"], health["mail_backlog"]) == ("degraded", "backlog", 1)

    with smtp:
        # what a worker does on each maintenance round, once the retry is due
        make_due(app)
        make_worker(app.registry, AppSimpleWorker).work(burst=True)
        [mail] = smtp.mailbox.wait_for(1)
    assert mail.rcpt_tos == ["ana@example.com"]
    assert "/reset_password/" in mail.body("plain")
    assert outbox(app) == []
    assert web.get("/healthz").json["mail"] == "ok"


def test_each_failure_waits_twice_as_long_up_to_an_hour():
    mail = OutboxMail(attempts=0)
    delays = [mail.failed(ConnectionRefusedError("no")).total_seconds() for _ in range(10)]
    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_a_delivered_mail_leaves_the_outbox(make_app, smtp):
    app = make_app(**smtp.settings())
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        session.commit()
    ask_for_a_link(browse(app), "ana@example.com")
    smtp.mailbox.wait_for(1)
    assert flush(app.registry, timeout=30)
    assert outbox(app) == []


def test_nothing_is_kept_when_nothing_is_mailed(make_app, smtp):
    app = make_app(**smtp.settings())
    web = browse(app)
    # an address without an account: nothing is mailed, nothing is kept
    ask_for_a_link(web, "nobody@example.com")
    assert flush(app.registry, timeout=30)
    assert outbox(app) == [] and smtp.mailbox.messages == []
