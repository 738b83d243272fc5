"""Pictures and their files across real commits: avatars, deletions, the S3 backend and
the worker that encodes large pictures."""

import itertools
from datetime import timedelta

import pytest
import rq
from pyramid.scripting import prepare
from sqlalchemy import select

from microblog.media.storage import storage_from_settings
from microblog.media.uploads import attach, read_picture
from microblog.models import Media, Post, User, utcnow
from microblog.models.media import remove_pictures
from microblog.services.queue import BACKEND, QUEUE_NAME
from microblog.tasks.accounts import remove_due_accounts
from microblog.tasks.worker import AppSimpleWorker, make_worker

from ..support import pictures
from ..support.factories import PASSWORD, login, make_user
from ..support.pictures import publish
from .conftest import browse

_buckets = itertools.count(1)


def add_user(app, username):
    with app.registry["dbsession_factory"]() as session:
        user_id = make_user(session, username).id
        session.commit()
    return user_id


def signed_in(app, username="ana"):
    add_user(app, username)
    client = browse(app)
    login(client, username)
    return client


def stored_keys(app):
    storage = storage_from_settings(app.registry.settings)
    if hasattr(storage, "directory"):
        return sorted(
            str(path.relative_to(storage.directory))
            for path in storage.directory.rglob("*")
            if path.is_file()
        )
    answer = storage.client.list_objects_v2(Bucket=storage.bucket)
    return sorted(item["Key"] for item in answer.get("Contents", ()))


def worker_settings(var_dir):
    """Pictures of more than 10,000 pixels left to a worker; the search index written
    before each request answers, not by a thread that may outlive ``var_dir``."""
    return {
        "microblog.var_dir": str(var_dir),
        "microblog.media_inline_pixels": "10000",
        "microblog.search_index_delay": "0",
    }


def edit_profile(client, **fields):
    form = client.get("/user/ana/edit").forms["editprofileview"]
    for name, value in fields.items():
        form[name] = value
    return form.submit()


def test_an_uploaded_avatar_replaces_the_generated_one_and_can_be_removed(make_app):
    app = make_app()
    client = signed_in(app)
    generated = client.get("/user/ana").html.select_one("img.avatar")["src"]
    assert "/avatar/" in generated
    assert "remove_avatar" not in client.get("/user/ana/edit").forms["editprofileview"].fields

    assert edit_profile(client, avatar=("me.jpg", pictures.jpeg(300, 200))).status_int == 303
    first = stored_keys(app)
    assert [key.rsplit("-", 1)[1] for key in first] == ["128.webp", "256.webp", "64.webp"]
    src = client.get("/user/ana").html.select_one("img.avatar")["src"]
    assert src.startswith("http://example.com/media/avatars/") and src.endswith("-128.webp")
    served = client.get(src.replace("http://example.com", ""))
    assert served.content_type == "image/webp"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert served.headers["X-Content-Type-Options"] == "nosniff"

    edit_profile(client, avatar=("other.png", pictures.png(100, 100)))
    second = stored_keys(app)
    assert len(second) == 3 and not set(first) & set(second)  # the old files are gone

    edit_profile(client, remove_avatar=True)
    assert stored_keys(app) == []
    assert client.get("/user/ana").html.select_one("img.avatar")["src"] == generated


def test_a_bad_avatar_is_refused_on_its_field(make_app):
    app = make_app()
    client = signed_in(app)
    page = edit_profile(client, about_me="New words", avatar=("me.jpg", pictures.PHP))
    assert page.status_int == 200
    field = page.html.select_one("#item-" + page.html.select_one("input[name=avatar]")["id"])
    assert "me.jpg: This file is not a JPEG, PNG, WebP or GIF picture." in field.text
    assert stored_keys(app) == []
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(User.about_me)) is None  # nothing of the form was saved


