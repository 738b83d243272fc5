"""``microblog run CONFIG``: the web server and one task worker together (``make run``).

A small supervisor (``supervisor.py``): it starts the embedded Redis when there is no
``REDIS_URL`` (and stops it at the end if it started it), then ``pserve CONFIG`` (or, with
``--web-processes``, several web processes on one port, as ``microblog serve`` runs them)
and ``microblog worker CONFIG`` as child processes. Ctrl-C (or SIGTERM) stops them all, the
worker after its current job; a second Ctrl-C stops them at once. If any child dies, the
others are stopped too.
"""

import sys
from pathlib import Path

import click
from pyramid.paster import get_appsettings

from ..services.embedded_redis import EmbeddedRedis, EmbeddedRedisError
from ..settings import load_settings
from .env import config_argument
from .serve import parse_variables, process_count, start_web_processes
from .supervisor import Supervisor, start


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
        web = start_web_processes(config_uri, web_processes, parse_variables(server_options))
    else:
        web = [start([python, "-m", "pyramid.scripts.pserve", config_uri, *server_options])]
    children = [*web, start([python, "-m", "microblog.scripts", "worker", config_uri])]
    try:
        code = Supervisor(children).wait()
    finally:
        if redis is not None:
            redis.stop()
    sys.exit(code)
