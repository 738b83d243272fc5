"""REQUIRE_EMAIL_VERIFICATION: new accounts read, but post and message once they opened the
link mailed to them; the link expires; asking for it again is throttled."""

import re

import pytest
from sqlalchemy import select

from microblog.email_tokens import make_email_token
from microblog.models import Post, User

from ..conftest import SECRET
from ..support.concurrency import basic
from ..support.factories import PASSWORD, login, make_user
from .conftest import browse

LINK = re.compile(r"http://example\.com/settings/email/[A-Za-z0-9._=-]+")


@pytest.fixture
def strict(make_app, smtp):
    app = make_app(**smtp.settings(), **{"microblog.require_email_verification": True})
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "bob")
        session.commit()
    return app, browse(app)


def register(web, name="dora"):
    form = web.get("/register").forms["registerview"]
    form["username"], form["email"] = name, f"{name}@example.com"
    form["password"] = form["password2"] = PASSWORD
    return form.submit()


def user(app, name):
    with app.registry["dbsession_factory"]() as session:
        return session.scalar(select(User).where(User.username == name))


def test_a_new_account_confirms_its_address_before_posting_or_messaging(strict, smtp):
    app, web = strict
    register(web)
    (mail,) = smtp.mailbox.wait_for(1)
    assert mail.rcpt_tos == ["dora@example.com"]
    assert not user(app, "dora").email_verified
    login(web, "dora")
    home = web.get("/")
    assert home.html.select_one(".unverified") is not None
    assert "homeview" not in home.forms
    token = home.html.select_one('meta[name="csrf-token"]')["content"]
    web.post("/", {"csrf_token": token, "post": "hello"}, status=403)
    web.get("/user/bob/message", status=403)
    headers = {
        "Authorization": "Bearer " + web.post("/api/tokens", headers=basic("dora")).json["token"]
    }
    refused = web.post_json("/api/posts", {"body": "hi"}, headers=headers, status=403)
    assert refused.json["message"].startswith("Confirm your email address first")

    url = LINK.search(mail.body("plain")).group(0)
    done = web.get(url.removeprefix("http://example.com"), status=303).follow()
    assert "your email address is confirmed" in done.text
    assert user(app, "dora").email_verified
    web.post_json("/api/posts", {"body": "hi"}, headers=headers, status=201)
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(Post.body)) == "hi"


def test_the_link_can_be_sent_again_but_not_without_end(strict, smtp):
    _app, web = strict
    register(web)
    login(web, "dora")
    for _ in range(3):
        form = next(f for f in web.get("/").forms.values() if f.action.endswith("/resend"))
        form.submit()
    assert len(smtp.mailbox.wait_for(4)) == 4
    # the throttle is RATELIMIT_REGISTER's: 20 an hour by default
    answers = [
        web.post("/settings/email/resend", {"csrf_token": csrf(web)}, expect_errors=True).status_int
        for _ in range(20)
    ]
    assert 429 in answers


def test_an_expired_verification_link_confirms_nothing(as_ana, ana):
    ana.email_verified = False
    token = make_email_token(ana, "verify", ana.email, SECRET, 60, now=0)
    page = as_ana.get(f"/settings/email/{token}", status=303).follow()
    assert "This link has expired" in page.text
    assert ana.email_verified is False


def test_without_the_setting_new_accounts_post_at_once(testapp, dbsession):
    register(testapp, "erin")
    login(testapp, "erin")
    assert "homeview" in testapp.get("/").forms
    assert dbsession.scalar(select(User.email_verified).where(User.username == "erin"))


def csrf(web):
    return web.get("/").html.select_one('meta[name="csrf-token"]')["content"]
