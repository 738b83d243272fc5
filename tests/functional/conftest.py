"""Fixtures of the functional tests that need real commits: applications on a database of
their own, and a real SMTP server (aiosmtpd) for their mail."""

import pytest
import webtest

from microblog import main

from ..support.conversations import Conversation
from ..support.smtp import SMTPServer


@pytest.fixture
def smtp():
    """A real SMTP server on a free local port, keeping what it receives."""
    with SMTPServer() as server:
        yield server


@pytest.fixture
def make_app(live_settings, redis_var_dir):
    """``make(**settings)``: the application on a fresh database of its own
    (``live_settings``), with extra settings; each one is disposed of afterwards.

    ``redis_var_dir`` is requested here, before any test asks for it, so that it is removed
    after the apps: their index writer thread must be done with a VAR_DIR before it goes."""
    apps = []

    def make(**extra):
        app = main({}, **{**live_settings, **extra})
        apps.append(app)
        return app

    yield make
    for app in apps:
        # the index's writer thread is done with the test's folders before they go
        batches = app.registry.get("search_index_batches")
        if batches is not None:
            assert batches.flush()
        app.registry["dbengine"].dispose()


def browse(app):
    """A WebTest client of ``app`` whose requests commit, as a browser's would."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})


@pytest.fixture
def conversation(dbsession, ana, bob):
    """``grow(n)``: ``n`` more answers to a conversation ana follows (``Conversation``);
    returns its first post."""
    return Conversation(dbsession, ana, bob).grow
