"""Pictures through the Mastodon API: ``/api/v2/media``, ``media_ids`` and the statuses'
``media_attachments``, on the site's own upload path."""

from ...support import pictures
from .conftest import authorise, bearer


def upload(testapp, auth, data=None, status=200, **fields):
    return testapp.post(
        "/api/v2/media",
        fields,
        headers=auth,
        upload_files=[("file", "photo.jpg", data if data is not None else pictures.jpeg())],
        status=status,
    )


def test_an_uploaded_picture_is_a_media_attachment_on_the_status(testapp, ana, ana_auth):
    media = upload(testapp, ana_auth, description="A red square").json
    assert media["type"] == "image"
    assert media["description"] == "A red square"
    assert media["url"].startswith("http://example.com/media/")
    assert media["meta"]["original"]["width"] > 0
    described = testapp.put(
        f"/api/v1/media/{media['id']}", {"description": "A square"}, headers=ana_auth
    ).json
    assert described["description"] == "A square"
    status = testapp.post_json(
        "/api/v1/statuses", {"status": "Look", "media_ids": [media["id"]]}, headers=ana_auth
    ).json
    assert [m["id"] for m in status["media_attachments"]] == [media["id"]]
    shown = testapp.get(f"/api/v1/statuses/{status['id']}", headers=ana_auth).json
    assert shown["media_attachments"][0]["description"] == "A square"
    assert testapp.get(media["url"]).content_type == "image/webp"


def test_form_clients_send_media_ids_as_repeated_fields(testapp, ana, ana_auth):
    first = upload(testapp, ana_auth).json["id"]
    second = upload(testapp, ana_auth).json["id"]
    status = testapp.post(
        "/api/v1/statuses",
        [("status", "Two"), ("media_ids[]", second), ("media_ids[]", first)],
        headers=ana_auth,
    ).json
    assert [m["id"] for m in status["media_attachments"]] == [second, first]


def test_bad_pictures_and_other_peoples_media_are_refused(testapp, ana, bob, ana_auth, bob_auth):
    refused = upload(testapp, ana_auth, data=b"<?php echo 1; ?>", status=422).json
    assert refused["error"].startswith("Validation failed: file:")
    mine = upload(testapp, ana_auth).json["id"]
    taken = testapp.post_json(
        "/api/v1/statuses",
        {"status": "Not mine", "media_ids": [mine]},
        headers=bob_auth,
        status=422,
    ).json
    assert "media_ids" in taken["error"]
    testapp.get(f"/api/v1/media/{mine}", headers=bob_auth, status=404)
    testapp.put(f"/api/v1/media/{mine}", {"description": "x"}, headers=bob_auth, status=404)


def test_a_token_without_write_media_cannot_upload(testapp, ana):
    token = authorise(testapp, "ana", scope="read write:statuses")
    refused = upload(testapp, bearer(token), status=403).json
    assert "error" in refused


def test_a_status_of_media_alone_needs_no_text(testapp, ana, ana_auth):
    """A photo posted from a phone: ``status`` left out, or empty, beside ``media_ids``."""
    first = upload(testapp, ana_auth, description="A cat").json["id"]
    second = upload(testapp, ana_auth).json["id"]
    bare = testapp.post("/api/v1/statuses", [("media_ids[]", first)], headers=ana_auth).json
    empty = testapp.post_json(
        "/api/v1/statuses", {"status": "", "media_ids": [second]}, headers=ana_auth
    ).json
    for status, media_id in ((bare, first), (empty, second)):
        assert status["content"] == "" and status["language"] is None
        assert [m["id"] for m in status["media_attachments"]] == [media_id]
        assert status["tags"] == [] and status["mentions"] == []
    shown = testapp.get("/api/v1/timelines/home", headers=ana_auth).json
    assert [s["id"] for s in shown] == [empty["id"], bare["id"]]
    source = testapp.get(f"/api/v1/statuses/{bare['id']}/source", headers=ana_auth).json
    assert source["text"] == ""
    deleted = testapp.delete(f"/api/v1/statuses/{bare['id']}", headers=ana_auth).json
    assert deleted["text"] == ""


def test_a_status_with_neither_text_nor_media_is_a_422(testapp, ana, ana_auth):
    for fields in ({}, {"status": "  "}, {"status": "", "media_ids": []}):
        refused = testapp.post_json("/api/v1/statuses", fields, headers=ana_auth, status=422)
        assert refused.json == {
            "error": "Validation failed: status: Write something, or add a picture."
        }
    assert testapp.get("/api/v1/timelines/home", headers=ana_auth).json == []


def test_only_a_status_with_media_may_lose_its_text_in_an_edit(testapp, ana, ana_auth):
    media = upload(testapp, ana_auth).json["id"]
    pictured = testapp.post_json(
        "/api/v1/statuses", {"status": "A cat", "media_ids": [media]}, headers=ana_auth
    ).json
    words = testapp.post_json("/api/v1/statuses", {"status": "Words"}, headers=ana_auth).json
    emptied = testapp.put_json(
        f"/api/v1/statuses/{pictured['id']}", {"status": ""}, headers=ana_auth
    ).json
    assert emptied["content"] == "" and emptied["edited_at"] is not None
    refused = testapp.put_json(
        f"/api/v1/statuses/{words['id']}", {"status": ""}, headers=ana_auth, status=422
    )
    assert refused.json == {"error": "Validation failed: status: This field is required."}