def test_deleting_a_post_removes_its_files_once_committed(make_app):
    app = make_app()
    client = signed_in(app)
    publish(client, "Two pictures", [("a.jpg", pictures.jpeg()), ("b.png", pictures.png())])
    assert len(stored_keys(app)) == 4  # a display size and a preview each
    with app.registry["dbsession_factory"]() as session:
        post_id = session.scalar(select(Post.id))
    page = client.get("/")
    form = next(f for f in page.forms.values() if f.action.endswith(f"/post/{post_id}/delete"))
    form.submit()
    assert stored_keys(app) == []
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(Media.id)) is None


def test_a_deleted_post_that_keeps_its_place_for_its_replies_loses_its_pictures(make_app):
    app = make_app()
    client = signed_in(app)
    publish(client, "A picture", [("a.jpg", pictures.jpeg())])
    with app.registry["dbsession_factory"]() as session:
        post_id = session.scalar(select(Post.id))
    form = client.get(f"/post/{post_id}/reply").forms["replyview"]
    form["post"] = "A reply of my own"
    form.submit()
    assert len(stored_keys(app)) == 2
    page = client.get(f"/post/{post_id}")
    form = next(f for f in page.forms.values() if f.action.endswith(f"/post/{post_id}/delete"))
    form.submit()
    assert stored_keys(app) == []
    with app.registry["dbsession_factory"]() as session:
        assert session.get(Post, post_id).deleted
        assert session.scalar(select(Media.id)) is None
    assert "This post was deleted." in client.get(f"/post/{post_id}").text


def test_a_post_that_stays_can_lose_its_pictures_files_and_all(make_app):
    app = make_app()
    client = signed_in(app)
    publish(client, "A picture", [("a.jpg", pictures.jpeg())])
    with app.registry["dbsession_factory"]() as session:
        post = session.scalar(select(Post))
        remove_pictures(session, post)
        session.flush()
        assert len(stored_keys(app)) == 2  # until the commit
        session.commit()
        assert session.scalar(select(Media.id)) is None and session.get(Post, post.id)
    assert stored_keys(app) == []


@pytest.fixture
def pictured_account(make_app):
    """An app whose one account has a post with a picture and an uploaded avatar: five
    files (display size and preview of each, and the avatar's)."""
    app = make_app()
    client = signed_in(app)
    publish(client, "A picture", [("a.jpg", pictures.jpeg())])
    edit_profile(client, avatar=("me.jpg", pictures.jpeg()))
    assert len(stored_keys(app)) == 5
    return app


def test_deleting_an_account_removes_its_pictures_and_avatar(pictured_account):
    app = pictured_account
    with app.registry["dbsession_factory"]() as session:
        user = session.scalar(select(User))
        session.delete(user)
        session.rollback()  # changed its mind: everything stays
        assert len(stored_keys(app)) == 5
        session.delete(session.scalar(select(User)))
        session.commit()
    assert stored_keys(app) == []


def test_an_account_removed_after_its_grace_period_takes_its_files_along(pictured_account):
    app = pictured_account
    with app.registry["dbsession_factory"]() as session:
        session.scalar(select(User)).deletion_requested_at = utcnow() - timedelta(days=30)
        session.commit()
    assert remove_due_accounts(app.registry) == ["ana"]
    assert stored_keys(app) == []


def test_the_s3_backend_stores_serves_and_rolls_back(make_app, s3):
    bucket = s3.create_bucket(f"app-{next(_buckets)}")
    app = make_app(**s3.settings(bucket))
    client = signed_in(app)
    page = publish(client, "From the bucket", [("a.jpg", pictures.jpeg(gps=True))]).follow()
    assert len(s3.keys(bucket, "images/")) == 2
    src = page.html.select_one(".post-media img")["src"]
    assert src.startswith(f"{s3.endpoint}/{bucket}/images/")
    assert f"img-src 'self' data: blob: {s3.endpoint}" in page.headers["Content-Security-Policy"]

    with prepare(registry=app.registry) as env:
        request = env["request"]
        with pytest.raises(RuntimeError), request.tm:
            user = request.dbsession.scalar(select(User))
            post = Post(body="Never published", author=user)
            request.dbsession.add(post)
            attach(request, post, [read_picture(pictures.png(), 10**6)])
            assert len(s3.keys(bucket, "images/")) == 4  # written before the commit
            raise RuntimeError("the request failed before its commit")
    assert len(s3.keys(bucket, "images/")) == 2

    form = next(f for f in client.get("/").forms.values() if f.action.endswith("/delete"))
    form.submit()
    assert s3.keys(bucket) == []


