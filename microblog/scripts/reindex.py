"""``microblog reindex CONFIG``: rebuild the search index from the database."""

import click

from ..services.search_index import count_posts, rebuild_index
from .env import app_env, config_argument


@click.command()
@config_argument
def reindex(config_uri):
    """Rebuild the search index from the posts in the database (repairs a broken one)."""
    with app_env(config_uri) as env:
        request = env["request"]
        backend = request.registry.settings["microblog.search_backend"]
        total = count_posts(request.registry["dbengine"])
        with click.progressbar(length=total, label=f"Indexing posts ({backend})") as bar:
            try:
                indexed = rebuild_index(request, progress=bar.update)
            except Exception as error:
                raise click.ClickException(f"the search index was not rebuilt: {error}") from error
    click.echo(f"The search index holds {indexed} posts.")
