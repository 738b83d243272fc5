"""``microblog serve CONFIG --processes N``: several waitress processes on one port.

A waitress process serves its requests on one core (Python runs one thread at a time), so
a machine serves with every core only when it runs one process per core. This command is
that, for one machine without systemd and for a container: it opens the port named by the
ini's ``[server:main]`` (and ``http_host=``/``http_port=`` on the command line, as pserve
takes them), then starts N processes that each load the app and accept connections on
that one listening socket; the kernel hands each new connection to a process waiting for
one, so an idle process takes it. Ctrl-C or SIGTERM stops them all; if one dies, the
others are stopped too, for systemd, Docker or the platform to restart the whole.
"""

import os
import socket
import sys
from pathlib import Path

import click
from paste.deploy.loadwsgi import SERVER, loadcontext

from .env import config_argument
from .supervisor import Supervisor, start

# waitress takes these from the socket it is given
ADDRESS_OPTIONS = ("host", "port", "listen", "unix_socket")


def process_count(value):
    """``auto`` (one per core this process may use), or a positive number."""
    if value == "auto":
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise click.BadParameter(f"{value!r} is neither a positive number nor auto")
    return count


def server_options(config_uri, variables):
    """The ``[server:main]`` options of ``config_uri`` with ``variables`` applied."""
    path = Path(config_uri.split("#")[0]).resolve()
    return dict(loadcontext(SERVER, f"config:{path}", global_conf=variables).local_conf)


def parse_variables(arguments):
    variables = {}
    for argument in arguments:
        name, equals, value = argument.partition("=")
        if not equals:
            raise click.BadParameter(f"{argument!r} is not NAME=VALUE", param_hint="VARS")
        variables[name] = value
    return variables


def listen(options):
    address = (options.get("host", "0.0.0.0"), int(options.get("port", 8080)))
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    try:
        return socket.create_server(address, family=family, backlog=1024)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {address[0]}:{address[1]}: {error}") from None


def start_web_processes(config_uri, count, variables):
    """Open the port, then start ``count`` web processes on it; return them."""
    sock = listen(server_options(config_uri, variables))
    host, port = sock.getsockname()[:2]
    click.echo(f"Serving on http://{host}:{port} with {count} processes")
    command = [sys.executable, "-m", "microblog.scripts.web_process", config_uri]
    command.append(str(sock.fileno()))
    command += [f"{name}={value}" for name, value in variables.items()]
    try:
        return [start(command, pass_fds=[sock.fileno()]) for _ in range(count)]
    finally:
        sock.close()  # the processes hold it now


@click.command()
@config_argument
@click.option(
    "--processes",
    default="auto",
    show_default=True,
    help="Web processes: a number, or auto for one per core.",
)
@click.argument("variables", nargs=-1, metavar="[NAME=VALUE]...")
def serve(config_uri, processes, variables):
    """Serve CONFIG with several waitress processes on one port (pserve serves with one).

    NAME=VALUE pairs set the ini's variables, as with pserve: `microblog serve
    production.ini http_port=8001`.
    """
    children = start_web_processes(config_uri, process_count(processes), parse_variables(variables))
    sys.exit(Supervisor(children).wait())
