"""The account settings: password, email address, sessions and tokens, deletion."""

import re
from datetime import timedelta

import pytest
import webtest
from sqlalchemy import select

from microblog.email_tokens import make_email_token
from microblog.models import Post, ReservedUsername, User, WebSession, utcnow
from microblog.tasks.accounts import remove_due_accounts

from ..conftest import SECRET, shared_environ
from ..support.concurrency import basic
from ..support.factories import PASSWORD, login, make_posts, make_user
from .conftest import browse

NEW_PASSWORD = "a much better password"
LINK = re.compile(r"http://example\.com/settings/email/[A-Za-z0-9._=-]+")


@pytest.fixture
def browser(app, tm, dbsession):
    """Another browser on the same app (the same test transaction)."""
    return lambda: webtest.TestApp(app, extra_environ=shared_environ(tm, dbsession))


def signed_in(web):
    return web.get("/", expect_errors=True).status_int == 200


def fill(web, path, formid, **fields):
    form = web.get(path).forms[formid]
    for name, value in fields.items():
        form[name] = value
    return form.submit()


def change_password(web, current=PASSWORD, new=NEW_PASSWORD, repeat=None):
    return fill(
        web,
        "/settings/password",
        "changepasswordview",
        current_password=current,
        password=new,
        password2=repeat or new,
    )


def test_settings_are_for_the_signed_in_only(testapp):
    answer = testapp.get("/settings/password", status=303)
    assert answer.location == "http://example.com/login?next=%2Fsettings%2Fpassword"


def test_settings_open_on_the_first_page_and_list_every_page(as_ana):
    page = as_ana.get("/settings", status=303).follow()
    assert page.request.path == "/settings/password"
    menu = [a["href"] for a in page.html.select(".settings-menu a")]
    assert menu == [
        "http://example.com/settings/" + name
        for name in (
            "password",
            "email",
            "sessions",
            "apps",
            "two_factor",
            "blocked",
            "muted",
            "delete",
        )
    ]


def test_an_unknown_settings_page_is_a_404(as_ana):
    as_ana.get("/settings/nothing", status=404)


def test_a_wrong_current_password_is_said_on_its_field(as_ana, ana):
    page = change_password(as_ana, current="not my password")
    field = page.html.select_one("input[name=current_password]")
    assert "is-invalid" in field["class"]
    assert "That is not your current password." in page.text
    assert ana.check_password(PASSWORD)


def test_a_new_password_signs_out_every_other_session_and_the_token_but_not_this_one(
    testapp, ana, browser, dbsession
):
    login(testapp, "ana")
    laptop = browser()
    login(laptop, "ana")
    token = testapp.post("/api/tokens", headers=basic("ana")).json["token"]

    done = change_password(testapp)
    assert done.location == "http://example.com/settings/password"
    assert "you are signed out everywhere else" in done.follow().text
    assert signed_in(testapp)
    assert not signed_in(laptop)
    testapp.get("/api/feed", headers={"Authorization": f"Bearer {token}"}, status=401)
    assert ana.check_password(NEW_PASSWORD)


def test_the_two_new_passwords_must_match(as_ana, ana):
    page = change_password(as_ana, repeat="something else entirely")
    assert "The two passwords do not match." in page.text
    assert ana.check_password(PASSWORD)


def test_sessions_are_listed_and_one_other_can_be_signed_out(testapp, ana, browser, dbsession):
    login(testapp, "ana")
    laptop = browser()
    login(laptop, "ana")
    page = testapp.get("/settings/sessions")
    assert len(page.html.select("li.session")) == 2
    assert page.html.select_one("li.session .badge").text == "This browser"
    (form,) = [f for f in page.forms.values() if f.action.endswith("/settings/sessions/end")]
    form.submit()
    assert not signed_in(laptop)
    assert signed_in(testapp)


