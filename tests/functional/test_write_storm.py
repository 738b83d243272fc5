"""Twenty writers at once for a bounded time, on every database: each registers (the
password hash is the slow part), then publishes posts as fast as it can. Every write that
was acknowledged is stored exactly once, nothing else is stored, and no answer is a 5xx."""

import time
from collections import Counter

import pytest
from sqlalchemy import select

from microblog import main
from microblog.models import Post

from ..support.concurrency import basic, client, simultaneously
from ..support.factories import PASSWORD

WRITERS = 20
SECONDS = 4


@pytest.fixture
def app(live_settings):
    app = main({}, **live_settings)
    yield app
    app.registry["dbengine"].dispose()


def test_twenty_writers_lose_and_duplicate_nothing_and_never_get_a_5xx(app):
    def write(index):
        web, statuses, acknowledged = client(app), [], []
        name = f"writer{index}"
        body = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
        registered = web.post_json("/api/users", body, expect_errors=True)
        statuses.append(registered.status_int)
        token = web.post("/api/tokens", headers=basic(name), expect_errors=True)
        statuses.append(token.status_int)
        if token.status_int != 200:
            return statuses, acknowledged
        auth = {"Authorization": f"Bearer {token.json['token']}"}
        deadline = time.monotonic() + SECONDS
        serial = 0
        while time.monotonic() < deadline:
            serial += 1
            text = f"{name} says {serial}"
            answer = web.post_json("/api/posts", {"body": text}, headers=auth, expect_errors=True)
            statuses.append(answer.status_int)
            if answer.status_int == 201:
                acknowledged.append(text)
        return statuses, acknowledged

    results = simultaneously(WRITERS, lambda index: index, write)
    statuses = Counter(status for writer, _ in results for status in writer)
    acknowledged = [text for _, texts in results for text in texts]
    assert not [status for status in statuses if status >= 500], statuses
    assert statuses[201] >= WRITERS, "every writer registered, and some posts went through"
    with app.registry["dbsession_factory"]() as session:
        stored = Counter(session.scalars(select(Post.body)))
    assert stored == Counter(acknowledged), "each acknowledged post once, and nothing else"
