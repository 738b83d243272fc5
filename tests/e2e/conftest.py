"""Browser tests: Playwright drives Debian's Chromium against the app served by waitress.

Never ``playwright install``: the browser is the system's (``apt-get install chromium``,
done by ``.ci/run``). Without it these tests skip, saying why.
"""

import os
import shutil
from pathlib import Path

import pytest

from microblog import main

from ..conftest import make_settings, migrate
from ..support.live import LiveServer

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/lib/chromium/chromium",  # Debian's binary (the /usr/bin wrapper is noisy)
    shutil.which("chromium") or "",
    shutil.which("chromium-browser") or "",
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "browser-password"


def chromium_path():
    return next((path for path in CHROMIUM_CANDIDATES if path and Path(path).exists()), None)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server_settings(tmp_path):
    """Settings for the served app: a fresh, migrated SQLite database (real commits)."""
    url = f"sqlite:///{tmp_path / 'e2e.sqlite'}"
    migrate(url)
    return make_settings(url, tmp_path / "var")


@pytest.fixture
def live_server(server_settings):
    server = LiveServer(main({}, **server_settings)).start()
    yield server
    server.stop()


@pytest.fixture
def new_page(browser):
    """Pages in fresh browser contexts (one per user), closed after the test."""
    contexts = []

    def make(locale="en-US", timezone_id="UTC"):
        context = browser.new_context(locale=locale, timezone_id=timezone_id)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, server, username, password=PASSWORD):
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit][name=submit]")
    page.wait_for_url(f"{server.url}/")
