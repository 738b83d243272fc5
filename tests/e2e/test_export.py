"""In a real browser: exporting one's posts, the progress alert following the worker live."""

import email
import email.policy
import json
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect
from rq.timeouts import TimerDeathPenalty
from sqlalchemy import event

from microblog import main
from microblog.models import Notification, Post
from microblog.tasks import fail_task
from microblog.tasks.worker import AppSimpleWorker, make_worker

from ..conftest import make_settings, migrate
from ..support.live import LiveServer
from .conftest import PASSWORD, sign_in

FAST_POLLING = (
    "window.microblog = Object.assign(window.microblog || {}, {notificationInterval: 150});"
)


class ThreadWorker(AppSimpleWorker):
    """An RQ worker in a thread of the test process: no signal handlers, timer timeouts."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self):
        pass


@pytest.fixture
def settings(tmp_path, redis_var_dir):
    url = f"sqlite:///{tmp_path / 'e2e.sqlite'}"
    migrate(url)
    return make_settings(url, redis_var_dir)


@pytest.fixture
def server(settings):
    live = LiveServer(main({}, **settings)).start()
    yield live
    live.stop()


@pytest.fixture
def worker_app(settings):
    """The worker's own application, as ``microblog worker`` would build it."""
    app = main({}, **settings)
    yield app
    app.registry["dbengine"].dispose()


@contextmanager
def running_worker(app):
    """A worker running jobs in a thread until the block ends."""
    stop = threading.Event()
    worker = make_worker(app.registry, ThreadWorker)

    def work():
        while not stop.is_set():
            worker.work(burst=True)
            stop.wait(0.1)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        stop.set()
        thread.join(timeout=30)


@contextmanager
def paused_at_progress(app, between=(1, 99)):
    """Hold the worker right after it commits a progress inside ``between``, until
    ``resume`` is set, so that the test can look at the page meanwhile."""
    paused, resume = threading.Event(), threading.Event()
    factory = app.registry["dbsession_factory"]
    seen = []

    def after_flush(session, context):
        for item in session.new:
            if isinstance(item, Notification) and item.name == "task_progress":
                session.info["progress"] = item.get_data()["progress"]

    def after_commit(session):
        progress = session.info.pop("progress", None)
        if progress is not None and between[0] <= progress <= between[1] and not seen:
            seen.append(progress)
            paused.set()
            resume.wait(timeout=60)

    event.listen(factory, "after_flush", after_flush)
    event.listen(factory, "after_commit", after_commit)
    try:
        yield paused, resume, seen
    finally:
        resume.set()
        event.remove(factory, "after_flush", after_flush)
        event.remove(factory, "after_commit", after_commit)


def add_posts(server, username, count):
    user_id = server.user_id(username)
    with server.session() as session:
        session.add_all(
            Post(body=f"Post {i} by {username}", user_id=user_id, language="en")
            for i in range(count)
        )
        session.commit()


def test_the_progress_alert_moves_and_finishes_without_a_reload(
    server, worker_app, new_page, settings
):
    server.create_user("ana", PASSWORD)
    add_posts(server, "ana", 300)
    page = new_page()
    page.context.add_init_script(FAST_POLLING)
    sign_in(page, server, "ana")
    page.goto(f"{server.url}/user/ana")

    with paused_at_progress(worker_app) as (paused, resume, seen), running_worker(worker_app):
        page.get_by_role("button", name="Export your posts").click()
        expect(page.locator(".alert-success").first).to_contain_text(
            "Your posts are being exported"
        )
        alert = page.locator("#task-alerts .task-alert")
        expect(alert).to_contain_text("Exporting posts…")
        expect(page.get_by_role("button", name="Export your posts")).to_be_hidden()
        page.evaluate("window.notReloaded = true")

        assert paused.wait(timeout=30), "the worker never reported progress"
        expect(alert.locator(".task-progress")).to_have_text(str(seen[0]))
        expect(alert.get_by_role("progressbar")).to_have_attribute("value", str(seen[0]))
        resume.set()

        expect(alert).to_contain_text("Your posts have been exported: check your email")
        expect(alert).to_have_class(re.compile(r"\balert-info\b.*\btask-finished\b"))
        expect(page.get_by_role("button", name="Export your posts")).to_be_visible()
        assert page.evaluate("window.notReloaded") is True

    # the default mailer writes the mail under var/mail/
    [written] = list((Path(settings["microblog.var_dir"]) / "mail").glob("*.eml"))
    mail = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    attachment = next(mail.iter_attachments())
    assert len(json.loads(attachment.get_payload(decode=True))["posts"]) == 300


def test_while_a_task_runs_progress_is_asked_for_every_second_and_the_end_can_be_closed(
    server, worker_app, new_page
):
    server.create_user("ana", PASSWORD)
    add_posts(server, "ana", 300)
    page = new_page()  # the page's own pace: 10 s, or 1 s while a task runs
    sign_in(page, server, "ana")
    page.goto(f"{server.url}/user/ana")

    # the task is queued and shown at 0 before any worker runs it
    page.get_by_role("button", name="Export your posts").click()
    alert = page.locator("#task-alerts .task-alert")
    expect(alert.locator(".task-progress")).to_have_text("0")

    with paused_at_progress(worker_app) as (paused, resume, seen), running_worker(worker_app):
        assert paused.wait(timeout=30), "the worker never reported progress"
        # well before the 10-second rhythm of a page with nothing running
        expect(alert.locator(".task-progress")).to_have_text(str(seen[0]), timeout=3000)
        resume.set()
        expect(alert).to_contain_text("Your posts have been exported", timeout=3000)

    alert.get_by_role("button", name="Close").click()
    expect(alert).to_have_count(0)


def test_a_failed_task_turns_its_alert_into_an_apology_without_a_reload(
    server, worker_app, new_page
):
    server.create_user("ana", PASSWORD)
    page = new_page()
    page.context.add_init_script(FAST_POLLING)
    sign_in(page, server, "ana")
    page.goto(f"{server.url}/user/ana")
    page.get_by_role("button", name="Export your posts").click()
    alert = page.locator("#task-alerts .task-alert")
    expect(alert.locator(".task-progress")).to_have_text("0")

    # no worker ever takes the job: the task is ended as failed (as a worker's checks do)
    task_id = alert.get_attribute("data-task-id")
    assert fail_task(worker_app.registry, task_id)
    expect(alert).to_contain_text("Sorry, the export of your posts failed.")
    expect(alert).to_have_class(re.compile(r"\balert-danger\b.*\btask-failed\b"))
    expect(page.get_by_role("button", name="Export your posts")).to_be_visible()


def test_the_alert_and_the_export_button_speak_spanish(server, new_page):
    server.create_user("ana", PASSWORD)
    page = new_page(locale="es-ES")
    sign_in(page, server, "ana")
    page.goto(f"{server.url}/user/ana")
    page.get_by_role("button", name="Exportar tus publicaciones").click()
    expect(page.locator("#task-alerts .task-alert")).to_contain_text("Exportando publicaciones…")
    expect(page.locator(".alert-success").first).to_contain_text(
        "Estamos exportando tus publicaciones"
    )
