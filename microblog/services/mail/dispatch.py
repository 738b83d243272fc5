"""When a committed mail is delivered, and what a failed delivery does.

A delivery (``SMTPDelivery``, ``FileDelivery``) sends one message and raises when it
cannot. A mail of a transaction is in the outbox (``outbox.py``): a failed delivery leaves
it there, to be tried again by the workers. An error report, which no transaction carries
(:func:`deliver`), is logged and dropped when it cannot leave. In a web request SMTP runs
on a background thread (:class:`BackgroundDelivery`), so that a page never waits for the
mail server nor fails with it; elsewhere (jobs, scripts) the mail leaves at once, before
the process may exit.
"""

import atexit
import logging
import os
import queue
import threading

from pyramid_tm import is_tm_active

from . import outbox

log = logging.getLogger(__name__)

DELIVERY = "microblog.mail.delivery"
BACKGROUND = "microblog.mail.background"


def deliver(delivery, sender, recipients, message):
    """Deliver ``message`` through ``delivery`` now; a failure is logged and the mail is
    dropped (whoever asked for it must not fail: the log says who did not get what)."""
    subject, to = str(message["Subject"]), ", ".join(recipients)
    try:
        where = delivery.deliver(sender, recipients, message)
    except Exception as error:
        log.error("Could not send mail %r to %s: %s: %s", subject, to, type(error).__name__, error)
    else:
        log.info("Mail to %s: %s (%s)", to, subject, where)


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
        self.run(deliver, self.delivery, sender, recipients, message)

    def deliver_kept(self, registry, mail_id):
        self.run(outbox.deliver_kept, registry, mail_id, self.delivery)

    def run(self, function, *args):
        """``function(*args)`` on the thread."""
        with self._lock:
            if self._pid != os.getpid():
                self._start()
            self._pending += 1
            self._queue.put((function, args))

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
            function, args = jobs.get()
            try:
                function(*args)
            except Exception:
                log.exception("A mail delivery failed unexpectedly")
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
    delivery = registry[DELIVERY]
    return lambda sender, recipients, message: deliver(delivery, sender, recipients, message)


def deliver_kept_for(registry, request=None):
    """The ``deliver(mail_id)`` of the outbox's mail to use now (as :func:`delivery_for`)."""
    background = registry.get(BACKGROUND)
    if background is not None and request is not None and is_tm_active(request):
        return lambda mail_id: background.deliver_kept(registry, mail_id)
    delivery = registry[DELIVERY]
    return lambda mail_id: outbox.deliver_kept(registry, mail_id, delivery)


def deliver_due(registry):
    """Retry the outbox's mails whose time has come (a worker's maintenance round)."""
    return outbox.deliver_due(registry, registry[DELIVERY])


def flush(registry, timeout=None):
    """Wait for the background deliveries of this application (no-op without SMTP)."""
    background = registry.get(BACKGROUND)
    return background.flush(timeout) if background is not None else True


def register(registry, delivery, background):
    """Make ``delivery`` this application's, behind a background thread if asked."""
    registry[DELIVERY] = delivery
    if background:
        registry[BACKGROUND] = BackgroundDelivery(delivery)