def test_the_api_token_is_listed_and_revoked_from_the_sessions_page(as_ana):
    token = as_ana.post("/api/tokens", headers=basic("ana")).json["token"]
    page = as_ana.get("/settings/sessions")
    assert "API token" in page.html.select_one("li.api-token").text
    (form,) = [f for f in page.forms.values() if f.action.endswith("/revoke_token")]
    form.submit()
    as_ana.get("/api/feed", headers={"Authorization": f"Bearer {token}"}, status=401)
    assert "No API token is valid." in as_ana.get("/settings/sessions").text


def test_signing_out_everywhere_else_keeps_this_browser(testapp, ana, browser, dbsession):
    login(testapp, "ana")
    phones = [browser() for _ in range(2)]
    for phone in phones:
        login(phone, "ana")
    page = testapp.get("/settings/sessions")
    (form,) = [f for f in page.forms.values() if f.action.endswith("/end_all")]
    form.submit()
    assert signed_in(testapp)
    assert not any(signed_in(phone) for phone in phones)
    rows = dbsession.scalars(select(WebSession).where(WebSession.user_id == ana.id)).all()
    assert len(rows) == 1


def test_one_cannot_sign_out_a_session_of_someone_else(testapp, ana, bob, browser, dbsession):
    other = browser()
    login(other, "bob")
    (bobs,) = dbsession.scalars(select(WebSession).where(WebSession.user_id == bob.id)).all()
    login(browser(), "ana")
    login(testapp, "ana")
    page = testapp.get("/settings/sessions")
    (form,) = [f for f in page.forms.values() if f.action.endswith("/settings/sessions/end")]
    form["session"].value = bobs.id
    form.submit()
    assert signed_in(other)


# email ---------------------------------------------------------------------------------
@pytest.fixture
def live(make_app, smtp):
    app = make_app(**smtp.settings())
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        make_user(session, "bob")
        session.commit()
    web = browse(app)
    login(web, "ana")
    return app, web


def test_a_new_address_is_confirmed_by_a_link_sent_to_it_and_the_old_one_is_told(live, smtp):
    app, web = live
    done = fill(
        web,
        "/settings/email",
        "changeemailview",
        email="ana.new@example.org",
        current_password=PASSWORD,
    )
    assert "Check ana.new@example.org for a link" in done.follow().text
    mails = smtp.mailbox.wait_for(2)
    (link_mail,) = [m for m in mails if m.rcpt_tos == ["ana.new@example.org"]]
    (notice,) = [m for m in mails if m.rcpt_tos == ["ana@example.com"]]
    assert "ana.new@example.org" in notice.body("plain")
    url = LINK.search(link_mail.body("plain")).group(0)
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(User.email).where(User.username == "ana")) == (
            "ana@example.com"
        )

    confirmed = web.get(url.removeprefix("http://example.com"), status=303).follow()
    assert "Your email address is now ana.new@example.org." in confirmed.text
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(User.email).where(User.username == "ana")) == (
            "ana.new@example.org"
        )
    [told] = smtp.mailbox.wait_for(3)[2:]
    assert told.rcpt_tos == ["ana@example.com"]
    assert told.message["Subject"] == "[Microblog] Your email address was changed"

    again = web.get(url.removeprefix("http://example.com"), status=303).follow()
    assert "invalid or has already been used" in again.text


def test_an_address_another_account_has_is_refused_on_the_field(as_ana, bob):
    page = fill(
        as_ana,
        "/settings/email",
        "changeemailview",
        email="BOB@example.com",
        current_password=PASSWORD,
    )
    assert "Please use a different email address." in page.text


def test_an_expired_email_link_changes_nothing(as_ana, ana):
    token = make_email_token(ana, "change", "late@example.org", SECRET, 60, now=0)
    page = as_ana.get(f"/settings/email/{token}", status=303).follow()
    assert "This link has expired" in page.text
    assert ana.email == "ana@example.com"


