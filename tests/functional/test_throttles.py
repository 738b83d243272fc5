"""Throttles: guessing passwords, registering, asking for reset mails and posting slow down
after their RATELIMIT_* limits, with a 429 that says when to come back, in every process."""

import logging

import pytest

from ..support import pictures
from ..support.concurrency import basic
from ..support.factories import PASSWORD, make_user
from ..support.smtp import free_port
from .conftest import browse
from .mastodon.conftest import authorise, bearer

LIMITS = {
    "microblog.ratelimit_login_account": "3 per 15 minutes",
    "microblog.ratelimit_login_address": "5 per 15 minutes",
    "microblog.ratelimit_register": "2 per hour",
    "microblog.ratelimit_post": "3 per minute",
}


@pytest.fixture
def app(make_app):
    app = make_app(**LIMITS)
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        make_user(session, "bob")
        session.commit()
    return app


def sign_in(web, username, password):
    form = web.get("/login").forms["loginview"]
    form["username"], form["password"] = username, password
    return form.submit(expect_errors=True)


def assert_throttled(response):
    assert response.status_int == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60 * 60


def test_wrong_passwords_for_an_account_lock_it_for_a_while_right_password_included(app, caplog):
    web = browse(app)
    for _ in range(3):
        assert "Invalid username or password." in sign_in(web, "ana", "guess").text
    with caplog.at_level(logging.WARNING):
        refused = sign_in(web, "ANA", PASSWORD)
    assert_throttled(refused)
    assert "Too many tries in a short time" in refused.text
    assert refused.html.select_one("nav.navbar") is not None, "a page in the site's look"
    assert any("Throttled: login_account for account/ana" in r.getMessage() for r in caplog.records)
    # another account is not held up by ana's
    assert sign_in(browse(app), "bob", PASSWORD).status_int == 303


def test_wrong_passwords_from_one_address_are_counted_across_accounts(app):
    web = browse(app)
    for name in ("ana", "bob", "carol", "dave", "erin"):
        assert sign_in(web, name, "guess").status_int == 200
    assert_throttled(sign_in(web, "bob", PASSWORD))
    elsewhere = browse(app)
    elsewhere.extra_environ["REMOTE_ADDR"] = "198.51.100.9"
    assert sign_in(elsewhere, "bob", PASSWORD).status_int == 303


def test_token_requests_share_the_sign_in_throttle_and_answer_json(app):
    web = browse(app)
    for _ in range(3):
        web.post("/api/tokens", headers=basic("ana", "guess"), status=401)
    refused = web.post("/api/tokens", headers=basic("ana"), status=429)
    assert refused.json["error"] == "Too Many Requests"
    assert int(refused.headers["Retry-After"]) > 0
    assert_throttled(sign_in(web, "ana", PASSWORD))


def test_every_process_shares_the_counts(app, make_app):
    other_process = make_app(
        **{**LIMITS, "sqlalchemy.url": app.registry.settings["sqlalchemy.url"]}
    )
    sign_in(browse(app), "ana", "guess")
    sign_in(browse(other_process), "ana", "guess")
    sign_in(browse(app), "ana", "guess")
    assert_throttled(sign_in(browse(other_process), "ana", PASSWORD))


def test_registrations_from_one_address_are_limited(app):
    web = browse(app)
    for number in range(2):
        form = web.get("/register").forms["registerview"]
        form["username"], form["email"] = f"new{number}", f"new{number}@example.com"
        form["password"] = form["password2"] = PASSWORD
        assert form.submit().status_int == 303
    body = {"username": "new9", "email": "new9@example.com", "password": PASSWORD}
    refused = web.post_json("/api/users", body, status=429)
    assert int(refused.headers["Retry-After"]) > 0


def test_reset_mails_to_one_address_are_limited(app):
    web = browse(app)
    for _ in range(3):
        form = web.get("/reset_password_request").forms["resetpasswordrequestview"]
        form["email"] = "ana@example.com"
        answer = form.submit(expect_errors=True)
    assert_throttled(answer)


def test_posts_and_messages_of_one_account_are_limited(app):
    web = browse(app)
    sign_in(web, "ana", PASSWORD)
    token = web.post("/api/tokens", headers=basic("ana")).json["token"]
    auth = {"Authorization": f"Bearer {token}"}
    for number in range(2):
        form = next(f for f in web.get("/").forms.values() if "post" in f.fields)
        form["post"] = f"post {number}"
        assert form.submit().status_int == 303
    web.post_json("/api/posts", {"body": "the third"}, headers=auth, status=201)
    refused = web.post_json("/api/posts", {"body": "one too many"}, headers=auth, status=429)
    assert refused.json["error"] == "Too Many Requests"
    form = web.get("/user/bob/message").forms["sendmessageview"]
    form["message"] = "hello"
    assert_throttled(form.submit(expect_errors=True))
    assert "one too many" not in web.get("/explore").text


def test_with_redis_unreachable_the_throttles_let_everything_through(make_app, caplog):
    app = make_app(**{**LIMITS, "microblog.redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        session.commit()
    web = browse(app)
    with caplog.at_level(logging.WARNING):
        for _ in range(4):
            sign_in(web, "ana", "guess")
        assert sign_in(web, "ana", PASSWORD).status_int == 303
    assert any("Throttles off for now" in r.getMessage() for r in caplog.records)


def test_failed_oauth_token_requests_slow_the_address_down_in_mastodon_s_shape(app):
    web = browse(app)
    client = web.post(
        "/api/v1/apps",
        {"client_name": "Guesser", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
    ).json
    guess = {
        "grant_type": "authorization_code",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
        "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
    }
    for n in range(5):
        web.post("/oauth/token", {**guess, "code": f"guess-{n}"}, status=400)
    refused = web.post("/oauth/token", {**guess, "code": "one-more"}, status=429)
    assert_throttled(refused)


def test_mastodon_statuses_spend_the_post_throttle(app):
    web = browse(app)
    token = bearer(authorise(web, "ana", "write"))
    for n in range(3):
        web.post("/api/v1/statuses", {"status": f"Post {n}"}, headers=token)
    refused = web.post("/api/v1/statuses", {"status": "One more"}, headers=token, status=429)
    assert_throttled(refused)
    assert set(refused.json) == {"error"}


def test_picture_uploads_spend_the_post_throttle_in_both_apis(app):
    web = browse(app)
    token = web.post("/api/tokens", headers=basic("ana")).json["token"]
    ours = {"Authorization": f"Bearer {token}"}
    mastodon = bearer(authorise(web, "ana", "write"))
    picture = [("file", "a.jpg", pictures.jpeg())]
    web.post("/api/media", upload_files=picture, headers=ours, status=201)
    web.post("/api/v2/media", upload_files=picture, headers=mastodon, status=200)
    web.post_json("/api/posts", {"body": "the third"}, headers=ours, status=201)
    assert_throttled(web.post("/api/media", upload_files=picture, headers=ours, status=429))
    assert_throttled(web.post("/api/v2/media", upload_files=picture, headers=mastodon, status=429))
