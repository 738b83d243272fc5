"""``/api/media`` and pictures on ``/api/posts``."""

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from microblog.media.storage import storage_from_settings
from microblog.models import Media, Post

from ...support import pictures


def upload(api, auth, data=None, name="photo.jpg", status=201, **fields):
    data = pictures.jpeg(400, 300, gps=True) if data is None else data
    return api.post(
        "/api/media", fields, headers=auth, upload_files=[("file", name, data)], status=status
    )


def stored(app, key):
    return storage_from_settings(app.registry.settings).get(key)


def test_an_upload_answers_201_with_the_media_shape(api, app, dbsession, ana_auth):
    response = upload(api, ana_auth, description="  A red   and blue  picture ")
    media = dbsession.get(Media, response.json["id"])
    assert response.location == f"http://example.com/api/media/{media.id}"
    assert response.json == {
        "id": media.id,
        "type": "image",
        "url": f"http://example.com/media/{media.display_key}",
        "preview_url": f"http://example.com/media/{media.preview_key}",
        "description": "A red and blue picture",
        "meta": {"width": 400, "height": 300},
    }
    image = Image.open(io.BytesIO(stored(app, media.display_key)))
    assert image.format == "WEBP" and image.size == (400, 300) and "exif" not in image.info


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (pictures.PHP, "shell.jpg", "file: This file is not a JPEG, PNG, WebP or GIF picture."),
        (pictures.SVG_WITH_SCRIPT, "x.svg", "file: This file is not a JPEG"),
        (pictures.truncated(), "cut.jpg", "file: This picture is damaged or incomplete."),
        (pictures.bomb(), "bomb.png", "file: This picture has too many pixels"),
    ],
)
def test_what_is_not_a_picture_is_a_400_and_nothing_is_stored(
    api, dbsession, ana_auth, data, name, message
):
    response = upload(api, ana_auth, data, name, status=400)
    assert response.json["error"] == "Bad Request"
    assert response.json["message"].startswith(message)
    assert dbsession.scalar(select(func.count()).select_from(Media)) == 0


def test_an_upload_needs_a_file_and_a_short_description(api, ana_auth):
    missing = api.post("/api/media", {"description": "x"}, headers=ana_auth, status=400)
    assert missing.json["message"].startswith("file: This field is required")
    long = upload(api, ana_auth, description="x" * 1501, status=400)
    assert long.json["message"].startswith("description: Must be at most 1500")


def test_a_file_over_the_limit_is_refused(api, app, ana_auth):
    limit = app.registry.settings["microblog.media_max_bytes"]
    response = upload(api, ana_auth, pictures.jpeg() + b"\0" * limit, status=400)
    assert "larger than the limit" in response.json["message"]


def test_a_post_takes_its_pictures_in_order(api, dbsession, ana, ana_auth, bob_auth):
    first = upload(api, ana_auth, pictures.png(), "a.png", description="first").json
    second = upload(api, ana_auth, pictures.animated_gif(), "b.gif").json
    response = api.post_json(
        "/api/posts",
        {"body": "Two pictures", "media_ids": [second["id"], first["id"]]},
        headers=ana_auth,
        status=201,
    )
    assert [media["id"] for media in response.json["media"]] == [second["id"], first["id"]]
    shown = api.get(f"/api/posts/{response.json['id']}", headers=bob_auth).json
    assert shown["media"] == response.json["media"]
    assert shown["media"][1]["description"] == "first"
    # once on a post, the picture is anyone's to read
    assert api.get(f"/api/media/{first['id']}", headers=bob_auth).json == first


def test_unattached_pictures_are_their_uploaders_alone(api, ana_auth, bob_auth):
    media = upload(api, ana_auth).json
    assert api.get(f"/api/media/{media['id']}", headers=ana_auth).json == media
    api.get(f"/api/media/{media['id']}", headers=bob_auth, status=404)
    refused = api.post_json(
        "/api/posts", {"body": "Not mine", "media_ids": [media["id"]]}, headers=bob_auth, status=400
    )
    assert refused.json["message"].startswith(f"media_ids: {media['id']} is not one of your")


