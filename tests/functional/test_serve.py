"""``microblog serve CONFIG --processes N``: N web processes answer on one port, and stop
together."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.jobs import wait_until
from ..support.processes import fetch, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ini(tmp_path, live_settings):
    path = tmp_path / "serve.ini"
    path.write_text(
        (ROOT / "development.ini")
        .read_text()
        .replace(
            "microblog.var_dir = %(here)s/var",
            f"microblog.var_dir = {tmp_path}/var\n"
            f"sqlalchemy.url = {live_settings['sqlalchemy.url']}",
        )
    )
    return path


def web_processes(ini):
    """The pids of the web processes serving ``ini``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                command = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"microblog.scripts.web_process" in command and str(ini).encode() in command:
                found.append(int(proc.name))
    return found


def answers(port):
    try:
        return fetch(port, "/login").status
    except OSError:
        return None


def serve(ini, port, *options):
    return subprocess.Popen(
        [sys.executable, "-m", "microblog.scripts", "serve", ini, *options, f"http_port={port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def test_several_processes_serve_one_port_and_stop_together(ini):
    port = free_port()
    supervisor = serve(ini, port, "--processes", "2")
    try:
        wait_until(lambda: answers(port) == 200, timeout=60)
        assert len(web_processes(ini)) == 2
        assert all(answers(port) == 200 for _ in range(10))
    finally:
        supervisor.send_signal(signal.SIGTERM)
        output, _ = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 0, output
    assert f"Serving on http://127.0.0.1:{port} with 2 processes" in output
    assert web_processes(ini) == []
    assert answers(port) is None


def test_when_one_process_dies_the_others_stop_too(ini):
    port = free_port()
    supervisor = serve(ini, port, "--processes", "2")
    try:
        wait_until(lambda: len(web_processes(ini)) == 2 and answers(port) == 200, timeout=60)
        os.kill(web_processes(ini)[0], signal.SIGKILL)
        supervisor.wait(timeout=60)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
        supervisor.communicate(timeout=30)
    assert supervisor.returncode == 1
    assert web_processes(ini) == []


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_a_process_count_is_a_positive_number_or_auto(ini, value):
    result = subprocess.run(
        [sys.executable, "-m", "microblog.scripts", "serve", ini, "--processes", value],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "neither a positive number nor auto" in result.stderr
