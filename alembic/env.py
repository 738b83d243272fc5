"""Alembic runs with the application's own settings (so DATABASE_URL applies)."""

import contextlib
import os

from pyramid.paster import get_appsettings, setup_logging

from alembic import context
from microblog.models import Base, get_engine
from microblog.models.meta import for_dialect
from microblog.settings import load_settings

config = context.config
if config.config_file_name and not config.attributes.get("connection"):
    setup_logging(config.config_file_name)


def database_settings():
    ini = get_appsettings(config.config_file_name, name="main")
    settings = load_settings(ini, here=ini.get("here"))
    if settings["sqlalchemy.url"].startswith("sqlite:///"):
        os.makedirs(settings["microblog.var_dir"], exist_ok=True)
    return settings


def run_migrations_offline():
    context.configure(
        url=database_settings()["sqlalchemy.url"],
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    # tests hand in a connection of their own
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = get_engine(database_settings())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection):
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=for_dialect(connection.dialect.name),
    )
    with _sqlite_foreign_keys_off(connection), context.begin_transaction():
        context.run_migrations()


@contextlib.contextmanager
def _sqlite_foreign_keys_off(connection):
    """SQLite's batch mode changes a table by copying it and dropping the old one: with
    foreign keys on (the app's connections), dropping ``user`` would delete every row
    that refers to it (ON DELETE CASCADE). They are off while the migrations run, and
    checked after. (The pragma does nothing inside a transaction: a connection handed in
    with one open keeps what it has.)"""
    if connection.dialect.name != "sqlite" or connection.in_transaction():
        yield
        return
    sqlite = connection.connection.driver_connection
    was_on = sqlite.execute("PRAGMA foreign_keys").fetchone()[0]
    sqlite.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        broken = sqlite.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migrations left rows pointing nowhere: {broken[:5]}")
    finally:
        sqlite.execute(f"PRAGMA foreign_keys={'ON' if was_on else 'OFF'}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
