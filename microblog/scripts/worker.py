"""``microblog worker CONFIG``: run background jobs until Ctrl-C or SIGTERM."""

import click
from pyramid.paster import get_app, setup_logging

from ..services.queue import BACKEND, QUEUE_NAME, QueueUnavailable
from ..tasks.worker import make_worker
from .env import config_argument


@click.command()
@config_argument
@click.option("--burst", is_flag=True, help="Run the jobs already queued, then quit.")
def worker(config_uri, burst):
    """Run the jobs of the microblog-tasks queue (an RQ worker).

    The application is built once from CONFIG, so jobs see the same settings, database
    and mailer as the web server; without REDIS_URL the embedded Redis under VAR_DIR is
    used (and started if no other process has). Ctrl-C or SIGTERM stops the worker once
    the current job has finished; a second one stops it at once.
    """
    setup_logging(config_uri)
    registry = get_app(config_uri).registry
    try:
        backend = registry[BACKEND]
        backend.call(lambda client: client.ping())
        click.echo(f"Redis: {backend.description}, queue {QUEUE_NAME}")
        make_worker(registry).work(burst=burst, logging_level="INFO")
    except QueueUnavailable as error:
        raise click.ClickException(f"cannot reach the job queue: {error}") from error
    finally:
        registry["dbengine"].dispose()
