"""What every request meets first: addresses that are not text, next= that would split a
header, PUBLIC_URL, the security headers, and visitors asking whether a name exists."""

import re

import pytest
import webtest

from microblog import main
from microblog.services.mail import flush

from ..support.factories import PASSWORD, login, make_user
from ..support.live import LiveServer
from ..support.processes import fetch
from .conftest import browse

UNDECODABLE = ["/%FF", "/user/%C3%28", "/api/%FF", "/healthz/%FF", "/post/%ED%A0%80"]
CONTROLS = ["/user/ana%00", "/user/%0D%0ASet-Cookie:x=1", "/explore?page=%00", "/search?q=a%00"]


@pytest.fixture
def served(live_settings):
    server = LiveServer(main({}, **live_settings)).start()
    yield server
    server.stop()


@pytest.mark.parametrize("path", UNDECODABLE + CONTROLS)
def test_an_address_that_is_not_text_is_a_400_over_a_real_socket(served, path):
    port = int(served.url.rsplit(":", 1)[1])
    answer = fetch(port, path)
    assert answer.status == 400
    if path.startswith("/api/"):
        assert answer.headers["Content-Type"].startswith("application/json")
    else:
        assert "<nav" in answer.text, "the site's error page"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_an_address_that_is_not_text_is_a_400_for_a_signed_in_user_too(served):
    port = int(served.url.rsplit(":", 1)[1])
    served.create_user("ana", PASSWORD)
    web = webtest.TestApp(served.app, extra_environ={"HTTP_HOST": "example.com"})
    login(web, "ana")
    cookie = f"session={web.cookies['session']}"
    assert fetch(port, "/%FF", headers={"Cookie": cookie}).status == 400


@pytest.mark.parametrize(
    "target",
    ["/\r\nSet-Cookie: x=1", "/explore\n", "/\x00explore", "/\texplore", "//evil.example"],
)
def test_next_that_would_split_a_header_or_leave_the_site_goes_home(testapp, ana, target):
    token = testapp.get("/login").forms["loginview"]["csrf_token"].value
    # in the form's body, where the door does not look
    body = {"csrf_token": token, "username": "ana", "password": PASSWORD, "next": target}
    answer = testapp.post("/login", body)
    assert answer.status_int == 303
    assert answer.location == "http://example.com/"


def test_next_with_letters_beyond_latin_1_is_escaped_in_the_location(testapp, ana):
    answer = login(testapp, "ana", next_="/search?q=%E2%82%AC")
    assert answer.location == "http://example.com/search?q=%E2%82%AC"


def test_every_answer_carries_the_security_headers(testapp, as_ana):
    for path, status in [("/", 200), ("/nosuch", 404), ("/api/posts", 401), ("/%FF", 400)]:
        answer = as_ana.get(path, status=status) if path != "/%FF" else None
        if answer is None:
            answer = webtest.TestApp(as_ana.app).get(path, status=400)
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"], path
        assert "'unsafe-inline'" not in answer.headers["Content-Security-Policy"], path
        assert answer.headers["X-Frame-Options"] == "DENY", path
        assert answer.headers["X-Content-Type-Options"] == "nosniff", path
        assert answer.headers["Referrer-Policy"] == "same-origin", path


@pytest.mark.parametrize("path", ["/user/{name}", "/user/{name}/popup", "/user/{name}/message"])
def test_visitors_cannot_tell_whether_a_user_exists(testapp, bob, path):
    existing = testapp.get(path.format(name="bob"), status=303)
    missing = testapp.get(path.format(name="nobody"), status=303)
    assert existing.location.startswith("http://example.com/login?next=")
    assert missing.location.startswith("http://example.com/login?next=")
    # signed in, a missing user is simply missing
    login(testapp, "bob")
    testapp.get(path.format(name="nobody"), status=404)


def test_the_reset_link_comes_from_public_url_whatever_the_host_header(make_app, smtp):
    app = make_app(**smtp.settings(), **{"microblog.public_url": "https://microblog.example.com"})
    with app.registry["dbsession_factory"]() as session:
        make_user(session, "ana")
        session.commit()
    web = browse(app)
    token = web.get("/reset_password_request").forms["resetpasswordrequestview"]["csrf_token"]
    # the same browser, its request sent with a forged Host (from the real site's page)
    forged = webtest.TestApp(
        app,
        extra_environ={"HTTP_HOST": "evil.example", "HTTP_ORIGIN": "https://microblog.example.com"},
    )
    forged.post(
        "/reset_password_request",
        {"csrf_token": token.value, "email": "ana@example.com"},
        headers={"Cookie": f"session={web.cookies['session']}"},
        status=303,
    )
    assert flush(app.registry, timeout=30)
    [mail] = smtp.mailbox.wait_for(1)
    links = re.findall(r"https?://[^/\s]+/reset_password/", mail.body("plain"))
    assert links == ["https://microblog.example.com/reset_password/"]
