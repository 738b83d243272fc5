"""Reports and moderation: filing reports, the queue and its actions, suspensions, roles
and the audit trail."""

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from microblog.models import AuditEntry, Post, Report, User
from microblog.scripts import cli

from ..support.concurrency import basic
from ..support.factories import login, make_posts, make_user
from ..support.queries import count_queries


@pytest.fixture
def mod(dbsession):
    user = make_user(dbsession, "mod")
    user.role = "moderator"
    return user


def report_post(web, post, reason="spam, spam, spam"):
    form = web.get(f"/post/{post.id}/report").forms["reportpostview"]
    form["reason"] = reason
    return form.submit()


def queue_form(page, report, action):
    (form,) = [
        f for f in page.forms.values() if f.action.endswith(f"/reports/{report.id}/{action}")
    ]
    return form


def bearer(web, username):
    token = web.post("/api/tokens", headers=basic(username)).json["token"]
    return {"Authorization": f"Bearer {token}"}


def reports(dbsession):
    return dbsession.scalars(select(Report).order_by(Report.id)).all()


def test_anyone_signed_in_reports_a_post_but_not_their_own(as_ana, ana, bob, dbsession):
    (bobs,) = make_posts(dbsession, bob, 1)
    (anas,) = make_posts(dbsession, ana, 1)
    done = report_post(as_ana, bobs)
    assert "the moderators will look at it" in done.follow().text
    (report,) = reports(dbsession)
    assert (report.reporter_id, report.user_id, report.post_id) == (ana.id, bob.id, bobs.id)
    as_ana.get(f"/post/{anas.id}/report", status=403)


def test_a_report_needs_a_reason(as_ana, bob, dbsession):
    (post,) = make_posts(dbsession, bob, 1)
    page = report_post(as_ana, post, reason="   ")
    assert "This field is required." in page.text
    assert reports(dbsession) == []


def test_an_account_is_reported_from_its_profile(as_ana, ana, bob, dbsession):
    form = as_ana.get("/user/bob").click(description="Report").forms["reportuserview"]
    form["reason"] = "impersonates me"
    form.submit()
    (report,) = reports(dbsession)
    assert (report.user_id, report.post_id, report.reason) == (bob.id, None, "impersonates me")


def test_the_api_files_reports_of_posts_messages_and_accounts(testapp, ana, bob, dbsession):
    (post,) = make_posts(dbsession, bob, 1)
    message = bob.send_message(ana, "rude words")
    headers = {
        "Authorization": "Bearer " + testapp.post("/api/tokens", headers=basic("ana")).json["token"]
    }
    for body in (
        {"post_id": post.id, "reason": "spam"},
        {"message_id": message.id, "reason": "abuse"},
        {"user_id": bob.id, "reason": "bot"},
    ):
        answer = testapp.post_json("/api/reports", body, headers=headers, status=201)
        assert answer.json["user_id"] == bob.id and answer.json["status"] == "open"
        assert testapp.get(answer.location, headers=headers).json == answer.json
    for bad in (
        {"reason": "no target"},
        {"post_id": post.id, "user_id": bob.id, "reason": "two targets"},
        {"user_id": ana.id, "reason": "myself"},
        {"message_id": message.id + 1000, "reason": "nothing"},
        {"post_id": post.id, "reason": ""},
        {"post_id": "x", "reason": "wrong type"},
    ):
        answer = testapp.post_json("/api/reports", bad, headers=headers, status=400)
        assert set(answer.json) == {"error", "message"}
    assert len(reports(dbsession)) == 3


def test_a_message_is_reported_by_its_recipient_only(testapp, ana, bob, dbsession):
    message = ana.send_message(bob, "hello")
    headers = {
        "Authorization": "Bearer " + testapp.post("/api/tokens", headers=basic("ana")).json["token"]
    }
    body = {"message_id": message.id, "reason": "my own"}
    testapp.post_json("/api/reports", body, headers=headers, status=400)


def report_message(web, message, reason="he keeps insulting me"):
    form = web.get(f"/messages/{message.id}/report").forms["reportmessageview"]
    form["reason"] = reason
    return form.submit()


def test_a_received_message_is_reported_from_the_inbox_into_the_queue(
    testapp, ana, bob, mod, dbsession
):
    message = bob.send_message(ana, "you are an idiot")
    login(testapp, "ana")
    inbox = testapp.get("/messages")
    link = inbox.html.select_one(f"#message-{message.id} a.report-message")
    assert link["href"] == f"http://example.com/messages/{message.id}/report"
    page = testapp.get(link["href"])
    # the form quotes what it reports, and asks the reason a post's report asks
    assert page.html.select_one(".reported-text").text == "you are an idiot"
    assert page.html.select_one("textarea[name=reason]") is not None
    done = report_message(testapp, message)
    assert done.location == "http://example.com/messages"
    assert "Thank you: the moderators will look at it." in done.follow().text
    (report,) = reports(dbsession)
    assert (report.reporter_id, report.user_id, report.message_id, report.post_id) == (
        ana.id,
        bob.id,
        message.id,
        None,
    )
    assert report.reason == "he keeps insulting me"

    testapp.reset()
    login(testapp, "mod")
    queue = testapp.get("/admin/reports")
    card = queue.html.select_one(f"#report-{report.id}")
    assert card.select_one(".reported-message").text == "you are an idiot"
    assert card.select_one(".reported-user").text == "bob"
    assert card.select_one("button.delete_post") is None
    queue_form(queue, report, "dismiss").submit()
    assert report.resolution == "dismissed"


