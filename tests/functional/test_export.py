"""Exporting one's posts: a real Redis (the embedded one), a real RQ worker, a real SMTP server."""

import io
import json
import logging
import threading
import zipfile

import pytest
import rq
from pyramid.scripting import prepare
from sqlalchemy import func, select

from microblog.models import Notification, Post, Task, User
from microblog.services.embedded_redis import EmbeddedRedis
from microblog.services.queue import BACKEND, QUEUE_NAME
from microblog.tasks import launch_task
from microblog.tasks.worker import AppSimpleWorker, AppWorker, end_lost_tasks, make_worker

from ..support import jobs
from ..support.factories import login, make_posts, make_user
from ..support.smtp import free_port
from .conftest import browse


@pytest.fixture
def make_app(make_app, redis_var_dir, smtp):
    """The application with the embedded Redis under a short VAR_DIR and mail going to the
    test's SMTP server."""
    return lambda **extra: make_app(
        **{
            "microblog.var_dir": str(redis_var_dir),
            "microblog.redis_url": "",  # the embedded Redis of that VAR_DIR
            **smtp.settings(),
            **extra,
        }
    )


@pytest.fixture
def app(make_app):
    return make_app()


def add_user(app, username, posts=0):
    with app.registry["dbsession_factory"]() as session:
        user = make_user(session, username)
        made = make_posts(session, user, posts)
        session.commit()
        return user.id, [
            {"body": p.body, "timestamp": p.timestamp.replace(microsecond=0).isoformat() + "Z"}
            for p in made
        ]


def queue_of(app):
    return rq.Queue(QUEUE_NAME, connection=app.registry[BACKEND].client())


def run_jobs(app, worker_class=AppSimpleWorker):
    """Run every queued job in this process, then return (RQ's burst mode)."""
    return make_worker(app.registry, worker_class).work(burst=True)


def tasks_of(app, user_id):
    with app.registry["dbsession_factory"]() as session:
        return session.scalars(select(Task).where(Task.user_id == user_id)).all()


def last_progress(app, user_id):
    with app.registry["dbsession_factory"]() as session:
        notification = session.scalar(
            select(Notification).where(
                Notification.user_id == user_id, Notification.name == "task_progress"
            )
        )
        return notification.get_data() if notification else None


def export_form(page):
    for form in page.forms.values():
        if form.action.endswith("/export"):
            return form
    raise AssertionError("no export form on the page")


def start_export(web, username="ana", **headers):
    return export_form(web.get(f"/user/{username}", headers=headers)).submit(headers=headers)


def test_an_export_mails_every_post_as_json_with_progress_from_0_to_100(app, smtp):
    ana_id, posts = add_user(app, "ana", posts=300)
    with app.registry["dbsession_factory"]() as session:
        session.add(
            Post(
                body="¡Olé! «comillas» & <b>no HTML</b>",
                user_id=ana_id,
                language="es",
                timestamp=func.now(),
            )
        )
        session.commit()
        last = session.scalars(
            select(Post).where(Post.user_id == ana_id).order_by(Post.id.desc())
        ).first()
        posts.append(
            {
                "body": last.body,
                "timestamp": last.timestamp.replace(microsecond=0).isoformat() + "Z",
            }
        )
    web = browse(app)
    login(web, "ana")

    page = start_export(web).follow()
    assert "Your posts are being exported" in page.text
    [alert] = page.html.select("#task-alerts .task-alert")
    assert "Exporting posts…" in alert.text
    assert alert.select_one(".task-progress").text == "0"
    assert page.html.select_one("form.export-posts").has_attr("hidden")
    assert queue_of(app).count == 1
    assert smtp.mailbox.messages == []

    with jobs.recorded_progress() as progress:
        assert run_jobs(app) is True

    [mail] = smtp.mailbox.wait_for(1)
    assert mail.rcpt_tos == ["ana@example.com"]
    assert mail.message["Subject"] == "[Microblog] Your blog posts"
    assert "301 posts" in mail.body("plain") and "Dear ana," in mail.body("plain")
    assert "301 posts" in mail.body("html")
    attachment, archive = list(mail.message.iter_attachments())
    assert attachment.get_filename() == "posts.json"
    assert attachment.get_content_type() == "application/json"
    exported = json.loads(attachment.get_payload(decode=True))
    assert exported == {"posts": posts}
    assert archive.get_filename() == "microblog-account.zip"
    with zipfile.ZipFile(io.BytesIO(archive.get_payload(decode=True))) as files:
        assert sorted(files.namelist()) == [
            "account.json",
            "follows.json",
            "messages.json",
            "posts.json",
            "safety.json",
        ]
        assert json.loads(files.read("posts.json")) == {"posts": posts}
        account = json.loads(files.read("account.json"))
        assert account["email"] == "ana@example.com"
        assert account["created_at"].endswith("Z") and account["last_seen"].endswith("Z")

    values = [p["progress"] for p in progress]
    assert values[0] == 0 and values[-1] == 100
    assert values == sorted(values) and len(values) > 2
    assert all(
        p == {"task_id": progress[0]["task_id"], "progress": p["progress"]} for p in progress
    )
    [task] = tasks_of(app, ana_id)
    assert task.complete and task.id == progress[0]["task_id"]
    assert task.name == "export_posts"
    assert last_progress(app, ana_id) == {"task_id": task.id, "progress": 100}
    job = rq.job.Job.fetch(task.id, connection=app.registry[BACKEND].client())
    assert job.return_value() == 301

    page = web.get("/user/ana")
    assert page.html.select("#task-alerts .task-alert") == []
    assert not page.html.select_one("form.export-posts").has_attr("hidden")
    # the alert's script polls the notifications: the last one says the task is over
    notes = web.get("/notifications", headers={"Accept": "application/json"}).json
    assert {"name": "task_progress", "data": {"task_id": task.id, "progress": 100}} in [
        {"name": n["name"], "data": n["data"]} for n in notes
    ]


