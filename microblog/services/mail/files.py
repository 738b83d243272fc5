"""Delivering a mail to a file: ``<var>/mail/<time>-<id>.eml`` (the default, for development)."""

import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

from repoze.sendmail.encoding import encode_message

from .message import text_body

log = logging.getLogger(__name__)


class FileDelivery:
    """Writes each message to an ``.eml`` file of ``directory``. A failure raises."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def deliver(self, sender, recipients, message):
        """Write ``message``; return where it went (for the log)."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        self.directory.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode_message(message))
        # the reset links of development, readable in the terminal
        log.debug("Text of %s:\n%s", path.name, text_body(message))
        return f"written to {path}"
