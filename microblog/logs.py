"""Logs to a rotating file under ``var/log/``, or to stdout when ``LOG_TO_STDOUT`` is set."""

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

HANDLER_NAME = "microblog"
FORMAT = "%(asctime)s %(levelname)-5s [%(name)s:%(lineno)s][%(threadName)s] %(message)s"


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
        handler = RotatingFileHandler(
            log_dir / "microblog.log",
            maxBytes=1_000_000,
            backupCount=10,
            encoding="utf-8",
            delay=True,
        )
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
