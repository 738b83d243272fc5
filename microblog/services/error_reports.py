"""Error reports: with ``MAIL_SERVER`` and ``ADMINS`` set, errors are mailed to the admins.

A handler on the root logger takes every ERROR record logged while this application handles
a request or runs a job (the 500 path logs the unhandled exception), and mails its
traceback and a summary of the request, in addition to the log file. The same error
(same exception type raised at the same line) is mailed at most once per ``INTERVAL``
seconds. The mail leaves outside any transaction: the request that failed is rolled back.
"""

import logging
import threading
import time
import traceback

from pyramid.threadlocal import get_current_registry, get_current_request
from sqlalchemy import inspect as sa_inspect

from ..logs import remove_root_handler
from . import mail

HANDLER_NAME = "microblog-error-reports"
INTERVAL = 300
MAX_SUBJECT = 120


class ErrorMailHandler(logging.Handler):
    """Mails ERROR records of one application to its admins, throttled per distinct error."""

    def __init__(self, registry, interval=INTERVAL, clock=time.monotonic):
        super().__init__(logging.ERROR)
        self.set_name(HANDLER_NAME)
        self.registry = registry
        settings = registry.settings
        self.sender = settings["mail.default_sender"]
        self.admins = list(settings["microblog.admins"])
        self.interval, self.clock = interval, clock
        self._last_sent = {}
        self._lock = threading.Lock()

    def emit(self, record):
        # the mail module's own failures cannot be mailed; other applications of this
        # process (tests build many) report their own errors
        if record.name.startswith(mail.__name__) or get_current_registry() is not self.registry:
            return
        if not self._due(error_key(record)):
            return
        try:
            request = get_current_request()
            message = mail.build_message(
                self.sender, self.admins, subject_of(record), self.report(record, request)
            )
            mail.delivery_for(self.registry, request)(self.sender, self.admins, message)
        except Exception:
            self.handleError(record)

    def _due(self, key):
        now = self.clock()
        with self._lock:
            last = self._last_sent.get(key)
            if last is not None and now - last < self.interval:
                return False
            if len(self._last_sent) > 1000:
                self._last_sent = {
                    k: t for k, t in self._last_sent.items() if now - t < self.interval
                }
            self._last_sent[key] = now
            return True

    def report(self, record, request):
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(record.created))
        lines = [
            "An error occurred in Microblog.",
            "",
            f"Time:    {when}",
            f"Logger:  {record.name} ({record.pathname}:{record.lineno})",
            f"Message: {record.getMessage()}",
            "",
        ]
        if request is not None:
            lines += [
                "Request:",
                *(f"  {name}: {value}" for name, value in request_summary(request)),
                "",
            ]
        if record.exc_info:
            lines += ["".join(traceback.format_exception(*record.exc_info)).rstrip()]
        elif record.stack_info:
            lines += [record.stack_info]
        return "\n".join(lines) + "\n"


def error_key(record):
    """What makes two errors "the same": the exception type and the line that raised it."""
    if record.exc_info and record.exc_info[0] is not None:
        kind, _error, tb = record.exc_info
        frames = traceback.extract_tb(tb)
        where = (frames[-1].filename, frames[-1].lineno) if frames else None
        return (kind.__module__, kind.__qualname__, where)
    return (record.name, record.pathname, record.lineno, str(record.msg))


def subject_of(record):
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        what = f"{type(error).__name__}: {error}"
    else:
        what = record.getMessage()
    what = " ".join(what.split())
    if len(what) > MAX_SUBJECT:
        what = what[: MAX_SUBJECT - 1] + "…"
    return f"[Microblog] Failure: {what}"


def request_summary(request):
    """Method, URL, user and client; never cookies, headers with secrets or form fields."""
    url = request.path_url
    # a reset link in a report would let its readers into the account
    marker = "/reset_password/"
    if marker in request.path_info:
        url = url[: url.index(marker) + len(marker)] + "…"
    elif request.query_string:
        url += "?" + request.query_string
    return [
        ("Method", request.method),
        ("URL", url),
        ("User id", _user_id(request)),
        ("Client", request.client_addr or "unknown"),
        ("User agent", request.user_agent or "none"),
    ]


def _user_id(request):
    # ``request.user`` is reified: read it only if this request has loaded it already, so
    # that reporting never queries a session that may be what failed
    user = request.__dict__.get("user")
    if user is None:
        return "anonymous"
    identity = sa_inspect(user).identity
    return str(identity[0]) if identity else "unknown"


def install(registry):
    """Put this application's handler on the root logger (replacing an earlier one)."""
    root = remove_root_handler(HANDLER_NAME)
    handler = ErrorMailHandler(registry)
    root.addHandler(handler)
    return handler


def includeme(config):
    settings = config.registry.settings
    if settings["mail.host"] and settings["microblog.admins"]:
        config.action(("microblog", "error-reports"), install, args=(config.registry,), order=1000)
