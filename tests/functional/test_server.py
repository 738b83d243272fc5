"""``pserve development.ini http_port=NNNN`` serves on that port, over a real socket."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..support.inis import development_ini

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_served(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read()
        except OSError:
            time.sleep(0.1)  # polling a socket that is not listening yet
    raise AssertionError(f"{url} was never served")


def test_pserve_honours_http_port_on_the_command_line(tmp_path, live_settings):
    ini = development_ini(tmp_path, live_settings["sqlalchemy.url"])
    port = free_port()
    pserve = Path(sys.executable).parent / "pserve"
    process = subprocess.Popen(
        [pserve, str(ini), f"http_port={port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status, body = wait_until_served(f"http://localhost:{port}/login", process)
        assert status == 200
        assert b'name="csrf_token"' in body
    finally:
        process.terminate()
        process.communicate(timeout=10)