def test_only_the_recipient_may_report_a_message(testapp, ana, bob, dbsession):
    make_user(dbsession, "carol")
    message = bob.send_message(ana, "hello")
    login(testapp, "bob")
    # its sender finds no such thing to report, nor does anyone else
    testapp.get(f"/messages/{message.id}/report", status=404)
    token = testapp.get("/").html.select_one('meta[name="csrf-token"]')["content"]
    testapp.post(f"/messages/{message.id}/report", {"csrf_token": token, "reason": "x"}, status=404)
    testapp.reset()
    login(testapp, "carol")
    testapp.get(f"/messages/{message.id}/report", status=404)
    testapp.get("/messages/999999/report", status=404)
    assert reports(dbsession) == []


def test_a_sent_message_has_no_report_link_in_anyones_inbox_but_its_recipients(
    testapp, ana, bob, dbsession
):
    bob.send_message(ana, "hello")
    ana.send_message(bob, "hello to you")
    login(testapp, "ana")
    assert len(testapp.get("/messages").html.select("a.report-message")) == 1


def test_a_message_report_needs_a_reason(as_ana, ana, bob, dbsession):
    message = bob.send_message(ana, "hi")
    page = report_message(as_ana, message, reason="  ")
    assert page.html.select_one(".invalid-feedback").text.strip() == "This field is required."
    assert reports(dbsession) == []


def test_a_report_is_read_back_by_its_reporter_only(testapp, ana, bob, dbsession):
    report = Report(reporter_id=ana.id, user_id=bob.id, reason="x")
    dbsession.add(report)
    dbsession.flush()
    headers = {
        "Authorization": "Bearer " + testapp.post("/api/tokens", headers=basic("bob")).json["token"]
    }
    testapp.get(f"/api/reports/{report.id}", headers=headers, status=404)


def test_the_queue_is_for_moderators_only(as_ana):
    as_ana.get("/admin/reports", status=403)
    as_ana.get("/admin/audit", status=403)


def test_a_moderator_deletes_a_reported_post_and_the_trail_says_so(
    testapp, ana, bob, mod, dbsession
):
    (post,) = make_posts(dbsession, bob, 1, body="buy my pills {i}")
    login(testapp, "ana")
    report_post(testapp, post)
    testapp.reset()
    login(testapp, "mod")
    page = testapp.get("/admin/reports")
    (report,) = reports(dbsession)
    assert "buy my pills" in page.html.select_one(".reported-post").text
    queue_form(page, report, "delete_post").submit()
    assert dbsession.get(Post, post.id) is None
    assert report.resolution == "post_deleted" and report.resolved_by_id == mod.id
    (entry,) = dbsession.scalars(select(AuditEntry)).all()
    assert (entry.actor_name, entry.action, entry.target_name) == ("mod", "delete_post", "bob")
    assert "No reports are waiting." in testapp.get("/admin/reports").text


def test_dismissing_closes_the_report_and_nothing_else(testapp, ana, bob, mod, dbsession):
    (post,) = make_posts(dbsession, bob, 1)
    dbsession.add(Report(reporter_id=ana.id, user_id=bob.id, post_id=post.id, reason="meh"))
    dbsession.flush()
    login(testapp, "mod")
    (report,) = reports(dbsession)
    queue_form(testapp.get("/admin/reports"), report, "dismiss").submit()
    assert report.resolution == "dismissed"
    assert dbsession.get(Post, post.id) is not None and bob.suspended_at is None


def test_a_suspended_users_session_and_token_stop_working_and_posts_vanish(
    testapp, app, ana, bob, mod, dbsession
):
    import webtest

    make_posts(dbsession, bob, 1, body="bob's last words {i}")
    bobs_browser = webtest.TestApp(app, extra_environ=testapp.extra_environ)
    login(bobs_browser, "bob")
    token = bobs_browser.post("/api/tokens", headers=basic("bob")).json["token"]
    dbsession.add(Report(reporter_id=ana.id, user_id=bob.id, reason="troll"))
    dbsession.flush()
    login(testapp, "mod")
    (report,) = reports(dbsession)
    queue_form(testapp.get("/admin/reports"), report, "suspend").submit()
    assert bob.suspended_at is not None and report.resolution == "suspended"

    assert bobs_browser.get("/", status=303).location.startswith("http://example.com/login")
    bobs_browser.get("/api/feed", headers={"Authorization": f"Bearer {token}"}, status=401)
    bobs_browser.post("/api/tokens", headers=basic("bob"), status=401)
    assert "This account is suspended." in login(bobs_browser, "bob").text
    assert "bob&#39;s last words" not in testapp.get("/explore").text
    assert "bob's last words" not in testapp.get("/explore").text

    page = testapp.get("/user/bob")
    (unsuspend,) = [f for f in page.forms.values() if f.action.endswith("/unsuspend")]
    unsuspend.submit()
    assert bob.suspended_at is None
    actions = dbsession.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["suspend", "suspend", "unsuspend"]


