"""The ``microblog`` command: one ini file argument, the app's own settings."""

import click

from .recount import recount_command
from .reindex import reindex
from .run import run
from .seed import seed
from .serve import serve
from .translate import translate
from .users import create_user, role
from .worker import worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """Microblog's maintenance commands."""


cli.add_command(reindex)
cli.add_command(recount_command)
cli.add_command(seed)
cli.add_command(create_user)
cli.add_command(role)
cli.add_command(translate)
cli.add_command(worker)
cli.add_command(run)
cli.add_command(serve)
