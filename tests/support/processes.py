"""Programs run as an operator runs them: a process whose output the test waits on, and
plain HTTP requests to it over a real socket."""

import contextlib
import http.client
import queue
import re
import signal
import socket
import ssl
import subprocess
import threading
import time
from http.cookies import SimpleCookie


class Process:
    """A running program; ``wait_for`` reads its output until a line matches."""

    def __init__(self, args, **popen):
        self.args = [str(arg) for arg in args]
        self.popen = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen
        )
        self.lines = {"stdout": [], "stderr": []}
        self._queue = queue.Queue()
        self._open = 2
        for name in ("stdout", "stderr"):
            threading.Thread(target=self._read, args=(name,), daemon=True).start()

    def _read(self, name):
        for line in getattr(self.popen, name):
            self._queue.put((name, line))
        self._queue.put((name, None))

    def _next(self, deadline):
        name, line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
        if line is None:
            self._open -= 1
        else:
            self.lines[name].append(line)
        return name, line

    def wait_for(self, pattern, stream=None, timeout=60):
        """The first match of ``pattern`` in a new line (of ``stream`` if given)."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while self._open:
            try:
                name, line = self._next(deadline)
            except queue.Empty:
                break
            if line is not None and stream in (None, name) and (found := regex.search(line)):
                return found
        raise AssertionError(
            f"{pattern!r} never came from {' '.join(self.args)} "
            f"(exit status {self.popen.poll()}):\n{self.output}"
        )

    def finish(self, timeout=120):
        """Wait for the program to end by itself; return its exit status."""
        deadline = time.monotonic() + timeout
        while self._open:
            self._next(deadline)
        self.popen.stdout.close()
        self.popen.stderr.close()
        return self.popen.wait(timeout=max(0.0, deadline - time.monotonic()))

    def stop(self):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
        with contextlib.suppress(queue.Empty):
            self.finish(timeout=30)

    @property
    def output(self):
        return "".join(self.lines["stdout"]) + "".join(self.lines["stderr"])

    def text(self, stream):
        return "".join(self.lines[stream])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process=None, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process is not None and process.popen.poll() is not None:
                raise AssertionError(f"{process.args[0]} exited:\n{process.output}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Response:
    def __init__(self, response, body):
        self.status = response.status
        self.headers = response.headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def cookies(self):
        """``{name: morsel}`` of the Set-Cookie headers, attributes included."""
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return dict(jar)


def fetch(
    port, path, method="GET", headers=None, body=None, source=None, tls_ca=None, host="127.0.0.1"
):
    """One request over a fresh connection (from address ``source``; over TLS trusting
    ``tls_ca`` when given)."""
    source_address = (source, 0) if source else None
    if tls_ca:
        context = ssl.create_default_context(cafile=str(tls_ca))
        connection = http.client.HTTPSConnection(
            host, port, timeout=30, context=context, source_address=source_address
        )
    else:
        connection = http.client.HTTPConnection(
            host, port, timeout=30, source_address=source_address
        )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response, response.read())
    finally:
        connection.close()
