"""One web process of ``microblog serve``: the app, served on a socket it inherits.

Run as ``python -m microblog.scripts.web_process CONFIG FD [NAME=VALUE]...``.
"""

import contextlib
import gc
import signal
import socket
import sys

from .serve import ADDRESS_OPTIONS, parse_variables, server_options


def main(config_uri, fd, *arguments):
    """One of the processes: the app from ``config_uri``, served on socket ``fd``."""
    import waitress
    from pyramid.paster import get_app, setup_logging

    variables = parse_variables(arguments)
    setup_logging(config_uri)
    app = get_app(config_uri, options=variables)
    keep_out_of_collections()
    options = server_options(config_uri, variables)
    for name in (*ADDRESS_OPTIONS, "use"):
        options.pop(name, None)
    sock = socket.socket(fileno=int(fd))
    # the supervisor sends SIGINT to stop: waitress ends its loop on KeyboardInterrupt
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        waitress.serve(app, sockets=[sock], _quiet=True, **options)


def keep_out_of_collections():
    """Take what the process holds now (the app: its templates, mappers, language
    profiles; about 290,000 objects) out of Python's cycle collections: they live as long
    as the process, and each full collection walked them all, about 180 ms with every
    thread of the process stopped."""
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    main(*sys.argv[1:])
