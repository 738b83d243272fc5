"""Requests racing each other from real threads, on an app that commits (every database):
each race ends with the rows one request at a time would leave, and never a 500."""

from logging import ERROR

import pytest
from sqlalchemy import func, select

from microblog import main
from microblog.models import Post, User, followers

from ..support.concurrency import bearer_token, client, simultaneously
from ..support.factories import PASSWORD, make_user
from .mastodon.conftest import authorise, bearer

RACERS = 10


@pytest.fixture(autouse=True)
def no_error_is_logged(caplog):
    """A lost race is retried quietly: nothing for the log's errors or the admins' mail."""
    yield
    errors = [record.getMessage() for record in caplog.records if record.levelno >= ERROR]
    assert errors == []


@pytest.fixture
def app(live_settings):
    app = main({}, **live_settings)
    yield app
    app.registry["dbengine"].dispose()


def add_users(app, *names):
    with app.registry["dbsession_factory"]() as session:
        ids = [make_user(session, name).id for name in names]
        session.commit()
        return ids


def count(app, query):
    with app.registry["dbsession_factory"]() as session:
        return session.scalar(query)


def accounts_named(app, name):
    return count(
        app, select(func.count()).select_from(User).where(func.lower(User.username) == name)
    )


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param(lambda i: "racer", id="the same name"),
        pytest.param(lambda i: "racer" if i % 2 else "RACER", id="names differing in case"),
    ],
)
def test_simultaneous_api_registrations_of_one_name_make_one_account(app, spelling):
    def register(state):
        web, index = state
        body = {
            "username": spelling(index),
            "email": f"racer{index}@example.com",
            "password": PASSWORD,
        }
        return web.post_json("/api/users", body, expect_errors=True)

    answers = simultaneously(RACERS, lambda index: (client(app), index), register)
    assert sorted(answer.status_int for answer in answers) == [201] + [400] * (RACERS - 1)
    refusals = [answer.json["message"] for answer in answers if answer.status_int == 400]
    assert all("username: Please use a different username." in text for text in refusals)
    assert accounts_named(app, "racer") == 1


def test_simultaneous_api_registrations_of_one_address_make_one_account(app):
    def register(state):
        web, index = state
        address = "Racer@Example.com" if index % 2 else "racer@example.com"
        body = {"username": f"racer{index}", "email": address, "password": PASSWORD}
        return web.post_json("/api/users", body, expect_errors=True)

    answers = simultaneously(RACERS, lambda index: (client(app), index), register)
    assert sorted(answer.status_int for answer in answers) == [201] + [400] * (RACERS - 1)
    refusals = [answer.json["message"] for answer in answers if answer.status_int == 400]
    assert all("email: Please use a different email address." in text for text in refusals)
    query = select(func.count()).where(func.lower(User.email) == "racer@example.com")
    assert count(app, query) == 1


def test_simultaneous_form_registrations_of_one_name_show_the_field_error(app):
    def prepare(index):
        web = client(app)
        form = web.get("/register").forms["registerview"]
        form["username"] = "racer" if index % 2 else "Racer"
        form["email"] = f"racer{index}@example.com"
        form["password"] = form["password2"] = PASSWORD
        return form

    answers = simultaneously(RACERS, prepare, lambda form: form.submit(expect_errors=True))
    statuses = sorted(answer.status_int for answer in answers)
    assert statuses == [200] * (RACERS - 1) + [303], "one welcome, the others the form again"
    refused = [answer for answer in answers if answer.status_int == 200]
    assert all("Please use a different username." in answer.text for answer in refused)
    assert accounts_named(app, "racer") == 1


def follow_rows(app, follower_id, followed_id):
    query = (
        select(func.count())
        .select_from(followers)
        .where(followers.c.follower_id == follower_id, followers.c.followed_id == followed_id)
    )
    return count(app, query)


def test_simultaneous_follows_and_unfollows_answer_204_and_leave_one_row_or_none(app):
    ana_id, bob_id = add_users(app, "ana", "bob")
    auth = bearer_token(app, "ana")
    url = f"/api/users/{bob_id}/follow"

    def act(method):
        return lambda web: getattr(web, method)(url, headers=auth, expect_errors=True)

    follows = simultaneously(RACERS, lambda i: client(app), act("post"))
    assert [answer.status_int for answer in follows] == [204] * RACERS
    assert follow_rows(app, ana_id, bob_id) == 1

    unfollows = simultaneously(RACERS, lambda i: client(app), act("delete"))
    assert [answer.status_int for answer in unfollows] == [204] * RACERS
    assert follow_rows(app, ana_id, bob_id) == 0

    mixed = simultaneously(
        RACERS, lambda i: (client(app), "post" if i % 2 else "delete"), lambda s: act(s[1])(s[0])
    )
    assert [answer.status_int for answer in mixed] == [204] * RACERS
    assert follow_rows(app, ana_id, bob_id) in (0, 1)


def test_simultaneous_follows_from_the_profile_page_leave_one_row(app):
    ana_id, bob_id = add_users(app, "ana", "bob")

    def prepare(index):
        web = client(app)
        form = web.get("/login").forms["loginview"]
        form["username"], form["password"] = "ana", PASSWORD
        form.submit()
        page = web.get("/user/bob")
        return next(f for f in page.forms.values() if f.action.endswith("/follow"))

    answers = simultaneously(RACERS, prepare, lambda form: form.submit(expect_errors=True))
    assert [answer.status_int for answer in answers] == [303] * RACERS
    assert follow_rows(app, ana_id, bob_id) == 1


def test_simultaneous_statuses_with_one_idempotency_key_publish_one_post(app):
    add_users(app, "ana")
    token = bearer(authorise(client(app), "ana", "write"))
    headers = {**token, "Idempotency-Key": "tusky-draft-7"}

    def post(web):
        return web.post("/api/v1/statuses", {"status": "Sent twice by a shaky phone"}, headers)

    answers = simultaneously(RACERS, lambda _i: client(app), post)
    assert {answer.status_int for answer in answers} == {200}
    assert len({answer.json["id"] for answer in answers}) == 1
    assert count(app, select(func.count()).select_from(Post)) == 1
