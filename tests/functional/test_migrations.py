from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from microblog.models import Base


def test_migrations_and_models_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