def test_a_large_picture_is_encoded_by_the_worker(make_app, redis_var_dir):
    app = make_app(**worker_settings(redis_var_dir))
    client = signed_in(app)
    page = publish(client, "A big one", [("big.jpg", pictures.jpeg(400, 300, orientation=6))])
    pending = page.follow().html.select_one(".post-media .media-pending")
    assert "Preparing the picture" in pending.text
    assert pending.svg["viewbox"] == "0 0 300 400"  # its shape, turned, before it is encoded
    assert [key.split("/")[0] for key in stored_keys(app)] == ["incoming"]

    queue = rq.Queue(QUEUE_NAME, connection=app.registry[BACKEND].client())
    assert queue.count == 1
    make_worker(app.registry, AppSimpleWorker).work(burst=True)

    keys = stored_keys(app)
    assert len(keys) == 2 and all(key.startswith("images/") for key in keys)
    grid = client.get("/").html.select_one(".post-media")
    assert grid.select_one("a.media-item")["data-width"] == "300"
    with app.registry["dbsession_factory"]() as session:
        media = session.scalar(select(Media))
        assert (media.state, media.width, media.height) == ("ready", 300, 400)


def test_an_api_upload_left_to_the_worker_has_no_urls_until_it_is_encoded(make_app, redis_var_dir):
    app = make_app(**worker_settings(redis_var_dir))
    add_user(app, "ana")
    api = browse(app)
    api.authorization = ("Basic", ("ana", PASSWORD))
    token = api.post("/api/tokens").json["token"]
    api.authorization = ("Bearer", token)
    media = api.post(
        "/api/media", upload_files=[("file", "big.png", pictures.png(400, 300))], status=201
    ).json
    assert (media["url"], media["preview_url"]) == (None, None)
    assert media["meta"] == {"width": 400, "height": 300}
    make_worker(app.registry, AppSimpleWorker).work(burst=True)
    encoded = api.get(f"/api/media/{media['id']}").json
    assert encoded["url"].startswith("http://example.com/media/images/")
    assert api.get(encoded["url"].replace("http://example.com", "")).content_type == "image/webp"


def test_a_storage_that_cannot_be_written_is_said_on_the_form_and_the_api(make_app, s3):
    app = make_app(**s3.settings("no-such-bucket"))
    client = signed_in(app)
    page = publish(client, "A picture", [("a.jpg", pictures.jpeg())])
    assert page.status_int == 200
    assert "Pictures cannot be stored right now" in page.html.select_one(".alert-danger").text
    page = edit_profile(client, avatar=("me.jpg", pictures.jpeg()))
    assert "Pictures cannot be stored right now" in page.text
    api = browse(app)
    api.authorization = ("Basic", ("ana", PASSWORD))
    api.authorization = ("Bearer", api.post("/api/tokens").json["token"])
    refused = api.post(
        "/api/media", upload_files=[("file", "a.jpg", pictures.jpeg())], status=503
    ).json
    assert refused == {
        "error": "Service Unavailable",
        "message": "Pictures cannot be stored right now.",
    }
    with app.registry["dbsession_factory"]() as session:
        assert session.scalar(select(Post.id)) is None and session.scalar(select(Media.id)) is None
        assert session.scalar(select(User.avatar_key)) is None
