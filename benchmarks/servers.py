"""Servers as the shipped configuration runs them, and what they cost.

The app runs from ``production.ini`` under ``microblog serve --processes auto`` (one waitress
process per core, README "Deploying"); the hello-world Pyramid view (``hello.py``) runs the
same way, so that the two differ only by the application. CPU is counted for a process
tree from ``/proc``: every live process's own time plus what it reaped from its children,
so that database backends that come and go are counted too.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``microblog serve INI --processes auto`` on a port of its own."""

    def __init__(self, ini, environment, log):
        self.port = free_port()
        self.process = subprocess.Popen(
            [BIN / "microblog", "serve", ini, "--processes", "auto", f"http_port={self.port}"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_listening()

    def _wait_until_listening(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}): see its log")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)  # polling a port that is not open yet
        raise RuntimeError(f"nothing listens on port {self.port}")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _stat(pid):
    with open(f"/proc/{pid}/stat") as stat:
        # the command name may hold spaces: the fields start after its closing parenthesis
        return stat.read().rsplit(")", 1)[1].split()


def tree(root):
    """``root`` and every process below it."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                children.setdefault(int(_stat(entry)[1]), []).append(int(entry))
            except (OSError, IndexError):
                continue
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(roots):
    """CPU used so far by the process trees under ``roots``."""
    total = 0
    for root in roots:
        for pid in tree(root):
            try:
                fields = _stat(pid)
            except OSError:
                continue
            # utime, stime, cutime, cstime
            total += sum(int(value) for value in fields[11:15])
    return total / TICK


def rss_bytes(roots):
    total = 0
    for root in roots:
        for pid in tree(root):
            try:
                total += int(_stat(pid)[21]) * PAGE
            except (OSError, IndexError):
                continue
    return total


class Cost:
    """CPU of process trees (the server's, the database server's) while a ``with`` block
    runs, and the peak memory of the server's."""

    def __init__(self, roots, server):
        self.roots = roots
        self.server = server
        self.peak_rss = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.started = cpu_seconds(self.roots)
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.1):
            self.peak_rss = max(self.peak_rss, rss_bytes([self.server]))

    def __exit__(self, *exc):
        self.cpu = cpu_seconds(self.roots) - self.started
        self._stop.set()
        self._sampler.join()