def test_moderators_cannot_suspend_admins_or_each_other(testapp, mod, dbsession):
    boss = make_user(dbsession, "boss")
    boss.role = "admin"
    other = make_user(dbsession, "other")
    other.role = "moderator"
    login(testapp, "mod")
    token = testapp.get("/").html.select_one('meta[name="csrf-token"]')["content"]
    for name in ("boss", "other", "mod"):
        testapp.post(f"/admin/users/{name}/suspend", {"csrf_token": token}, status=403)
    assert boss.suspended_at is None and other.suspended_at is None


def reported_post(session, ana, bob):
    (post,) = make_posts(session, bob, 1, body="shouting {i}")
    return Report.about(post, ana, "loud")


def reported_message(session, ana, bob):
    return Report.about(bob.send_message(ana, "a rude thing"), ana, "rude")


@pytest.mark.parametrize(
    ("reported", "quoted", "unquoted"),
    [
        (reported_post, "shouting 0", None),
        # only its recipient could have reported a message: quoting it would say who did
        (reported_message, None, "a rude thing"),
    ],
)
def test_a_warning_is_mailed_to_the_reported(make_app, smtp, reported, quoted, unquoted):
    from ..functional.conftest import browse

    app = make_app(**smtp.settings())
    with app.registry["dbsession_factory"]() as session:
        ana = make_user(session, "ana")
        bob = make_user(session, "bob")
        make_user(session, "mod").role = "moderator"
        session.add(reported(session, ana, bob))
        session.commit()
    web = browse(app)
    login(web, "mod")
    page = web.get("/admin/reports")
    (form,) = [f for f in page.forms.values() if f.action.endswith("/warn")]
    form.submit()
    (mail,) = smtp.mailbox.wait_for(1)
    text = mail.body("plain")
    assert mail.rcpt_tos == ["bob@example.com"]
    assert "keep to the rules" in text
    assert quoted is None or quoted in text
    assert unquoted is None or unquoted not in text
    assert "ana" not in text, "the reported never learn who reported them"


def test_admins_give_roles_from_a_profile_and_the_trail_shows_it(testapp, dbsession):
    boss = make_user(dbsession, "boss")
    boss.role = "admin"
    make_user(dbsession, "dora")
    login(testapp, "boss")
    page = testapp.get("/user/dora")
    (form,) = [f for f in page.forms.values() if f.action.endswith("/role")]
    form["role"] = "moderator"
    form.submit()
    dora = dbsession.scalar(select(User).where(User.username == "dora"))
    assert dora.role == "moderator"
    trail = testapp.get("/admin/audit")
    assert [td.text for td in trail.html.select("tr.entry td.action")] == ["role"]


def test_the_role_command_gives_and_takes_a_role(live_settings, tmp_path):
    from microblog import main

    app = main({}, **live_settings)
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        session.commit()
    ini = tmp_path / "app.ini"
    ini.write_text(
        "[app:main]\nuse = egg:microblog\n"
        + "".join(f"{key} = {value}\n" for key, value in live_settings.items())
    )
    result = CliRunner().invoke(cli, ["role", str(ini), "ANA", "admin"])
    assert result.exit_code == 0, result.output
    assert "ana is now admin." in result.output
    assert CliRunner().invoke(cli, ["role", str(ini), "nobody", "admin"]).exit_code != 0
    assert CliRunner().invoke(cli, ["role", str(ini), "ana", "king"]).exit_code != 0
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(User.role).where(User.username == "ana")) == "admin"
        (entry,) = session.scalars(select(AuditEntry)).all()
        assert (entry.actor_name, entry.detail) == ("(command line)", "admin")
    app.registry["dbengine"].dispose()


@pytest.mark.usefixtures("visits_already_noted")
def test_the_queue_costs_the_same_queries_with_2_or_20_reports(
    testapp, ana, mod, engine, dbsession
):
    def add_reports(n):
        for i in range(n):
            author = make_user(dbsession)
            (post,) = make_posts(dbsession, author, 1)
            message = author.send_message(ana, f"message {i}")
            dbsession.add(
                Report(reporter_id=ana.id, user_id=author.id, post_id=post.id, reason="x")
            )
            dbsession.add(
                Report(reporter_id=ana.id, user_id=author.id, message_id=message.id, reason="y")
            )
        dbsession.flush()

    login(testapp, "mod")
    add_reports(1)
    testapp.get("/admin/reports")
    # what the test's session holds already is not asked again: start both counts alike
    dbsession.expire_all()
    with count_queries(engine) as few:
        testapp.get("/admin/reports")
    add_reports(9)
    testapp.get("/admin/reports")
    dbsession.expire_all()
    with count_queries(engine) as many:
        page = testapp.get("/admin/reports")
    assert len(page.html.select("article.report")) == 20
    assert len(many) == len(few)
    assert len(page.html.select(".reported-message")) == 10
