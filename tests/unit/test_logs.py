"""The log file that every process appends to, rotated from outside while they run."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOGROTATE = shutil.which("logrotate") or "/usr/sbin/logrotate"

# a process of the site: it logs each line it reads, then says so
LOGGER = textwrap.dedent(
    """
    import logging, sys
    from microblog.logs import configure_logging
    configure_logging({"microblog.log_to_stdout": False, "microblog.log_dir": sys.argv[1]})
    for line in sys.stdin:
        logging.getLogger("microblog.test").warning(line.strip())
        print("logged", flush=True)
    """
)


class LoggingProcess:
    def __init__(self, log_dir):
        self.popen = subprocess.Popen(
            [sys.executable, "-c", LOGGER, str(log_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def log(self, text):
        self.popen.stdin.write(text + "\n")
        self.popen.stdin.flush()
        assert self.popen.stdout.readline() == "logged\n"

    def stop(self):
        self.popen.stdin.close()
        self.popen.wait(timeout=30)
        self.popen.stdout.close()


@pytest.fixture
def processes(tmp_path):
    web, worker = LoggingProcess(tmp_path), LoggingProcess(tmp_path)
    yield web, worker
    web.stop()
    worker.stop()


def rotate(log_dir):
    """What logrotate does to the file (deploy/logrotate/microblog), with logrotate itself
    when it is installed."""
    if not Path(LOGROTATE).exists():
        (log_dir / "microblog.log").rename(log_dir / "microblog.log.1")
        return
    config = (ROOT / "deploy" / "logrotate" / "microblog").read_text()
    config = config.replace("/srv/microblog/var/log", str(log_dir))
    config = config.replace("create 0640 microblog microblog", "create 0640")
    (log_dir / "logrotate.conf").write_text(config)
    result = subprocess.run(
        [LOGROTATE, "--force", "--state", log_dir / "state", log_dir / "logrotate.conf"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "error" not in result.stderr, result.stderr


def test_after_a_rotation_every_process_writes_to_the_new_file(processes, tmp_path):
    web, worker = processes
    web.log("web before")
    worker.log("worker before")
    rotate(tmp_path)
    web.log("web after")
    worker.log("worker after")

    current = (tmp_path / "microblog.log").read_text()
    rotated = (tmp_path / "microblog.log.1").read_text()
    assert "web after" in current and "worker after" in current
    assert "web before" in rotated and "worker before" in rotated
    assert "after" not in rotated, "nobody goes on writing into the rotated file"