def test_the_mail_is_in_the_language_the_export_was_asked_in(app, smtp):
    add_user(app, "ana", posts=2)
    web = browse(app)
    login(web, "ana")
    start_export(web, **{"Accept-Language": "es"})
    run_jobs(app)
    [mail] = smtp.mailbox.wait_for(1)
    assert mail.message["Subject"] == "[Microblog] Tus publicaciones"
    assert "Hola, ana:" in mail.body("plain")
    assert (
        len(json.loads(next(mail.message.iter_attachments()).get_payload(decode=True))["posts"])
        == 2
    )


def test_an_export_of_no_posts_mails_an_empty_list(app, smtp):
    add_user(app, "ana")
    web = browse(app)
    login(web, "ana")
    start_export(web)
    run_jobs(app)
    [mail] = smtp.mailbox.wait_for(1)
    assert json.loads(next(mail.message.iter_attachments()).get_payload(decode=True)) == {
        "posts": []
    }


def test_two_export_requests_in_a_row_start_one_job(app):
    ana_id, _posts = add_user(app, "ana", posts=3)
    web = browse(app)
    login(web, "ana")
    profile = web.get("/user/ana")
    form = export_form(profile)
    first = form.submit().follow()
    second = form.submit().follow()
    assert "Your posts are being exported" in first.text
    assert "An export task is currently in progress." in second.text
    assert queue_of(app).count == 1
    assert len(tasks_of(app, ana_id)) == 1


