"""A throwaway PostgreSQL cluster in a temporary directory, for the tests.

Started with the ``initdb``/``pg_ctl`` found on the machine, listening only on a Unix socket
inside the directory. PostgreSQL refuses to run as root, so as root the cluster runs as the
``postgres`` (or ``nobody``) account.
"""

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest


def find_binary(name):
    found = shutil.which(name)
    if found:
        return found
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        candidate = base / name
        if candidate.exists():
            return str(candidate)
    return None


def available():
    return find_binary("initdb") is not None and find_binary("pg_ctl") is not None


@contextlib.contextmanager
def running_cluster():
    """A started throwaway cluster, removed afterwards (skips where PostgreSQL is missing)."""
    if not available():
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found on this machine")
    # not under pytest's own temporary folder: that one is private to root, and as root
    # the cluster runs as another account
    directory = tempfile.mkdtemp(prefix="microblog-pg-")
    cluster = ThrowawayPostgres(directory)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


class ThrowawayPostgres:
    def __init__(self, directory, port=54329):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.socket_dir = self.directory / "socket"
        self.port = port
        self.user = None

    def _run(self, *args):
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self):
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self.user = _unprivileged_user()
            uid = pwd.getpwnam(self.user).pw_uid
            for path in (self.directory, self.socket_dir):
                os.chown(path, uid, -1)
        self._run(
            find_binary("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        return self.serve()

    def serve(self):
        """Start the server of the initialized cluster (again, after ``stop``)."""
        options = (
            f"-k {self.socket_dir} -p {self.port} -c listen_addresses='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            find_binary("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )
        return self

    def stop(self, mode="immediate"):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(find_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "stop")

    def url(self, database="postgres"):
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def create_database(self, name, template=None):
        with psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user="postgres",
            dbname="postgres",
            autocommit=True,
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            suffix = f' TEMPLATE "{template}"' if template else ""
            connection.execute(f'CREATE DATABASE "{name}"{suffix}')
        return self.url(name)


def _unprivileged_user():
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user to run PostgreSQL as")
