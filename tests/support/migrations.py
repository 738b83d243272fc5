"""Moving a database down and up its alembic migrations, as the tests of one migration do."""

from sqlalchemy import create_engine

from alembic import command

from ..conftest import alembic_config


class Migrations:
    """A database (a fresh copy of the migrated test database) and its migrations."""

    def __init__(self, url):
        self.url = url
        self.engine = create_engine(url)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.engine.dispose()

    def _run(self, step, revision):
        config = alembic_config(self.url)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    def downgrade(self, revision):
        self._run(command.downgrade, revision)

    def upgrade(self, revision="head"):
        self._run(command.upgrade, revision)
