"""Both storage backends on real parts: a folder, and moto's S3 server over HTTP."""

import itertools
import os
import time
from types import SimpleNamespace
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
import transaction
from pyramid import testing

from microblog.media.storage import LocalStorage, S3Storage, storage_from_settings
from microblog.media.uploads import delete_after_commit, store_before_commit
from microblog.settings import load_settings

_buckets = itertools.count(1)


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    s3 = request.getfixturevalue("s3")
    bucket = s3.create_bucket(f"storage-{next(_buckets)}")
    settings = load_settings({"here": str(tmp_path), **s3.settings(bucket)}, environ={})
    made = storage_from_settings(settings)
    assert isinstance(made, S3Storage)
    return made


def stored(storage, key):
    try:
        return storage.get(key)
    except KeyError:
        return None


def test_a_stored_file_reads_back_streams_and_goes(storage):
    storage.put("images/ab/abc.webp", b"RIFF-picture", "image/webp")
    assert storage.get("images/ab/abc.webp") == b"RIFF-picture"
    chunks, length = storage.stream("images/ab/abc.webp")
    assert b"".join(chunks) == b"RIFF-picture" and length == 12
    storage.delete(["images/ab/abc.webp", "images/ab/never-there.webp"])
    assert stored(storage, "images/ab/abc.webp") is None
    with pytest.raises(KeyError):
        storage.stream("images/ab/abc.webp")


def test_public_urls_serve_the_picture(storage, tmp_path):
    storage.put("images/cd/cde.webp", b"picture-bytes", "image/webp")
    request = testing.DummyRequest()
    request.root = object()
    request.resource_url = lambda root, *parts: "http://example.com/" + "/".join(parts)
    url = storage.url(request, "images/cd/cde.webp")
    if isinstance(storage, LocalStorage):
        assert url == "http://example.com/media/images/cd/cde.webp"
    else:
        with urlopen(url) as answer:  # moto serves the bucket over HTTP, as S3 would
            assert answer.read() == b"picture-bytes"
            assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert answer.headers["Content-Type"] == "image/webp"
        storage.put("exports/private.zip", b"mine", "application/zip")
        with pytest.raises(HTTPError) as refused:
            urlopen(storage.url(request, "exports/private.zip"))
        refused.value.close()
        assert refused.value.code == 403


def test_old_exports_are_swept_and_new_ones_kept(storage):
    storage.put("exports/old.zip", b"old", "application/zip")
    if isinstance(storage, LocalStorage):
        past = time.time() - 7200
        os.utime(storage.path("exports/old.zip"), (past, past))
        storage.delete_older_than("exports/", 3600)
        assert stored(storage, "exports/old.zip") is None
    storage.put("exports/new.zip", b"new", "application/zip")
    storage.delete_older_than("exports/", 3600)
    assert stored(storage, "exports/new.zip") == b"new"
    storage.delete_older_than("exports/", -1)  # everything is older than a second from now
    assert stored(storage, "exports/new.zip") is None


def test_a_local_key_cannot_leave_the_folder(tmp_path):
    storage = LocalStorage(tmp_path / "media")
    (tmp_path / "secret").write_text("no")
    for key in ("../secret", "images/../../secret", "", "/etc/passwd"):
        with pytest.raises(KeyError):
            storage.get(key)


def request_on(storage):
    manager = transaction.TransactionManager(explicit=True)
    return SimpleNamespace(find_service=lambda _interface: storage, tm=manager)


def test_files_written_in_a_transaction_stay_when_it_commits(storage):
    request = request_on(storage)
    with request.tm:
        store_before_commit(request, [("images/aa/kept.webp", b"kept", "image/webp")])
        assert stored(storage, "images/aa/kept.webp") == b"kept"  # before the commit
    assert stored(storage, "images/aa/kept.webp") == b"kept"


def test_files_written_in_a_transaction_go_when_it_rolls_back(storage):
    request = request_on(storage)
    with pytest.raises(RuntimeError), request.tm:
        store_before_commit(request, [("images/aa/gone.webp", b"gone", "image/webp")])
        raise RuntimeError("the view failed after storing")
    assert stored(storage, "images/aa/gone.webp") is None

    request.tm.begin()
    store_before_commit(request, [("images/aa/doomed.webp", b"doomed", "image/webp")])
    request.tm.doom()
    request.tm.abort()
    assert stored(storage, "images/aa/doomed.webp") is None


def test_files_go_only_after_their_deletion_commits(storage):
    storage.put("images/bb/old.webp", b"old", "image/webp")
    request = request_on(storage)
    with pytest.raises(RuntimeError), request.tm:
        delete_after_commit(request, ["images/bb/old.webp"])
        raise RuntimeError("the deletion rolled back")
    assert stored(storage, "images/bb/old.webp") == b"old"
    with request.tm:
        delete_after_commit(request, ["images/bb/old.webp"])
        assert stored(storage, "images/bb/old.webp") == b"old"
    assert stored(storage, "images/bb/old.webp") is None
