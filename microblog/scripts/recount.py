"""``microblog recount CONFIG``: count posts, follows, messages and users again."""

import click

from ..models import POSTS, USERS, recount, total
from ..models.interactions import recount_posts
from .env import app_env, config_argument


@click.command("recount")
@config_argument
def recount_command(config_uri):
    """Repair the counts kept on the rows (after writing to the database by hand): users',
    the site's, posts' and tags'."""
    with app_env(config_uri) as env:
        request = env["request"]
        with request.tm:
            repaired = recount(request.dbsession)
            posts_repaired = recount_posts(request.dbsession)
            posts, users = total(request.dbsession, POSTS), total(request.dbsession, USERS)
    click.echo(
        f"{users} users and {posts} posts; {repaired} users, and {posts_repaired} posts "
        "and tags, had a wrong count."
    )
