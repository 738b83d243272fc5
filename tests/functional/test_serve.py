"""``microblog serve CONFIG --processes N``: N web processes answer on one port, share
its connections, and stop together."""

import http.client
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


def connections_held(pid, port):
    """How many connections to ``port`` the process ``pid`` has accepted and holds."""
    accepted = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                local_port, state, inode = (
                    int(fields[1].rsplit(":", 1)[1], 16),
                    fields[3],
                    fields[9],
                )
                if local_port == port and state == "01":  # established
                    accepted.add(f"socket:[{inode}]")
    held = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            held += os.readlink(fd) in accepted
        except OSError:
            continue
    return held


def test_a_burst_of_connections_is_spread_over_the_processes(ini):
    """A browser (or a load test) opens its connections at once and keeps them alive: on
    one shared socket the first process awake took them all, and one core served while
    the others idled. Each process has a socket of its own, and the kernel spreads new
    connections over them (by their addresses: 16 all on one process would be a 1 in
    32,768 chance)."""
    port = free_port()
    supervisor = serve(ini, port, "--processes", "2")
    connections = []
    try:
        wait_until(lambda: len(web_processes(ini)) == 2 and answers(port) == 200, timeout=60)
        connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(16)]
        for connection in connections:
            connection.connect()  # all at once, as a burst
        for connection in connections:
            connection.request("GET", "/login")
            connection.getresponse().read()  # and kept alive
        held = [connections_held(pid, port) for pid in web_processes(ini)]
        assert sum(held) == 16
        assert min(held) >= 1, held
    finally:
        for connection in connections:
            connection.close()
        supervisor.send_signal(signal.SIGTERM)
        supervisor.communicate(timeout=60)


def test_a_port_another_server_holds_is_refused(ini):
    port = free_port()
    first = serve(ini, port, "--processes", "2")
    try:
        wait_until(lambda: answers(port) == 200, timeout=60)
        second = serve(ini, port, "--processes", "2")
        output, _ = second.communicate(timeout=60)
        assert second.returncode == 1
        assert f":{port}: [Errno 98] Address already in use" in output
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)


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
