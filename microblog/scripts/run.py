"""``microblog run CONFIG``: the web server and one task worker together (``make run``).

A small supervisor: it starts the embedded Redis when there is no ``REDIS_URL`` (and stops
it at the end if it started it), then ``pserve CONFIG`` (or, with ``--web-processes``,
several web processes on one port: ``microblog serve``) and ``microblog worker CONFIG`` as
child processes. Ctrl-C (or SIGTERM) stops them all, the worker after its current job; a
second Ctrl-C stops them at once. If any child dies, the others are stopped too.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
from pyramid.paster import get_appsettings

from ..services.embedded_redis import EmbeddedRedis, EmbeddedRedisError
from ..settings import load_settings
from .env import config_argument
from .serve import parse_variables, process_count, start_web_processes

GRACE = 30


@click.command()
@config_argument
@click.option(
    "--web-processes",
    default="1",
    show_default=True,
    help="Web processes on the one port: a number, or auto for one per core.",
)
@click.argument("server_options", nargs=-1, metavar="[pserve options/vars]...")
def run(config_uri, web_processes, server_options):
    """Serve CONFIG (pserve) and run one task worker beside it; Ctrl-C stops both.

    Extra arguments go to pserve, e.g. `microblog run development.ini http_port=8080`.
    On a production machine without systemd, `microblog run production.ini
    --web-processes auto` serves with every core.
    """
    web_processes = process_count(web_processes)
    settings = load_settings(
        get_appsettings(config_uri), here=str(Path(config_uri).resolve().parent)
    )
    redis = None
    if not settings["microblog.redis_url"]:
        embedded = EmbeddedRedis(settings["microblog.var_dir"])
        already_running = embedded.answers()
        try:
            embedded.ensure_running()
        except EmbeddedRedisError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Embedded Redis on {embedded.socket}")
        redis = None if already_running else embedded
    python = sys.executable
    if web_processes > 1:
        variables = parse_variables(server_options)
        web = start_web_processes(config_uri, web_processes, variables)
    else:
        web = [
            subprocess.Popen(
                [python, "-m", "pyramid.scripts.pserve", config_uri, *server_options],
                start_new_session=True,
            )
        ]
    children = [
        *web,
        subprocess.Popen(
            [python, "-m", "microblog.scripts", "worker", config_uri], start_new_session=True
        ),
    ]
    try:
        code = Supervisor(children).wait()
    finally:
        if redis is not None:
            redis.stop()
    sys.exit(code)


class Supervisor:
    """Waits for its children; the first signal asks them to stop, the next ones insist."""

    def __init__(self, children):
        self.children = children
        self.signals = 0

    def wait(self):
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            while all(child.poll() is None for child in self.children):
                time.sleep(0.2)
            if not self.signals:
                # one of them died on its own: take the other one down too
                self._send(signal.SIGINT)
            deadline = time.monotonic() + GRACE
            while any(child.poll() is None for child in self.children):
                if time.monotonic() > deadline:
                    self._send(signal.SIGKILL)
                time.sleep(0.2)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        failed = [child.returncode for child in self.children if child.returncode]
        return 0 if self.signals or not failed else 1

    def _on_signal(self, signum, frame):
        self.signals += 1
        self._send(signal.SIGINT if self.signals == 1 else signal.SIGTERM)

    def _send(self, signum):
        for child in self.children:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signum)
