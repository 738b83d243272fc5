from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from microblog.models import Base
from microblog.models.meta import for_dialect


def test_migrations_and_models_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": for_dialect(connection.dialect.name)},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
