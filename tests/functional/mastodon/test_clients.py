"""Real Mastodon clients against the served app (waitress on a free port): Mastodon.py
drives the whole flow, and the ``toot`` CLI logs in, posts and reads its timeline. The
consent page is used as a browser would: sign in, approve, read the code."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from mastodon import Mastodon, MastodonAPIError
from mastodon.errors import MastodonIllegalArgumentError

from microblog import main
from tests.support import pictures
from tests.support.live import LiveServer
from tests.support.search import written_to_index

PASSWORD = "a-long-enough-password"
REDIRECT = "http://127.0.0.1:9/callback"
SCOPES = ["read", "write", "follow"]


@pytest.fixture
def served(live_settings):
    server = LiveServer(main({}, **live_settings)).start()
    server.create_user("ana", PASSWORD)
    server.create_user("bob", PASSWORD)
    yield server
    server.stop()


def form_fields(html, form_id):
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    return form, fields


def browser_approves(authorize_url, username, approve=True):
    """What a person does in the browser: open the URL, sign in, approve; the answer
    (a redirect to the client, or the page showing the code)."""
    browser = requests.Session()
    page = browser.get(authorize_url)
    _form, fields = form_fields(page.text, "loginview")
    fields.update(username=username, password=PASSWORD)
    fields.pop("submit", None)
    page = browser.post(page.url, data={**fields, "submit": "submit"})
    assert "/oauth/authorize" in page.url
    _form, fields = form_fields(page.text, "consent")
    fields["decision"] = "approve" if approve else "deny"
    return browser.post(page.url.split("?")[0], data=fields, allow_redirects=False)


def code_in(answer):
    if answer.status_code == 302:
        return re.search(r"[?&]code=([^&]+)", answer.headers["Location"]).group(1)
    return BeautifulSoup(answer.text, "html.parser").find(id="authorization-code")["value"]


def mastodon_for(server, username, scopes=SCOPES):
    client_id, secret = Mastodon.create_app(
        "Tests", scopes=scopes, redirect_uris=REDIRECT, api_base_url=server.url
    )
    client = Mastodon(client_id=client_id, client_secret=secret, api_base_url=server.url)
    url = client.auth_request_url(redirect_uris=REDIRECT, scopes=scopes, allow_http=True)
    code = code_in(browser_approves(url, username))
    client.log_in(code=code, redirect_uri=REDIRECT, scopes=scopes, allow_http=True)
    return client


def test_mastodon_py_does_everyday_things(served):
    ana = mastodon_for(served, "ana")
    bob = mastodon_for(served, "bob")
    assert ana.account_verify_credentials()["username"] == "ana"
    bob_id = bob.account_verify_credentials()["id"]
    ana.account_follow(bob_id)

    first = bob.status_post("Hello from #python")
    reply = ana.status_reply(first, "Welcome!")
    assert reply["in_reply_to_id"] == first["id"]
    assert ana.status_favourite(first)["favourited"]
    reblog = ana.status_reblog(first)
    assert reblog["reblog"]["id"] == first["id"]
    for n in range(5):
        bob.status_post(f"Post number {n}")

    page = ana.timeline_home(limit=3)
    seen = [s["id"] for s in page]
    while page:
        page = ana.fetch_next(page)
        seen += [s["id"] for s in page or []]
    assert len(seen) == len(set(seen)) == 8  # 6 by bob, ana's reply, ana's reblog
    public = ana.timeline_public(limit=4)
    everything = ana.fetch_remaining(public)
    assert len(everything) == 7

    written_to_index(served.app)
    found = ana.search_v2("python")
    assert [s["id"] for s in found["statuses"]] == [first["id"]]
    kinds = sorted(n["type"] for n in bob.notifications())
    assert kinds == ["favourite", "follow", "mention", "reblog"]

    edited = bob.status_update(first["id"], "Hello again from #python")
    assert edited["edited_at"] is not None
    assert len(bob.status_history(first["id"])) == 2
    with pytest.raises(MastodonAPIError) as refused:
        ana.status_update(first["id"], "Not mine")
    assert refused.value.args[1] == 403
    bob.status_delete(first["id"])
    with pytest.raises(MastodonAPIError):
        ana.status(first["id"])

    picture = ana.media_post(
        io.BytesIO(pictures.jpeg()), mime_type="image/jpeg", description="A test card"
    )
    pictured = ana.status_post("With a picture", media_ids=[picture])
    [attached] = ana.status(pictured["id"])["media_attachments"]
    assert attached["id"] == picture["id"] and attached["description"] == "A test card"
    assert requests.get(attached["url"], timeout=10).headers["Content-Type"] == "image/webp"
    # a photo posted without a word, as phones do; a status of nothing is refused
    photo = ana.media_post(io.BytesIO(pictures.png()), mime_type="image/png")
    alone = ana.status_post(None, media_ids=[photo])
    assert alone["content"] == "" and len(alone["media_attachments"]) == 1
    with pytest.raises(MastodonAPIError) as blank:
        ana.status_post("")
    assert blank.value.args[1] == 422


def test_mastodon_py_is_refused_what_its_scopes_do_not_cover(served):
    reader = mastodon_for(served, "ana", scopes=["read"])
    assert reader.timeline_home() == []
    with pytest.raises(MastodonAPIError) as refused:
        reader.status_post("Not allowed")
    assert refused.value.args[1] == 403
    assert "outside the authorized scopes" in str(refused.value)


def test_a_revoked_token_stops_working_for_mastodon_py(served):
    ana = mastodon_for(served, "ana")
    ana.revoke_access_token(allow_http=True)
    with pytest.raises(MastodonAPIError) as refused:
        ana.account_verify_credentials()
    assert refused.value.args[1] == 401


def test_mastodon_py_is_refused_a_wrong_redirect_uri(served):
    client_id, secret = Mastodon.create_app(
        "Tests", scopes=SCOPES, redirect_uris=REDIRECT, api_base_url=served.url
    )
    client = Mastodon(client_id=client_id, client_secret=secret, api_base_url=served.url)
    url = client.auth_request_url(redirect_uris=REDIRECT, scopes=SCOPES, allow_http=True)
    code = code_in(browser_approves(url, "ana"))
    with pytest.raises(MastodonIllegalArgumentError):
        client.log_in(
            code=code, redirect_uri="http://127.0.0.1:9/other", scopes=SCOPES, allow_http=True
        )


def toot(config_home, *arguments, **kwargs):
    environment = {**os.environ, "XDG_CONFIG_HOME": str(config_home), "COLUMNS": "100"}
    command = [str(Path(sys.executable).with_name("toot")), *arguments]
    return subprocess.run(
        command, env=environment, capture_output=True, text=True, timeout=60, **kwargs
    )


def test_the_toot_cli_logs_in_posts_and_reads_its_timeline(served, tmp_path):
    environment = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "COLUMNS": "100"}
    login = subprocess.Popen(
        [str(Path(sys.executable).with_name("toot")), "login", "--instance", served.url],
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        login.stdin.write("n\n")
        login.stdin.flush()
        url = None
        for line in login.stdout:
            if line.startswith("http"):
                url = line.strip()
                break
        assert url and "/oauth/authorize" in url
        code = code_in(browser_approves(url, "ana"))
        output, _ = login.communicate(code + "\n", timeout=60)
    finally:
        if login.poll() is None:
            login.kill()
    assert login.returncode == 0, output
    assert "Successfully logged in" in output

    posted = toot(tmp_path, "post", "Hello from the toot CLI")
    assert posted.returncode == 0, posted.stderr
    shown = toot(tmp_path, "timeline", "--once")
    assert shown.returncode == 0, shown.stderr
    assert "Hello from the toot CLI" in shown.stdout
