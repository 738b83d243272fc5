"""Requests at the same moment from real threads, against an app that really commits."""

import base64
import threading
from concurrent.futures import ThreadPoolExecutor

import webtest

from .factories import PASSWORD


def client(app):
    """A WebTest client of its own (its own cookies), answering any status."""
    return webtest.TestApp(app, extra_environ={"HTTP_HOST": "example.com"})


def simultaneously(count, prepare, act):
    """``act(state)`` in ``count`` threads released together, after each thread ran
    ``prepare(index) -> state`` (a page to fetch, a form to fill); their results in order."""
    barrier = threading.Barrier(count, timeout=60)

    def run(index):
        state = prepare(index)
        barrier.wait()
        return act(state)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def basic(username, password=PASSWORD):
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {credentials}"}


def bearer_token(app, username, password=PASSWORD):
    answer = client(app).post("/api/tokens", headers=basic(username, password))
    return {"Authorization": f"Bearer {answer.json['token']}"}
