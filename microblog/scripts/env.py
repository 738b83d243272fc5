"""Bootstrapping the application from an ini file for a command."""

import contextlib

import click
from pyramid.paster import bootstrap, setup_logging


@contextlib.contextmanager
def app_env(config_uri):
    """The bootstrapped app's environment (``request``, ``registry``, ``root``)."""
    setup_logging(config_uri)
    try:
        env = bootstrap(config_uri)
    except FileNotFoundError as error:
        raise click.ClickException(f"cannot read {config_uri}: {error}") from error
    try:
        with env:
            yield env
    finally:
        env["registry"]["dbengine"].dispose()


config_argument = click.argument(
    "config_uri", metavar="CONFIG", type=click.Path(exists=True, dir_okay=False)
)
