"""The embedded Redis: one real server per VAR_DIR, shared by every process using it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from microblog.services import redis_watchdog
from microblog.services.embedded_redis import MAX_SOCKET_PATH, EmbeddedRedis

from ..support.jobs import wait_until

# another process (as pserve and a worker are): starts or finds the server, says which
CONNECT = textwrap.dedent("""
    import sys
    from microblog.services.embedded_redis import EmbeddedRedis
    server = EmbeddedRedis(sys.argv[1]).ensure_running()
    info = server.client().info("server")
    print(info["run_id"], info["process_id"])
""")


def connect_from_other_processes(var_dir, count):
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CONNECT, str(var_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    answers = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        run_id, pid = out.split()
        answers.append((run_id, int(pid)))
    return answers


def server_identity(server):
    info = server.client().info("server")
    return info["run_id"], info["process_id"]


def test_the_first_process_starts_the_server_and_the_next_ones_connect_to_it(redis_var_dir):
    server = EmbeddedRedis(redis_var_dir)
    assert not server.answers()
    server.ensure_running()
    assert server.socket == redis_var_dir.resolve() / "redis" / "redis.sock"
    mine = server_identity(server)
    assert int(server.pidfile.read_text()) == mine[1]

    assert connect_from_other_processes(redis_var_dir, 2) == [mine, mine]
    server.client().set("shared", "yes")
    assert EmbeddedRedis(redis_var_dir).client().get("shared") == b"yes"


def test_processes_starting_at_the_same_time_share_one_server(redis_var_dir):
    EmbeddedRedis(redis_var_dir).hold()  # this test reads it after they have gone
    answers = connect_from_other_processes(redis_var_dir, 4)
    assert len(set(answers)) == 1
    [(run_id, pid)] = set(answers)
    server = EmbeddedRedis(redis_var_dir)
    assert server_identity(server) == (run_id, pid)
    assert server.pid() == pid


def test_a_killed_server_leaves_files_behind_and_the_next_process_replaces_it(redis_var_dir):
    server = EmbeddedRedis(redis_var_dir).ensure_running()
    old_run_id, old_pid = server_identity(server)
    server.client().set("kept", "across restarts")
    os.kill(old_pid, signal.SIGKILL)
    wait_until(lambda: not server.answers())
    assert server.pidfile.exists() and server.socket.exists()  # stale, both

    [(run_id, pid)] = connect_from_other_processes(redis_var_dir, 1)
    assert run_id != old_run_id and pid != old_pid
    server.hold()
    assert server.answers()
    assert server.pid() == pid
    # the append-only file kept the data of the killed server
    assert server.client().get("kept") == b"across restarts"


def test_a_stale_pidfile_naming_a_live_stranger_and_a_dead_socket_are_cleared(redis_var_dir):
    server = EmbeddedRedis(redis_var_dir)
    server.directory.mkdir(parents=True)
    # a pid that was reused by a process that is not Redis: this very test
    server.pidfile.write_text(f"{os.getpid()}\n")
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(server.socket))
    dead.close()  # the socket file stays, nobody listens
    assert server.socket.exists() and not server.answers()
    assert server.pid() is None

    server.ensure_running()
    assert server.answers()
    assert server.pid() not in (None, os.getpid())


def test_stop_shuts_the_server_down_and_removes_its_socket_and_pidfile(redis_var_dir):
    server = EmbeddedRedis(redis_var_dir).ensure_running()
    assert server.pid() is not None
    assert server.stop() is True
    assert not server.answers()
    assert not server.socket.exists() and not server.pidfile.exists()
    assert server.pid() is None
    assert server.stop() is False


def test_a_var_dir_too_deep_for_a_unix_socket_gets_a_short_socket_path(redis_var_dir):
    deep = redis_var_dir / ("a-rather-long-folder-name-" * 4) / "var"
    server = EmbeddedRedis(deep)
    assert len(str(server.socket)) <= MAX_SOCKET_PATH
    assert str(redis_var_dir) not in str(server.socket)
    assert EmbeddedRedis(deep).socket == server.socket  # every process agrees
    try:
        server.ensure_running()
        assert server.answers()
        assert server.pidfile.parent == deep.resolve() / "redis"
    finally:
        server.stop()


# a process using the server until it is told to end (a line on stdin) or killed
HOLD = textwrap.dedent("""
    import sys
    from microblog.services.embedded_redis import EmbeddedRedis
    server = EmbeddedRedis(sys.argv[1]).ensure_running()
    print(server.client().info("server")["process_id"], flush=True)
    sys.stdin.readline()
""")


def holding_process(var_dir):
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(var_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    return process, int(process.stdout.readline())


def is_running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and " Z " not in Path(f"/proc/{pid}/stat").read_text()


def test_the_server_stops_once_the_last_process_holding_it_has_exited(redis_var_dir):
    web, redis_pid = holding_process(redis_var_dir)
    worker, same_pid = holding_process(redis_var_dir)
    assert same_pid == redis_pid

    web.kill()  # however a holder ends, it lets go
    web.wait(timeout=30)
    worker.stdin.write("\n")
    worker.stdin.close()
    worker.wait(timeout=30)
    for pipe in (web.stdin, web.stdout, worker.stdout):
        pipe.close()

    wait_until(lambda: not is_running(redis_pid), timeout=30)
    server = EmbeddedRedis(redis_var_dir)
    assert not server.answers()
    assert not server.pidfile.exists(), "a clean shutdown, not a kill"


def test_the_server_runs_while_one_process_still_holds_it(redis_var_dir):
    server = EmbeddedRedis(redis_var_dir).ensure_running()  # this test holds it
    other, pid = holding_process(redis_var_dir)
    other.kill()
    other.wait(timeout=30)
    other.stdin.close()
    other.stdout.close()
    # twice the watchdog's grace: still there
    deadline = time.monotonic() + 2 * redis_watchdog.GRACE
    while time.monotonic() < deadline:
        assert server.answers()
        time.sleep(redis_watchdog.POLL)
    assert server.pid() == pid


def test_a_server_whose_folder_was_deleted_is_stopped(redis_var_dir):
    server = EmbeddedRedis(redis_var_dir).ensure_running()
    pid = server.pid()
    shutil.rmtree(redis_var_dir)
    wait_until(lambda: not is_running(pid), timeout=30)