@pytest.mark.parametrize(
    "media_ids",
    [[1, 2, 3, 4, 5], [True], ["1"], [1, 1], "1", 7],
)
def test_bad_media_ids_are_a_400(api, dbsession, ana_auth, media_ids):
    response = api.post_json(
        "/api/posts", {"body": "Hello", "media_ids": media_ids}, headers=ana_auth, status=400
    )
    assert response.json["message"].startswith("media_ids: ")
    assert dbsession.scalar(select(func.count()).select_from(Post)) == 0


def test_a_picture_cannot_go_on_two_posts(api, ana_auth):
    media = upload(api, ana_auth).json
    api.post_json("/api/posts", {"body": "One", "media_ids": [media["id"]]}, headers=ana_auth)
    again = api.post_json(
        "/api/posts", {"body": "Two", "media_ids": [media["id"]]}, headers=ana_auth, status=400
    )
    assert "is not one of your pictures waiting for a post" in again.json["message"]


def test_pictures_left_without_a_post_for_a_day_are_removed(api, dbsession, ana_auth):
    old = dbsession.get(Media, upload(api, ana_auth).json["id"])
    old.created -= timedelta(days=1, minutes=1)
    dbsession.flush()
    upload(api, ana_auth)
    assert dbsession.scalar(select(func.count()).select_from(Media)) == 1
    assert dbsession.get(Media, old.id) is None


def test_a_description_with_control_characters_is_a_400(api, dbsession, ana_auth):
    response = upload(api, ana_auth, description="a\x00b", status=400)
    assert response.json["message"] == "description: Control characters are not allowed here."
    assert dbsession.scalar(select(func.count()).select_from(Media)) == 0


def test_a_reply_takes_pictures_too(api, dbsession, ana_auth, bob_auth):
    question = api.post_json("/api/posts", {"body": "Where?"}, headers=ana_auth).json
    media = upload(api, bob_auth, description="Here").json
    answer = api.post_json(
        "/api/posts",
        {"body": "There", "in_reply_to_id": question["id"], "media_ids": [media["id"]]},
        headers=bob_auth,
        status=201,
    ).json
    assert answer["in_reply_to_id"] == question["id"]
    assert [m["id"] for m in answer["media"]] == [media["id"]]
    context = api.get(f"/api/posts/{question['id']}/context", headers=ana_auth).json
    assert context["descendants"][0]["media"] == answer["media"]


def test_a_post_of_pictures_alone_needs_no_body(api, dbsession, ana, ana_auth):
    media = upload(api, ana_auth, description="A red square").json
    created = api.post_json(
        "/api/posts", {"media_ids": [media["id"]]}, headers=ana_auth, status=201
    ).json
    assert (created["body"], created["language"]) == ("", None)
    assert [m["id"] for m in created["media"]] == [media["id"]]
    listed = api.get("/api/posts", headers=ana_auth).json["items"]
    assert [(p["id"], p["body"]) for p in listed] == [(created["id"], "")]
    assert dbsession.get(Post, created["id"]).body == ""


def test_a_post_needs_a_body_or_pictures(api, dbsession, ana_auth):
    for body in ({}, {"body": " ", "media_ids": []}):
        refused = api.post_json("/api/posts", body, headers=ana_auth, status=400).json
        assert refused["message"] == "body: Write something, or add a picture."
    assert dbsession.scalar(select(func.count()).select_from(Post)) == 0


def test_only_a_post_with_pictures_may_lose_its_text(api, ana_auth):
    media = upload(api, ana_auth).json
    pictured = api.post_json(
        "/api/posts", {"body": "A cat", "media_ids": [media["id"]]}, headers=ana_auth
    ).json
    words = api.post_json("/api/posts", {"body": "Just words"}, headers=ana_auth).json
    emptied = api.put_json(f"/api/posts/{pictured['id']}", {"body": ""}, headers=ana_auth).json
    assert emptied["body"] == "" and emptied["edited_at"] is not None
    refused = api.put_json(
        f"/api/posts/{words['id']}", {"body": "  "}, headers=ana_auth, status=400
    ).json
    assert refused["message"] == "body: This field is required."
    # leaving the field out is no way to empty a post
    absent = api.put_json(f"/api/posts/{pictured['id']}", {}, headers=ana_auth, status=400).json
    assert absent["message"] == "body: This field is required."
