import time

import pytest

from microblog.reset_tokens import ExpiredToken, InvalidToken, make_token, read_token

from ..support.factories import make_user

SECRET = "a-reset-secret-that-is-long-enough"


@pytest.fixture
def susan(dbsession):
    return make_user(dbsession, "susan")


def test_a_fresh_token_names_its_user(dbsession, susan):
    token = make_token(susan, SECRET, 600)
    assert read_token(dbsession, token, SECRET) is susan


def test_a_token_expires_after_its_lifetime(dbsession, susan):
    token = make_token(susan, SECRET, 600, now=time.time() - 601)
    with pytest.raises(ExpiredToken):
        read_token(dbsession, token, SECRET)
    assert read_token(dbsession, token, SECRET, now=time.time() - 10) is susan


def test_a_token_stops_working_once_the_password_changes(dbsession, susan):
    token = make_token(susan, SECRET, 600)
    susan.set_password("a brand new password", rounds=4)
    with pytest.raises(InvalidToken) as refused:
        read_token(dbsession, token, SECRET)
    assert not isinstance(refused.value, ExpiredToken)


def test_a_token_signed_with_another_key_is_refused(dbsession, susan):
    with pytest.raises(InvalidToken):
        read_token(dbsession, make_token(susan, "another-key-of-some-length", 600), SECRET)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature
        lambda t: t.replace(".", ".9", 1),  # the expiry
        lambda t: "1" + t,  # the user id
        lambda t: t + ".extra",
        lambda t: "",
        lambda t: "x.y.z",
        lambda t: "9" * 40 + ".1.abc",
        lambda t: "１." + t.split(".", 1)[1],  # a non-ASCII digit
    ],
)
def test_a_tampered_or_malformed_token_is_refused(dbsession, susan, tamper):
    with pytest.raises(InvalidToken):
        read_token(dbsession, tamper(make_token(susan, SECRET, 600)), SECRET)


def test_a_token_is_url_safe(susan):
    token = make_token(susan, SECRET, 600)
    assert all(c.isalnum() or c in "._-" for c in token)
