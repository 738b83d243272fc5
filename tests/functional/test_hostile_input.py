"""Every form, query parameter and API body of the site, sent hostile values: empty, 10,000
characters, NUL and other control characters, invalid UTF-8, right-to-left and zero-width
characters, lone surrogates, deep JSON, wrong JSON types, duplicate fields. On every
database (MICROBLOG_TEST_DATABASES), not one answer may be a 5xx."""

import json
from urllib.parse import quote

import pytest
import webtest

from microblog.reset_tokens import make_token

from ..conftest import SECRET, shared_environ
from ..support.concurrency import basic
from ..support.factories import login

TEXTS = {
    "empty": "",
    "long": "x" * 10_000,
    "nul": "a\x00b",
    "controls": "a\x01\x07\x1b[31mb\x7f\x85",
    "line breaks": "a\r\nb\rc",
    "right-to-left": "\u202eevil\u202c",
    "zero-width": "a\u200bb\ufeff\u2060",
    "emoji": "\U0001f600" * 50,
    "markup": "<script>alert(1)</script>",
    "spaces": "   ",
}
INVALID_UTF8 = b"%FF%FE%C3%28"
JSON_VALUES = [None, True, 0, -1, 10**40, 1.5, [], ["a"], {}, {"a": "b"}, "\x00", "\ud800"]

# (path, fields, who sends it)
FORMS = [
    ("/login", ["username", "password", "remember_me", "next"], "visitor"),
    ("/register", ["username", "email", "password", "password2"], "visitor"),
    ("/reset_password_request", ["email"], "visitor"),
    ("/reset_password/{token}", ["password", "password2"], "visitor"),
    ("/", ["post"], "ana"),
    ("/index", ["post"], "ana"),
    ("/user/bob/message", ["message"], "ana"),
    ("/user/ana/edit", ["username", "about_me"], "ana"),
    ("/set_language", ["language", "next"], "ana"),
    ("/user/bob/follow", ["next"], "ana"),
    ("/user/bob/unfollow", ["next"], "ana"),
]
QUERIES = [
    ("/search", ["q", "page"]),
    ("/explore", ["page", "before"]),
    ("/user/ana", ["page"]),
    ("/messages", ["page"]),
    ("/notifications", ["since"]),
    ("/login", ["next"]),
    ("/api/posts", ["page", "per_page"]),
    ("/api/search", ["q", "page", "per_page"]),
]
# (method, path, fields)
API_BODIES = [
    ("POST", "/api/users", ["username", "email", "password", "about_me"]),
    ("PUT", "/api/users/{ana}", ["username", "email", "about_me"]),
    ("POST", "/api/posts", ["body"]),
    ("POST", "/api/messages", ["recipient_id", "body"]),
    ("POST", "/translate", ["text", "source_language", "dest_language"]),
]
VALID = {
    "username": "newname",
    "email": "new@example.com",
    "password": "a good password",
    "password2": "a good password",
    "post": "hello",
    "message": "hello",
    "about_me": "hi",
    "language": "es",
    "next": "/explore",
    "remember_me": "true",
    "body": "hello",
    "text": "hola a todos mis amigos",
    "source_language": "es",
    "dest_language": "en",
    "q": "hello",
}


@pytest.fixture
def clients(app, tm, dbsession, ana, bob, fresh_redis_url):
    def client():
        return webtest.TestApp(app, extra_environ=shared_environ(tm, dbsession))

    signed_in = client()
    login(signed_in, "ana")
    token = signed_in.post("/api/tokens", headers=basic("ana")).json["token"]
    return {
        "visitor": client(),
        "ana": signed_in,
        "bearer": {"Authorization": f"Bearer {token}"},
        "ids": {"ana": ana.id, "bob": bob.id},
        "token": make_token(ana, SECRET, 600),
    }


def csrf(web):
    page = web.get("/login")
    if page.status_int == 303:
        page = web.get("/explore")
    return page.html.find("meta", attrs={"name": "csrf-token"})["content"]


def encoded(fields):
    """A form body from ``(name, value)`` pairs; ``bytes`` values are sent as they are."""
    parts = []
    for name, value in fields:
        value = value if isinstance(value, bytes) else quote(value, safe="").encode()
        parts.append(name.encode() + b"=" + value)
    return b"&".join(parts)


