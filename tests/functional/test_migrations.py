import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from microblog.models import Base
from microblog.models.meta import for_dialect

from ..conftest import SERVERS

# every index of the database, expression indexes included (autogenerate does not compare
# those on SQLite, whose batch mode drops them when it copies a table)
INDEXES = {
    "sqlite": "SELECT tbl_name, name FROM sqlite_master "
    "WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'",
    "postgresql": "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'",
    "mysql": "SELECT DISTINCT table_name, index_name FROM information_schema.statistics "
    "WHERE table_schema = DATABASE()",
}


def test_migrations_and_models_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": for_dialect(connection.dialect.name)},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def _indexes(engine):
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(INDEXES[engine.dialect.name]).all()
    return {(table, name) for table, name in rows if table != "alembic_version"}


@pytest.fixture
def empty_database_url(database, request, tmp_path):
    kind = database[0]
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'models.sqlite'}"
    return request.getfixturevalue(SERVERS[kind]).create_database("microblog_models")


def test_migrations_make_every_index_the_models_make(engine, empty_database_url):
    from_models = create_engine(empty_database_url)
    try:
        Base.metadata.create_all(from_models)
        assert _indexes(engine) == _indexes(from_models)
    finally:
        from_models.dispose()
