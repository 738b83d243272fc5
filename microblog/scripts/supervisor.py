"""The supervisor of ``microblog run`` and ``microblog serve``: child processes that start,
and stop, together.

Started without a terminal (from a script, systemd, ``make run &``) a process may inherit
SIGINT ignored, and Python then never turns it into KeyboardInterrupt: the children get the
default dispositions back, so one signal stops an idle web server and worker in a moment.
"""

import contextlib
import os
import signal
import subprocess
import time

GRACE = 30


def start(args, **options):
    """A child process, in a session of its own, with the default signal dispositions."""
    return subprocess.Popen(args, start_new_session=True, preexec_fn=_default_signals, **options)


def _default_signals():
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


class Supervisor:
    """Waits for its children; the first signal asks them to stop, the next ones insist."""

    def __init__(self, children):
        self.children = children
        self.signals = 0

    def wait(self):
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            while all(child.poll() is None for child in self.children):
                time.sleep(0.2)
            if not self.signals:
                # one of them died on its own: take the other one down too
                self._send(signal.SIGINT)
            deadline = time.monotonic() + GRACE
            while any(child.poll() is None for child in self.children):
                if time.monotonic() > deadline:
                    self._send(signal.SIGKILL)
                time.sleep(0.2)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        failed = [child.returncode for child in self.children if child.returncode]
        return 0 if self.signals or not failed else 1

    def _on_signal(self, signum, frame):
        self.signals += 1
        self._send(signal.SIGINT if self.signals == 1 else signal.SIGTERM)

    def _send(self, signum):
        for child in self.children:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signum)
