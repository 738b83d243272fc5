"""Moving a database down and up its alembic migrations, as the tests of one migration do."""

from alembic import command
from microblog.models import get_engine

from ..conftest import alembic_config


class Migrations:
    """A database (a fresh copy of the migrated test database) and its migrations, run
    on the app's own kind of connection (on SQLite: foreign keys on), as `alembic
    upgrade` runs them."""

    def __init__(self, url):
        self.url = url
        self.engine = get_engine({"sqlalchemy.url": url})

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.engine.dispose()

    def _run(self, step, revision):
        config = alembic_config(self.url)
        # no transaction open: the migrations' environment begins (and commits) its own
        with self.engine.connect() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    def downgrade(self, revision):
        self._run(command.downgrade, revision)

    def upgrade(self, revision="head"):
        self._run(command.upgrade, revision)
