"""A throwaway MariaDB server in a temporary directory, for the tests.

Debian's ``mariadb-server`` provides ``mariadb-install-db`` and ``mariadbd``; the server
listens only on a Unix socket inside the directory, without networking, and durability is
traded for speed. MariaDB refuses to run as root, so as root it runs as the ``mysql`` (or
``nobody``) account, like the PostgreSQL cluster of ``postgres.py``.

MariaDB has no template databases: a "copy" recreates the template's tables from
``SHOW CREATE TABLE`` (foreign keys included) and copies their rows.
"""

import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

import pymysql

# what makes the server fast and small: tests never need the data after a crash
SPEED_OPTIONS = [
    "--skip-name-resolve",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-doublewrite=0",
    "--innodb-log-file-size=16M",
    "--innodb-buffer-pool-size=64M",
]
# byte-wise comparison, as PostgreSQL and SQLite compare: 'Ana' and 'ana' are two names
CHARSET = "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"


def find_binary(name):
    return shutil.which(name) or next(
        (
            str(path)
            for path in (Path("/usr/sbin") / name, Path("/usr/bin") / name)
            if path.exists()
        ),
        None,
    )


def available():
    return find_binary("mariadb-install-db") is not None and find_binary("mariadbd") is not None


class ThrowawayMariaDB:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.socket = self.directory / "mariadb.sock"
        self.log = self.directory / "error.log"
        self.process = None
        self.user_options = []

    def start(self, timeout=60):
        if os.geteuid() == 0:
            user = _unprivileged_user()
            os.chown(self.directory, pwd.getpwnam(user).pw_uid, -1)
            self.user_options = [f"--user={user}"]
        subprocess.run(
            [
                find_binary("mariadb-install-db"),
                "--no-defaults",
                f"--datadir={self.data}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                *self.user_options,
                *SPEED_OPTIONS,
            ],
            check=True,
            capture_output=True,
            text=True,
            cwd=self.directory,
        )
        self.process = subprocess.Popen(
            [
                find_binary("mariadbd"),
                "--no-defaults",
                f"--datadir={self.data}",
                f"--socket={self.socket}",
                "--skip-networking",
                f"--log-error={self.log}",
                f"--pid-file={self.directory / 'mariadb.pid'}",
                "--max-connections=300",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_bin",
                *self.user_options,
                *SPEED_OPTIONS,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.directory,
        )
        self._wait_until_ready(timeout)
        return self

    def _wait_until_ready(self, timeout):
        # the server says so in its log once the socket accepts connections (polling the
        # socket instead leaks the half-open sockets of refused handshakes)
        deadline = time.monotonic() + timeout
        while "ready for connections" not in _read(self.log):
            if self.process.poll() is not None:
                raise RuntimeError(f"mariadbd exited: {_read(self.log)[-2000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"mariadbd not ready after {timeout}s")
            time.sleep(0.05)
        self.connect().close()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def connect(self, database=None):
        return pymysql.connect(
            unix_socket=str(self.socket),
            user="root",
            database=database,
            charset="utf8mb4",
            autocommit=True,
        )

    def url(self, database):
        return (
            f"mysql+pymysql://root@localhost/{database}?unix_socket={self.socket}&charset=utf8mb4"
        )

    def create_database(self, name, template=None):
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cursor.execute(f"CREATE DATABASE `{name}` {CHARSET}")
            if template:
                _copy_tables(cursor, template, name)
        return self.url(name)


def _copy_tables(cursor, source, target):
    cursor.execute(f"SHOW FULL TABLES FROM `{source}` WHERE Table_type = 'BASE TABLE'")
    tables = [row[0] for row in cursor.fetchall()]
    # the statements name their tables without a database: they are run inside the target
    cursor.execute(f"USE `{target}`")
    cursor.execute("SET FOREIGN_KEY_CHECKS = 0")
    try:
        for table in tables:
            cursor.execute(f"SHOW CREATE TABLE `{source}`.`{table}`")
            cursor.execute(cursor.fetchone()[1])
            cursor.execute(f"INSERT INTO `{target}`.`{table}` SELECT * FROM `{source}`.`{table}`")
    finally:
        cursor.execute("SET FOREIGN_KEY_CHECKS = 1")


def _read(path):
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:
        return ""


def _unprivileged_user():
    for name in ("mysql", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user to run MariaDB as")
