"""The declarative base, with a naming convention so that migrations name constraints."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, Float, MetaData
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# ids are INTEGER columns: PostgreSQL refuses to even compare them with a larger number
MAX_ID = 2**31 - 1


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow():
    """Naive UTC: every timestamp column holds UTC without a zone (SQLite keeps none)."""
    return datetime.now(UTC).replace(tzinfo=None)


def isoformat(moment):
    """ISO 8601 in UTC with a ``Z``, as the API and the ``<time>`` elements show it."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"


# MySQL and MariaDB keep whole seconds in a plain DATETIME and single precision in a plain
# FLOAT: posts written in the same second would lose their order, and a Unix time as a
# 4-byte float is off by minutes. Every other database keeps microseconds and doubles, so
# only their DDL changes (the models and the migrations stay dialect-neutral).
@compiles(DateTime, "mysql")
@compiles(DateTime, "mariadb")
def _datetime_with_microseconds(type_, compiler, **kw):
    return "DATETIME(6)"


@compiles(Float, "mysql")
@compiles(Float, "mariadb")
def _float_as_double(type_, compiler, **kw):
    if type_.precision is None:
        return "DOUBLE"
    return compiler.visit_float(type_, **kw)


def for_dialect(dialect_name):
    """An alembic ``include_object`` hook that leaves out what this database never gets
    (``.ddl_if(dialect=...)`` for another dialect, like PostgreSQL's full-text index), so
    that autogenerate compares only what the migrations create here."""

    def include_object(item, name, type_, reflected, compare_to):
        condition = getattr(item, "_ddl_if", None)
        if reflected or condition is None or condition.dialect is None:
            return True
        dialects = condition.dialect
        dialects = {dialects} if isinstance(dialects, str) else set(dialects)
        return dialect_name in dialects

    return include_object