def test_a_forged_or_foreign_email_link_changes_nothing(as_ana, ana, bob):
    for token in (
        make_email_token(bob, "change", "mine@example.org", SECRET, 600),
        make_email_token(ana, "change", "x@example.org", "another secret", 600),
        "1.2.3",
        "1.99999999999.%%%.x",
    ):
        page = as_ana.get(f"/settings/email/{token}", status=303).follow()
        assert "invalid or has already been used" in page.text
    assert ana.email == "ana@example.com" and bob.email == "bob@example.com"


# deletion ------------------------------------------------------------------------------
def delete_account(web, password=PASSWORD):
    return fill(web, "/settings/delete", "deleteaccountview", current_password=password)


def test_deleting_needs_the_password_again(as_ana, ana):
    page = delete_account(as_ana, "wrong password")
    assert "That is not your current password." in page.text
    assert ana.deletion_requested_at is None


def test_a_deleted_account_is_signed_out_hidden_and_its_token_refused(as_ana, ana, bob, dbsession):
    token = as_ana.post("/api/tokens", headers=basic("ana")).json["token"]
    make_posts(dbsession, ana, 2, body="by ana {i}")
    done = delete_account(as_ana)
    assert done.location == "http://example.com/login"
    assert "Your account will be removed on" in done.follow().text
    assert not signed_in(as_ana)
    assert ana.deletion_requested_at is not None
    as_ana.get("/api/feed", headers={"Authorization": f"Bearer {token}"}, status=401)
    login(as_ana, "bob")
    assert "by ana" not in as_ana.get("/explore").text


def test_signing_in_during_the_grace_period_keeps_the_account(as_ana, ana):
    delete_account(as_ana)
    welcome = login(as_ana, "ana").follow()
    assert "Your account will not be deleted." in welcome.text
    assert ana.deletion_requested_at is None


def test_after_the_grace_period_the_account_its_rows_go_and_its_name_stays_taken(live_settings):
    from microblog import main

    app = main({}, **live_settings)
    factory = app.registry["dbsession_factory"]
    with factory() as session:
        ana, bob = make_user(session, "ana"), make_user(session, "bob")
        make_posts(session, ana, 3)
        ana.follow(bob)
        bob.send_message(ana, "hello")
        ana.deletion_requested_at = utcnow() - timedelta(days=13)
        session.commit()
        ana_id = ana.id

    assert remove_due_accounts(app.registry) == []
    with factory() as session:
        session.get(User, ana_id).deletion_requested_at = utcnow() - timedelta(days=15)
        session.commit()
    assert remove_due_accounts(app.registry) == ["ana"]
    with factory() as session:
        assert session.get(User, ana_id) is None
        assert session.scalars(select(Post).where(Post.user_id == ana_id)).all() == []
        assert session.get(ReservedUsername, "ana") is not None
    web = browse(app)
    form = web.get("/register").forms["registerview"]
    form["username"], form["email"] = "ANA", "ana2@example.com"
    form["password"] = form["password2"] = PASSWORD
    assert "Please use a different username." in form.submit().text
    app.registry["dbengine"].dispose()


def test_the_export_archive_holds_messages_follows_and_blocks(ana, bob, dbsession):
    import io
    import json
    import zipfile

    from microblog.models.safety import block, mute
    from microblog.tasks.archive import account_archive

    carol = make_user(dbsession, "carol")
    ana.follow(bob)
    carol.follow(ana)
    bob.send_message(ana, "hi ana")
    ana.send_message(bob, "hi bob")
    block(dbsession, ana, carol)
    mute(dbsession, ana, bob)
    with zipfile.ZipFile(io.BytesIO(account_archive(dbsession, ana, []))) as files:
        messages = json.loads(files.read("messages.json"))["messages"]
        follows = json.loads(files.read("follows.json"))
        safety = json.loads(files.read("safety.json"))
    assert [(m["from"], m["to"], m["body"]) for m in messages] == [
        ("bob", "ana", "hi ana"),
        ("ana", "bob", "hi bob"),
    ]
    assert follows == {"following": ["bob"], "followers": []}, "the block ended carol's follow"
    assert safety == {"blocked": ["carol"], "muted": ["bob"]}
