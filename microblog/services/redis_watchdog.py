"""Who holds the embedded Redis, and the watchdog that stops it when nobody does any more.

Every process that uses the embedded Redis of a ``VAR_DIR`` (a web server, a worker, the
``microblog run`` supervisor) leaves a file named after its pid in ``<var>/redis/holders/``.
The server is started with a watchdog beside it: a small process that keeps a connection to
the server open and looks at the holders twice a second. When none of them is alive any
more (however they ended: Ctrl-C, SIGKILL, a crash) it shuts the server down, saving its
data; when the server's folder has been deleted under it, it shuts it down without saving
(a Redis that cannot write its final save ignores SIGTERM), over the connection it kept,
since the socket file went with the folder.

This file is also the watchdog's program (``python redis_watchdog.py FOLDER SOCKET``): it
needs nothing but the standard library and redis-py, so it starts fast and small.
"""

import atexit
import contextlib
import os
import sys
import time
from pathlib import Path

POLL = 0.5
# nobody holding the server this long (a web server restarting) before it is stopped
GRACE = 2.0


def holders_folder(directory):
    return Path(directory) / "holders"


def process_start(pid):
    """When ``pid`` started (in clock ticks since boot), to tell it from a later process that
    got the same pid; None where /proc does not say."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def is_alive(pid, started):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, someone else's
    return not started or process_start(pid) in (None, started)


def hold(directory):
    """Count this process among the holders of the server in ``directory`` until it exits."""
    folder = holders_folder(directory)
    folder.mkdir(parents=True, exist_ok=True)
    pid = os.getpid()
    marker = folder / str(pid)
    marker.write_text(process_start(pid) or "")
    atexit.register(_let_go, marker, pid)


def _let_go(marker, pid):
    # a forked child inherits the parent's atexit handlers: only the holder lets go
    if os.getpid() == pid:
        with contextlib.suppress(OSError):
            marker.unlink()


def live_holders(directory):
    """The pids holding the server; the files of dead holders are removed on the way."""
    alive = []
    with contextlib.suppress(FileNotFoundError):
        for marker in holders_folder(directory).iterdir():
            try:
                pid, started = int(marker.name), marker.read_text().strip()
            except (ValueError, OSError):
                continue
            if is_alive(pid, started):
                alive.append(pid)
            else:
                with contextlib.suppress(OSError):
                    marker.unlink()
    return alive


def connect(socket):
    """A client holding one connection to the server, open from now on."""
    import redis

    client = redis.Redis(unix_socket_path=str(socket), single_connection_client=True)
    client.ping()
    return client


def watch(directory, client, poll=POLL, grace=GRACE):
    """Stop the server (``client``'s) once ``directory`` has had no live holder for
    ``grace`` seconds, or at once without saving when ``directory`` is gone. Returns when
    the server is down."""
    import redis

    try:
        unheld_since = None
        while True:
            time.sleep(poll)
            if not Path(directory).exists():
                _shutdown(client, nosave=True)
                return
            client.ping()
            if live_holders(directory):
                unheld_since = None
            elif unheld_since is None:
                unheld_since = time.monotonic()
            elif time.monotonic() - unheld_since >= grace:
                _shutdown(client, nosave=False)
                return
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
        return  # the server went away by itself (stopped, killed)
    finally:
        client.close()


def _shutdown(client, nosave):
    import redis

    try:
        client.shutdown(nosave=nosave)
    except redis.exceptions.ResponseError:
        # the final save failed (a full or read-only disk): the data on disk is the
        # append-only file's, synced every second; stop all the same
        client.shutdown(nosave=True)


def detach():
    """Go on in a grandchild of the caller's process, in a session of its own, so that the
    process that started the watchdog never has to wait for it."""
    if os.fork():
        os._exit(0)
    os.setsid()
    if os.fork():
        os._exit(0)


if __name__ == "__main__":
    # connected before the starter goes on: its folder may be deleted the next moment
    server = connect(Path(sys.argv[2]))
    detach()
    watch(Path(sys.argv[1]), server)
