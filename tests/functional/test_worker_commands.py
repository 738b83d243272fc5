"""``microblog worker CONFIG`` and ``microblog run CONFIG`` as the separate processes they are."""

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import rq
import webtest
from sqlalchemy import select

from microblog import main
from microblog.models import Task
from microblog.services.embedded_redis import EmbeddedRedis
from microblog.services.queue import BACKEND

from ..conftest import SECRET
from ..support.factories import login, make_posts, make_user
from ..support.jobs import wait_until
from ..support.smtp import free_port

INI = """\
[app:main]
use = egg:microblog
sqlalchemy.url = {url}
microblog.var_dir = {var_dir}
microblog.secret_key = {secret}
mail.host = 127.0.0.1
mail.port = {smtp_port}
pyramid.default_locale_name = en

[server:main]
use = egg:waitress#main
host = 127.0.0.1
port = {http_port}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = INFO
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(asctime)s %(levelname)s [%(name)s] %(message)s
"""


@pytest.fixture
def deployment(live_settings, redis_var_dir, smtp, tmp_path):
    """An ini file for the commands, and the same application in this process."""
    settings = {
        **live_settings,
        "microblog.var_dir": str(redis_var_dir),
        "microblog.redis_url": "",  # the embedded Redis of that VAR_DIR
        **smtp.settings(),
    }
    ini = tmp_path / "test.ini"
    ini.write_text(
        INI.format(
            url=settings["sqlalchemy.url"],
            var_dir=redis_var_dir,
            secret=SECRET,
            smtp_port=smtp.port,
            http_port=free_port(),
        )
    )
    app = main({}, **settings)
    yield ini, app
    app.registry["dbengine"].dispose()


def command(*args, log, **popen):
    return subprocess.Popen(
        [sys.executable, "-m", "microblog.scripts", *map(str, args)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **popen,
    )


def without_a_terminal():
    """What a shell does to a command started with ``&`` when job control is off."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def redis_of(app):
    return app.registry[BACKEND].client()


def test_a_microblog_worker_process_runs_the_export_and_stops_gracefully(
    deployment, smtp, tmp_path
):
    ini, app = deployment
    with app.registry["dbsession_factory"]() as session:
        ana = make_user(session, "ana")
        made = [p.body for p in make_posts(session, ana, 300)]
        session.commit()
    web = webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})
    login(web, "ana")
    profile = web.get("/user/ana")
    form = next(f for f in profile.forms.values() if f.action.endswith("/export"))
    form.submit()

    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = command("worker", ini, log=log)
    try:
        [mail] = smtp.mailbox.wait_for(1, timeout=60)
        attachment = next(mail.message.iter_attachments())
        exported = json.loads(attachment.get_payload(decode=True))["posts"]
        assert [post["body"] for post in exported] == made
        with app.registry["dbsession_factory"]() as session:
            [task] = session.scalars(select(Task)).all()
            assert task.complete
        assert rq.Worker.count(connection=redis_of(app)) == 1
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, log_path.read_text()
    output = log_path.read_text()
    assert "Listening on microblog-tasks" in output
    assert "warm shut down requested" in output
    assert rq.Worker.count(connection=redis_of(app)) == 0


def test_the_worker_says_so_when_the_queue_cannot_be_reached(deployment, tmp_path):
    ini, _app = deployment
    ini.write_text(
        ini.read_text().replace(
            "[app:main]\n", f"[app:main]\nmicroblog.redis_url = redis://127.0.0.1:{free_port()}\n"
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "microblog.scripts", "worker", str(ini)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot reach the job queue" in result.stderr


def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return None


def port_closed(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def processes_using(path):
    """The pids of the processes whose command line mentions ``path``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if str(path).encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


STOPPED_WITHIN = 15


@pytest.mark.parametrize(
    ("signum", "started", "web_processes"),
    [
        (signal.SIGINT, "from a terminal", 1),
        (signal.SIGTERM, "without a terminal", 1),
        (signal.SIGTERM, "without a terminal", 2),
    ],
)
def test_microblog_run_serves_and_works_until_a_signal_stops_all_promptly(
    deployment, redis_var_dir, tmp_path, signum, started, web_processes
):
    ini, _app = deployment
    port = int(ini.read_text().split("port = ")[-1].split()[0])
    server = EmbeddedRedis(redis_var_dir)
    log_path = tmp_path / "run.log"
    detached = {"preexec_fn": without_a_terminal} if started == "without a terminal" else {}
    with open(log_path, "w") as log:
        supervisor = command("run", ini, "--web-processes", web_processes, log=log, **detached)
    try:
        wait_until(lambda: http_get(f"http://127.0.0.1:{port}/login") == 200, timeout=60)
        wait_until(
            lambda: server.answers() and rq.Worker.count(connection=server.client()) == 1,
            timeout=60,
        )
        # the supervisor, the web processes (pserve for one) and the worker
        assert len(processes_using(ini)) == 2 + web_processes
    finally:
        supervisor.send_signal(signum)  # what Ctrl-C, systemd or kill do
        # well inside the supervisor's 30-second grace: the children stop when asked (an
        # idle machine takes about a second; CI's, running the suite beside it, more)
        try:
            code = supervisor.wait(timeout=STOPPED_WITHIN)
        except subprocess.TimeoutExpired:
            os.killpg(supervisor.pid, signal.SIGKILL)
            supervisor.wait()
            code = f"still running {STOPPED_WITHIN} s after {signum!r}"
    assert code == 0, log_path.read_text()
    assert port_closed(port)
    assert processes_using(ini) == []
    # it started the embedded Redis, so it stopped it too
    assert not server.answers()
