"""Lighthouse (npm ``lighthouse``, desktop preset, headless Chromium, offline) on the sign-in
page, /explore and a profile: 100 accessibility, at least 95 for best practices, SEO and
performance. The README records the figures (run with ``-s`` to see them)."""

import json
import os
import shutil
import subprocess

import pytest

from microblog.models import Post

from .conftest import PASSWORD, sign_in
from .nodetools import LIGHTHOUSE, require

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
CHROME = "/usr/bin/chromium"  # Lighthouse starts the browser itself, through the wrapper


def lighthouse(url, output, cookie=None):
    """Lighthouse's report on ``url`` as a dict."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    command = [
        node,
        str(require(LIGHTHOUSE)),
        url,
        "--preset=desktop",
        "--output=json",
        f"--output-path={output}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROME)}
    subprocess.run(command, check=True, env=environment, timeout=180)
    return json.loads(output.read_text("utf-8"))


def scores(report):
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def shortfalls(report):
    """The audits that cost points, for the failure message."""
    lost = []
    for category in report["categories"].values():
        for reference in category["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{category['id']}: {audit['id']} {audit.get('displayValue', '')}")
    return lost


@pytest.fixture
def session_cookie(live_server, page):
    """A reader's signed-in cookies, and 25 posts by 25 people on /explore."""
    live_server.create_user("ana", PASSWORD, about_me="I write about Pyramid and bikes.")
    ids = [live_server.create_user(f"writer{n}", PASSWORD) for n in range(25)]
    with live_server.session() as session:
        session.add_all(
            Post(body=f"Post number {n}: a short thought about bikes and code.", user_id=user_id)
            for n, user_id in enumerate(ids)
        )
        session.commit()
    sign_in(page, live_server, "ana")
    return "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())


@pytest.mark.skipif(not shutil.which(CHROME), reason=f"{CHROME} is missing")
def test_lighthouse_scores_meet_the_targets(live_server, session_cookie, tmp_path):
    pages = {
        "/login": None,
        "/explore": session_cookie,
        "/user/ana": session_cookie,
    }
    results, problems = {}, {}
    for path, cookie in pages.items():
        report = lighthouse(live_server.url + path, tmp_path / "report.json", cookie)
        assert report["finalDisplayedUrl"] == live_server.url + path  # not sent to sign in
        results[path] = scores(report)
        weight = report["audits"]["total-byte-weight"]["numericValue"]
        results[path]["KB"] = round(weight / 1024, 1)
        if any(results[path][name] < target for name, target in TARGETS.items()):
            problems[path] = shortfalls(report)
    print("\npage        " + "  ".join(f"{name:>14}" for name in (*CATEGORIES, "KB")))
    for path, row in results.items():
        print(f"{path:<12}" + "  ".join(f"{row[name]:>14}" for name in (*CATEGORIES, "KB")))
    assert problems == {}