def hostile_forms(field_names, token):
    base = [(name, VALID.get(name, "x")) for name in field_names] + [("csrf_token", token)]
    for field in field_names:
        others = [(name, value) for name, value in base if name != field]
        for value in [*TEXTS.values(), INVALID_UTF8]:
            yield [*others, (field, value)]
        yield [*base, (field, "second value")]  # the field twice
        yield others  # the field missing


def assert_no_5xx(answers):
    failed = [(where, status) for where, status in answers if status >= 500]
    assert failed == []


@pytest.mark.parametrize("path, fields, sender", FORMS, ids=[form[0] for form in FORMS])
def test_hostile_form_fields_never_get_a_5xx(clients, path, fields, sender):
    web = clients[sender]
    path = path.format(token=clients["token"])
    token = csrf(web)
    answers = []
    for body in hostile_forms(fields, token):
        response = web.post(
            path,
            encoded(body),
            content_type="application/x-www-form-urlencoded",
            expect_errors=True,
        )
        answers.append((body[-1][0], response.status_int))
    assert_no_5xx(answers)
    assert clients["ana"].get("/explore").status_int == 200


@pytest.mark.parametrize("path, fields", QUERIES, ids=[query[0] for query in QUERIES])
def test_hostile_query_parameters_never_get_a_5xx(clients, path, fields):
    answers = []
    for field in fields:
        for value in [*TEXTS.values(), "-1", "0", "9" * 40, "1e309", "nan"]:
            url = f"{path}?{field}={quote(value, safe='')}"
            response = clients["ana"].get(url, headers=clients["bearer"], expect_errors=True)
            answers.append((url[:80], response.status_int))
        raw = f"{path}?{field}=%FF%FE"
        answers.append((raw, clients["ana"].get(raw, expect_errors=True).status_int))
    assert_no_5xx(answers)


def hostile_json(fields, ids):
    base = {name: VALID.get(name, ids["bob"] if name.endswith("_id") else "x") for name in fields}
    for field in fields:
        for value in [*TEXTS.values(), *JSON_VALUES]:
            yield json.dumps({**base, field: value}).encode()
        yield json.dumps({name: v for name, v in base.items() if name != field}).encode()
    yield b"[" * 100_000 + b"]" * 100_000
    yield b'{"a": ' * 50_000 + b"1" + b"}" * 50_000
    yield b""
    yield b"null"
    yield b'"just a string"'
    yield b"\xff\xfe{}"
    yield json.dumps({**base, "extra": "field"}).encode()
    # the same key twice, and a NUL escaped in a key
    yield b"{" + b", ".join(f'"{name}": "a", "{name}": "b"'.encode() for name in fields) + b"}"
    yield b'{"\\u0000": 1}'


@pytest.mark.parametrize(
    "method, path, fields", API_BODIES, ids=[f"{m} {p}" for m, p, _ in API_BODIES]
)
def test_hostile_json_bodies_never_get_a_5xx(clients, method, path, fields):
    web = clients["ana"]
    path = path.format(ana=clients["ids"]["ana"])
    headers = {**clients["bearer"], "X-CSRF-Token": csrf(web)}
    answers = []
    for body in hostile_json(fields, clients["ids"]):
        response = web.request(
            path,
            method=method,
            body=body,
            headers={**headers, "Content-Type": "application/json"},
            expect_errors=True,
        )
        answers.append((body[:60], response.status_int))
    assert_no_5xx(answers)


def test_hostile_credentials_never_get_a_5xx(clients):
    web = clients["visitor"]
    answers = []
    for text in [*TEXTS.values(), "ana:\x00", "\x00:x"]:
        # a header arrives as bytes, which the server hands over as latin-1
        value = text.encode("utf-8").decode("latin-1")
        headers = {"Authorization": "Basic " + value}
        answers.append((value[:20], web.post("/api/tokens", headers=headers, expect_errors=True)))
        headers = basic(text, text)
        answers.append((value[:20], web.post("/api/tokens", headers=headers, expect_errors=True)))
        headers = {"Authorization": "Bearer " + value}
        answers.append((value[:20], web.get("/api/posts", headers=headers, expect_errors=True)))
    assert_no_5xx([(where, response.status_int) for where, response in answers])
