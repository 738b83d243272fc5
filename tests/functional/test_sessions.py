"""Sessions kept on the server: signing out, a new password and an expired session really end
them, and the cookie is a random secret that stays small whatever the session holds."""

from datetime import timedelta

import pytest
import webtest
from sqlalchemy import select

from microblog.models import WebSession, utcnow
from microblog.models.web_session import session_key
from microblog.reset_tokens import make_token

from ..conftest import SECRET, shared_environ
from ..support.concurrency import basic
from ..support.factories import PASSWORD, login

NEW_PASSWORD = "a much better password"


@pytest.fixture
def browser(app, tm, dbsession):
    """Another browser on the same app (the same test transaction)."""

    def make(cookie=None):
        other = webtest.TestApp(app, extra_environ=shared_environ(tm, dbsession))
        if cookie:
            other.set_cookie("session", cookie)
        return other

    return make


def is_signed_in(web):
    return web.get("/", expect_errors=True).status_int == 200


def rows(dbsession, user):
    return dbsession.scalars(select(WebSession).where(WebSession.user_id == user.id)).all()


def test_a_copy_of_the_cookie_is_worth_nothing_after_signing_out(as_ana, browser):
    copied = as_ana.cookies["session"]
    assert is_signed_in(browser(copied)), "the copy works while the session lasts"
    home = as_ana.get("/")
    (logout,) = [form for form in home.forms.values() if form.action.endswith("/logout")]
    logout.submit()
    assert not is_signed_in(browser(copied))
    assert not is_signed_in(as_ana)


def test_a_new_password_ends_every_session_and_the_api_token(testapp, ana, browser, dbsession):
    login(testapp, "ana")
    laptop = browser()
    login(laptop, "ana", remember_me=True)
    token = testapp.post("/api/tokens", headers=basic("ana")).json["token"]
    assert len(rows(dbsession, ana)) == 2

    phone = browser()
    link = "/reset_password/" + make_token(ana, SECRET, 600)
    form = phone.get(link).forms["resetpasswordview"]
    form["password"] = form["password2"] = NEW_PASSWORD
    form.submit()

    assert not is_signed_in(testapp) and not is_signed_in(laptop)
    assert rows(dbsession, ana) == []
    testapp.get("/api/posts", headers={"Authorization": f"Bearer {token}"}, status=401)
    login(phone, "ana", NEW_PASSWORD)
    assert is_signed_in(phone)


def test_a_session_of_an_earlier_generation_is_refused_and_removed(as_ana, ana, dbsession):
    [row] = rows(dbsession, ana)
    ana.session_generation += 1
    dbsession.flush()
    assert not is_signed_in(as_ana)
    assert row not in rows(dbsession, ana)


def test_an_expired_session_is_signed_out(as_ana, ana, dbsession):
    [row] = rows(dbsession, ana)
    row.expires = utcnow() - timedelta(seconds=1)
    dbsession.flush()
    assert not is_signed_in(as_ana)


def test_the_cookie_is_a_random_secret_and_the_table_holds_only_its_hash(testapp, ana, dbsession):
    testapp.extra_environ.update(HTTP_USER_AGENT="Firefox/140.0", REMOTE_ADDR="198.51.100.4")
    login(testapp, "ana")
    secret = testapp.cookies["session"]
    assert len(secret) == 43 and secret.isascii()
    [row] = rows(dbsession, ana)
    assert row.id == session_key(secret) != secret
    assert (row.user_agent, row.address) == ("Firefox/140.0", "198.51.100.4")
    assert row.created <= row.last_seen < row.expires


def test_signing_in_gives_the_session_a_new_secret(testapp, ana, dbsession):
    testapp.get("/login")
    before = testapp.cookies["session"]
    login(testapp, "ana")
    after = testapp.cookies["session"]
    assert after != before
    assert dbsession.get(WebSession, session_key(before)) is None


def test_remember_me_keeps_the_session_thirty_days(testapp, ana, dbsession):
    login(testapp, "ana", remember_me=True)
    [row] = rows(dbsession, ana)
    assert row.remembered
    assert row.expires - row.created == timedelta(days=30)


def test_a_visitor_who_only_looked_at_a_form_costs_no_row(testapp, dbsession):
    before = dbsession.scalars(select(WebSession)).all()
    testapp.get("/login")
    testapp.get("/register")
    assert "session" in testapp.cookies, "the CSRF token's secret"
    assert dbsession.scalars(select(WebSession)).all() == before


def test_a_csrf_token_of_another_session_is_refused(testapp, ana, browser):
    other = browser()
    token = other.get("/login").html.find("meta", attrs={"name": "csrf-token"})["content"]
    testapp.get("/login")
    body = {"csrf_token": token, "username": "ana", "password": PASSWORD}
    testapp.post("/login", body, status=400)


def test_fifty_posts_without_reading_a_page_keep_the_cookie_small(as_ana, ana, dbsession):
    home = as_ana.get("/")
    form = next(f for f in home.forms.values() if "post" in f.fields)
    secret = as_ana.cookies["session"]
    for number in range(50):
        form["post"] = f"Post number {number}"
        response = form.submit()
        assert response.status_int == 303
        assert "Set-Cookie" not in response.headers or len(response.headers["Set-Cookie"]) < 200
    assert as_ana.cookies["session"] == secret
    [row] = rows(dbsession, ana)
    assert len(row.get_data()["_f_"]) == 10, "the latest messages only"
    assert "Post number 49" in as_ana.get("/").text