def test_export_requests_sent_at_the_same_time_start_one_job(app):
    ana_id, _posts = add_user(app, "ana", posts=3)
    forms = []
    for _ in range(10):
        web = browse(app)
        login(web, "ana")
        forms.append(export_form(web.get("/user/ana")))
    start = threading.Barrier(len(forms))
    statuses = []

    def submit(form):
        start.wait()
        statuses.append(form.submit().status_int)

    threads = [threading.Thread(target=submit, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [303] * len(forms)
    assert len(tasks_of(app, ana_id)) == 1
    assert queue_of(app).count == 1


def test_another_user_cannot_see_or_use_someone_elses_export_button(app):
    add_user(app, "ana")
    add_user(app, "bob")
    web = browse(app)
    login(web, "bob")
    assert web.get("/user/ana").html.select("form.export-posts") == []
    assert web.get("/user/bob").html.select("form.export-posts")


def test_exporting_needs_a_signed_in_user_and_a_csrf_token(app):
    ana_id, _posts = add_user(app, "ana")
    web = browse(app)
    assert web.post("/user/ana/export").location.startswith("http://example.com/login")
    login(web, "ana")
    web.post("/user/ana/export", status=400)
    assert tasks_of(app, ana_id) == []


def test_the_export_button_posts_to_the_users_own_export(app):
    add_user(app, "ana")
    web = browse(app)
    login(web, "ana")
    assert export_form(web.get("/user/ana")).action == "http://example.com/user/ana/export"


def test_nobody_exports_someone_elses_posts(app):
    ana_id, _posts = add_user(app, "ana", posts=2)
    add_user(app, "bob")
    web = browse(app)
    login(web, "bob")
    token = web.get("/user/bob").html.find("meta", attrs={"name": "csrf-token"})["content"]
    web.post("/user/ana/export", {"csrf_token": token}, status=403)
    assert tasks_of(app, ana_id) == []
    assert queue_of(app).count == 0


def test_the_tutorials_export_posts_address_exports_the_signed_in_users_posts(app):
    add_user(app, "ana")
    bob_id, _posts = add_user(app, "bob", posts=2)
    web = browse(app)
    assert web.post("/export_posts").location.startswith("http://example.com/login")
    login(web, "bob")
    token = web.get("/explore").html.find("meta", attrs={"name": "csrf-token"})["content"]
    redirect = web.post("/export_posts", {"csrf_token": token}, status=307)
    assert redirect.location == "http://example.com/user/bob/export"
    # a browser repeats the POST, form included, at the new address
    page = web.post(redirect.location, {"csrf_token": token}).follow()
    assert "Your posts are being exported" in page.text
    [task] = tasks_of(app, bob_id)
    assert task.name == "export_posts"
    assert queue_of(app).count == 1


def test_a_job_that_raises_ends_its_task_as_failed_and_tells_the_user(app, caplog):
    ana_id, _posts = add_user(app, "ana")
    with prepare(registry=app.registry) as env:
        request = env["request"]
        with request.tm:
            ana = request.dbsession.get(User, ana_id)
            task_id = launch_task(request, ana, jobs.explode, "Exploding").id

    with caplog.at_level(logging.ERROR):
        run_jobs(app)

    [task] = tasks_of(app, ana_id)
    assert task.complete
    assert last_progress(app, ana_id) == {"task_id": task_id, "progress": 100, "failed": True}
    [record] = [r for r in caplog.records if r.name == "microblog.tasks"]
    assert task_id in record.getMessage() and record.exc_info is not None
    assert "the job broke on purpose" in str(record.exc_info[1])
    assert task_id in rq.registry.FailedJobRegistry(queue=queue_of(app)).get_job_ids()


def test_a_work_horse_that_dies_ends_its_task_as_failed(app):
    ana_id, _posts = add_user(app, "ana")
    with prepare(registry=app.registry) as env:
        request = env["request"]
        with request.tm:
            task_id = launch_task(
                request, request.dbsession.get(User, ana_id), jobs.die, "Dying"
            ).id
    run_jobs(app, AppWorker)  # forks a work horse, which is killed
    [task] = tasks_of(app, ana_id)
    assert task.complete
    assert last_progress(app, ana_id) == {"task_id": task_id, "progress": 100, "failed": True}


def test_the_worker_ends_tasks_whose_job_redis_lost_on_its_second_look(app):
    ana_id, _posts = add_user(app, "ana")
    with app.registry["dbsession_factory"]() as session:
        session.add(Task(id="lost-job", name="export_posts", user_id=ana_id, complete=False))
        session.commit()
    connection = app.registry[BACKEND].client()
    suspects = set()
    # it may be a job about to be queued after its commit: only a suspect at first
    assert end_lost_tasks(app.registry, connection, suspects) == []
    assert suspects == {"lost-job"} and not tasks_of(app, ana_id)[0].complete
    assert end_lost_tasks(app.registry, connection, suspects) == ["lost-job"]
    assert tasks_of(app, ana_id)[0].complete
    assert last_progress(app, ana_id)["failed"] is True


def test_a_job_that_cannot_be_queued_at_commit_ends_its_task_as_failed(make_app, tmp_path):
    # an outside Redis (REDIS_URL) that goes away between the check and the commit
    outside = EmbeddedRedis(tmp_path / "outside")
    app = make_app(**{"microblog.redis_url": outside.ensure_running().url})
    try:
        ana_id, _posts = add_user(app, "ana")
        with prepare(registry=app.registry) as env:
            request = env["request"]
            with request.tm:
                task = launch_task(
                    request, request.dbsession.get(User, ana_id), jobs.explode, "Never queued"
                )
                assert task is not None
                outside.stop()
    finally:
        outside.stop()
    [row] = tasks_of(app, ana_id)
    assert row.complete
    assert last_progress(app, ana_id) == {"task_id": task.id, "progress": 100, "failed": True}


def test_with_redis_unreachable_pages_work_and_the_export_says_jobs_are_unavailable(make_app):
    app = make_app(**{"microblog.redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    ana_id, _posts = add_user(app, "ana", posts=2)
    web = browse(app)
    login(web, "ana")
    for path in ("/", "/explore", "/user/ana", "/messages"):
        web.get(path, status=200)
    page = start_export(web).follow()
    assert "Background jobs are unavailable right now" in page.text
    assert page.html.select_one(".alert-danger") is not None
    assert tasks_of(app, ana_id) == []
    assert page.html.select("#task-alerts .task-alert") == []
    assert web.get("/healthz").json["redis"] == "down"


def test_healthz_reports_the_embedded_redis_without_starting_it(app, redis_var_dir):
    web = browse(app)
    assert web.get("/healthz").json["redis"] == "down"
    assert not EmbeddedRedis(redis_var_dir).answers()
    EmbeddedRedis(redis_var_dir).ensure_running()  # as a worker or a job would
    assert web.get("/healthz").json["redis"] == "ok"
