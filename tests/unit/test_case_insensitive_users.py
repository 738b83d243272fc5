"""The database refuses a second account whose name or address differs only in case."""

import pytest
from sqlalchemy.exc import IntegrityError

from microblog.models import User, is_duplicate

from ..support.factories import make_user


@pytest.mark.parametrize(
    "first, second",
    [
        ({"username": "ana", "email": "ana@example.com"}, {"username": "ANA"}),
        ({"username": "ana", "email": "ana@example.com"}, {"email": "Ana@Example.COM"}),
    ],
)
def test_a_name_or_address_taken_in_another_case_is_refused_by_the_database(
    dbsession, first, second
):
    make_user(dbsession, **first)
    clash = {"username": "other", "email": "other@example.com"} | second
    with pytest.raises(IntegrityError) as refused, dbsession.begin_nested():
        dbsession.add(User(**clash, password_hash="x"))
        dbsession.flush()
    assert is_duplicate(refused.value.orig), "a duplicate, which a retried request reports"


def test_the_same_name_in_the_same_case_is_a_duplicate_too(dbsession):
    make_user(dbsession, "bob")
    with pytest.raises(IntegrityError) as refused, dbsession.begin_nested():
        dbsession.add(User(username="bob", email="bob2@example.com", password_hash="x"))
        dbsession.flush()
    assert is_duplicate(refused.value.orig)


def test_a_missing_value_is_not_taken_for_a_duplicate(dbsession):
    with pytest.raises(IntegrityError) as refused, dbsession.begin_nested():
        dbsession.add(User(username="nobody", email=None, password_hash="x"))
        dbsession.flush()
    assert not is_duplicate(refused.value.orig), "a bug, not a race: never retried"
