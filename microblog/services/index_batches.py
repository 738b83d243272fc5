"""Index writes gathered into batches, off the web requests' threads.

Writing one post into the Whoosh index costs more than the rest of its request (the writer
opens every segment to replace the post's document, then writes a segment of its own), and
every process queues for the index's one lock meanwhile. So a web request only hands the
ids of the posts it committed to this process's batcher and answers; a thread of the
process writes whatever gathered in the last ``delay`` seconds in one write. Search finds a
post that much later. Commands and jobs still write at once (they may end right after),
and a process that stops normally writes what it holds first; one that is killed leaves
posts out of the index until ``microblog reindex``.
"""

import atexit
import logging
import threading

log = logging.getLogger(__name__)


class IndexBatches:
    """Post ids waiting for the index, written by a thread every ``delay`` seconds."""

    def __init__(self, write, delay):
        self.write = write  # write(post ids): brings the index in line for them
        self.delay = delay
        self.pending = set()
        self.writing = False
        self.hurry = 0  # flushes waiting: the thread writes at once
        self.changed = threading.Condition()
        self.thread = None
        atexit.register(self.flush)

    def add(self, post_ids):
        with self.changed:
            self.pending.update(post_ids)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self.thread.start()
            self.changed.notify_all()

    def flush(self, timeout=30):
        """Wait until every id handed in so far is written; False if that took too long."""
        with self.changed:
            self.hurry += 1
            self.changed.notify_all()
            try:
                return self.changed.wait_for(
                    lambda: not self.pending and not self.writing, timeout=timeout
                )
            finally:
                self.hurry -= 1

    def _run(self):
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.pending)
                # the posts of the next moment join this write, unless someone waits
                self.changed.wait_for(lambda: self.hurry, timeout=self.delay)
                ids, self.pending = self.pending, set()
                self.writing = True
            try:
                self.write(ids)
            except Exception:  # write() logs its own failures; this thread must live on
                log.exception("Writing posts %s to the search index failed", sorted(ids))
            finally:
                with self.changed:
                    self.writing = False
                    self.changed.notify_all()
