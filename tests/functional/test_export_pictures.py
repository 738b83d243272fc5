"""The export of posts with pictures: posts.json names the files; the mail attaches
posts.zip when it fits, and otherwise links to it for a day."""

import io
import json
import time
import zipfile

import pytest
from PIL import Image

from microblog.tasks import export

from ..support import pictures
from ..support.factories import login
from ..support.pictures import publish
from .conftest import browse
from .test_export import add_user, run_jobs, start_export


@pytest.fixture
def app(make_app, redis_var_dir, smtp):
    return make_app(**{"microblog.var_dir": str(redis_var_dir), **smtp.settings()})


def exported(app, smtp):
    add_user(app, "ana", posts=1)
    web = browse(app)
    login(web, "ana")
    publish(web, "Two pictures", [("a.jpg", pictures.jpeg()), ("b.png", pictures.png())], ["A"])
    start_export(web)
    run_jobs(app)
    [mail] = smtp.mailbox.wait_for(1)
    return web, mail


def test_posts_json_names_the_pictures_and_the_zip_holds_them(app, smtp):
    _web, mail = exported(app, smtp)
    [attachment, account] = list(mail.message.iter_attachments())
    assert attachment.get_filename() == "posts.zip"
    assert account.get_filename() == "microblog-account.zip"
    assert "in posts.zip (posts.json and a media folder" in mail.body("plain")
    archive = zipfile.ZipFile(io.BytesIO(attachment.get_payload(decode=True)))
    posts = json.loads(archive.read("posts.json"))["posts"]
    assert "media" not in posts[0]  # a post without pictures is as it always was
    named = posts[1]["media"]
    assert [item["description"] for item in named] == ["A", ""]
    for item in named:
        assert Image.open(io.BytesIO(archive.read(item["file"]))).format == "WEBP"
    assert sorted(archive.namelist()) == sorted(["posts.json", *(i["file"] for i in named)])


def test_an_archive_too_large_to_mail_is_a_download_for_its_owner_for_a_day(app, smtp, monkeypatch):
    monkeypatch.setattr(export, "ATTACHMENT_LIMIT", 100)
    web, mail = exported(app, smtp)
    # the posts and their pictures are the download; the account's archive stays attached
    names = [part.get_filename() for part in mail.message.iter_attachments()]
    assert names == ["microblog-account.zip"]
    text = mail.body("plain")
    assert "too large to attach. Download posts.zip within a day" in text
    url = next(line for line in text.splitlines() if "/export/" in line).strip()
    assert url.startswith("http://example.com/user/ana/export/") and url.endswith(".zip")
    path = url.replace("http://example.com", "")
    download = web.get(path)
    assert download.content_type == "application/zip"
    assert download.headers["Cache-Control"] == "private, no-store"
    assert "posts.json" in zipfile.ZipFile(io.BytesIO(download.body)).namelist()

    add_user(app, "bob")
    other = browse(app)
    login(other, "bob")
    other.get(path, status=403)  # only its owner
    other.get(path.replace("/user/ana/", "/user/bob/"), status=404)
    expired = path.replace(path.split("-")[1], str(int(time.time()) - 1))
    web.get(expired, status=404)
