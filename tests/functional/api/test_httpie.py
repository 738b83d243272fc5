"""The chapter's HTTPie session, run with the real ``http`` command against a served app."""

import itertools
import json
import subprocess
import sys

import pytest

from microblog import main

from ...support.live import LiveServer
from ...support.openapi import OpenApiChecker

PASSWORD = "dog-and-cat"


@pytest.fixture
def server(live_settings):
    served = LiveServer(main({}, **live_settings)).start()
    yield served
    served.stop()


@pytest.fixture
def http(server, tmp_path, openapi_document):
    """``http ARGS...`` as typed in the chapter, with ``:6543`` meaning this server's port."""
    config = tmp_path / "httpie"
    config.mkdir()
    # no look-up of newer HTTPie versions: the tests talk to this machine only
    (config / "config.json").write_text(json.dumps({"disable_update_warnings": True}))
    port = server.url.rsplit(":", 1)[1]
    checker = OpenApiChecker(openapi_document)

    def run(*args):
        args = [arg.replace(":6543", f":{port}") for arg in args]
        completed = subprocess.run(
            [sys.executable, "-m", "httpie", "--ignore-stdin", "--print=hb", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={"HTTPIE_CONFIG_DIR": str(config), "PATH": "/usr/bin:/bin"},
        )
        assert completed.returncode == 0, completed.stderr
        head, _, body = completed.stdout.partition("\n\n")
        status_line, *header_lines = head.splitlines()
        # HTTPie shows header names in its own casing (Www-Authenticate)
        headers = {
            name.lower(): value for name, value in (line.split(": ", 1) for line in header_lines)
        }
        status = int(status_line.split()[1])
        method, url = next((a, b) for a, b in itertools.pairwise(args) if a.isupper())
        checker.check_answer(method, url.split(f":{port}", 1)[1], status, headers, body.encode())
        return status, headers, json.loads(body) if body.strip() else None

    return run


def test_the_chapter_23_session_works_unchanged(http):
    status, headers, user = http(
        "POST",
        ":6543/api/users",
        "username=alice",
        f"password={PASSWORD}",
        "email=alice@example.com",
        "about_me=Hello, my name is Alice!",
    )
    assert status == 201
    assert headers["location"].endswith(f"/api/users/{user['id']}")
    user_id = user["id"]

    status, headers, body = http("POST", ":6543/api/tokens")
    assert status == 401
    assert headers["www-authenticate"] == 'Basic realm="Microblog API"'
    assert body["error"] == "Unauthorized"

    status, _, body = http("--auth", f"alice:{PASSWORD}", "POST", ":6543/api/tokens")
    assert status == 200
    token = body["token"]

    status, _, body = http("GET", f":6543/api/users/{user_id}", f"Authorization:Bearer {token}")
    assert status == 200
    assert (body["username"], body["email"]) == ("alice", "alice@example.com")

    status, _, body = http("GET", ":6543/api/users", f"Authorization:Bearer {token}")
    assert [u["username"] for u in body["items"]] == ["alice"]
    for collection in ("followers", "followed"):
        status, _, body = http(
            "GET", f":6543/api/users/{user_id}/{collection}", f"Authorization:Bearer {token}"
        )
        assert (status, body["items"]) == (200, [])

    status, _, body = http(
        "PUT",
        f":6543/api/users/{user_id}",
        "about_me=Hi, I am Alice",
        f"Authorization:Bearer {token}",
    )
    assert (status, body["about_me"]) == (200, "Hi, I am Alice")

    status, _, body = http("DELETE", ":6543/api/tokens", f"Authorization:Bearer {token}")
    assert (status, body) == (204, None)
    status, headers, _ = http("GET", f":6543/api/users/{user_id}", f"Authorization:Bearer {token}")
    assert status == 401
    assert headers["www-authenticate"].startswith("Bearer")


def test_the_readmes_examples_work(http, server):
    http(
        "POST",
        ":6543/api/users",
        "username=alice",
        "password=correct-horse",
        "email=alice@example.com",
        "about_me=Hello, my name is Alice!",
    )
    bob_id = http(
        "POST", ":6543/api/users", "username=bob", "password=correct-horse", "email=bob@example.com"
    )[2]["id"]
    token = http("--auth", "alice:correct-horse", "POST", ":6543/api/tokens")[2]["token"]
    auth = f"Authorization:Bearer {token}"

    status, _, page = http("GET", ":6543/api/users", "page==2", "per_page==1", auth)
    assert (status, [u["username"] for u in page["items"]]) == (200, ["bob"])
    status, _, post = http("POST", ":6543/api/posts", "body=Hello from a script", auth)
    assert (status, post["body"]) == (201, "Hello from a script")
    status, _, _ = http("POST", f":6543/api/users/{bob_id}/follow", auth)
    assert status == 204
    status, _, feed = http("GET", ":6543/api/feed", auth)
    assert [p["body"] for p in feed["items"]] == ["Hello from a script"]
    status, _, message = http(
        "POST", ":6543/api/messages", f"recipient_id:={bob_id}", "body=Hi Bob", auth
    )
    assert (status, message["recipient_id"]) == (201, bob_id)
    status, _, found = http("GET", ":6543/api/search", "q==script", auth)
    assert (status, [p["body"] for p in found["items"]]) == (200, ["Hello from a script"])
    assert http("DELETE", ":6543/api/tokens", auth)[0] == 204
