"""``microblog serve CONFIG --processes N``: several waitress processes on one port.

A waitress process serves its requests on one core (Python runs one thread at a time), so
a machine serves with every core only when it runs one process per core. This command is
that, for one machine without systemd and for a container: it opens the port named by the
ini's ``[server:main]`` (and ``http_host=``/``http_port=`` on the command line, as pserve
takes them), then starts N processes that each load the app and accept connections on
it. Each process listens on a socket of its own, bound to the port with ``SO_REUSEPORT``
(Linux): the kernel spreads new connections evenly over them. On one shared socket, the
process that woke first took every connection of a burst (a browser's, a load test's),
and kept them alive on one core while the others idled. Where ``SO_REUSEPORT`` is
missing, the processes share one socket. Ctrl-C or SIGTERM stops them all; if one dies,
the others are stopped too, for systemd, Docker or the platform to restart the whole.
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


def listen(options, count):
    """``count`` listening sockets on the address of ``options``, one per process, or one
    for all where the kernel cannot spread connections over several."""
    address = (options.get("host", "0.0.0.0"), int(options.get("port", 8080)))
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    try:
        # first on its own: a port another server holds (another ``microblog serve`` too,
        # which would otherwise join the group and take a share of the connections) is
        # refused, and port 0 becomes a free port
        with socket.create_server(address, family=family) as probe:
            address = probe.getsockname()[:2]
        if not hasattr(socket, "SO_REUSEPORT"):
            return [socket.create_server(address, family=family, backlog=1024)] * count
        return [
            socket.create_server(address, family=family, backlog=1024, reuse_port=True)
            for _ in range(count)
        ]
    except OSError as error:
        raise click.ClickException(f"cannot listen on {address[0]}:{address[1]}: {error}") from None


def start_web_processes(config_uri, count, variables):
    """Open the port, then start ``count`` web processes on it; return them."""
    sockets = listen(server_options(config_uri, variables), count)
    host, port = sockets[0].getsockname()[:2]
    click.echo(f"Serving on http://{host}:{port} with {count} processes")
    command = [sys.executable, "-m", "microblog.scripts.web_process", config_uri]
    arguments = [f"{name}={value}" for name, value in variables.items()]
    try:
        return [
            start([*command, str(sock.fileno()), *arguments], pass_fds=[sock.fileno()])
            for sock in sockets
        ]
    finally:
        for sock in set(sockets):
            sock.close()  # the processes hold them now


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
