"""Logs to ``var/log/microblog.log``, or to stdout when ``LOG_TO_STDOUT`` is set.

Every process of a site (web servers, workers, commands) appends to the same file, so none
of them may rotate it: a process that renamed it would leave the others writing into the
renamed file. The file is rotated from outside (logrotate: ``deploy/logrotate/microblog``),
and each process notices that the file it was writing has been moved and reopens the name
(``WatchedFileHandler``). Under systemd and in containers, ``LOG_TO_STDOUT`` hands the lines
to the journal or the platform instead.
"""

import logging
import sys
from logging.handlers import WatchedFileHandler
from pathlib import Path

HANDLER_NAME = "microblog"
LOG_FILE = "microblog.log"
FORMAT = "%(asctime)s %(levelname)-5s [%(name)s:%(lineno)s][%(threadName)s] %(message)s"


class SharedLogFileHandler(WatchedFileHandler):
    """Reopens the file once it has been moved; when it cannot be opened at all (its folder
    deleted), the record is reported as logging reports its own failures, never raised
    into the code that was logging."""

    def emit(self, record):
        try:
            self.reopenIfNeeded()
            if self.stream is None:
                self.stream = self._open()
        except OSError:
            self.handleError(record)
            return
        logging.StreamHandler.emit(self, record)


def remove_root_handler(name):
    """Take the root logger's handler named ``name`` off, if it has one (an application
    built again in the same process replaces its handlers)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == name:
            root.removeHandler(handler)
            handler.close()
    return root


def configure_logging(settings):
    """Add (or replace) our handler on the root logger; safe to call more than once."""
    root = remove_root_handler(HANDLER_NAME)
    if settings["microblog.log_to_stdout"]:
        if any(getattr(h, "stream", None) is sys.stdout for h in root.handlers):
            return
        handler = logging.StreamHandler(sys.stdout)
    else:
        log_dir = Path(settings["microblog.log_dir"])
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = SharedLogFileHandler(log_dir / LOG_FILE, encoding="utf-8", delay=True)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
