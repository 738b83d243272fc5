"""``/api/posts`` and ``/api/feed``."""

import pytest
from sqlalchemy import select

from microblog.models import Post

from ...support.factories import make_posts, make_user


def test_explore_lists_every_post_newest_first(api, dbsession, ana, bob, ana_auth):
    make_posts(dbsession, ana, 2)
    make_posts(dbsession, bob, 2)
    data = api.get("/api/posts", headers=ana_auth).json
    timestamps = [post["timestamp"] for post in data["items"]]
    assert timestamps == sorted(timestamps, reverse=True)
    assert data["_meta"]["total_items"] == 4
    assert {post["author_id"] for post in data["items"]} == {ana.id, bob.id}


def test_a_post_has_the_contract_shape(api, dbsession, ana, bob_auth):
    (post,) = make_posts(dbsession, ana, 1)
    data = api.get(f"/api/posts/{post.id}", headers=bob_auth).json
    assert data == {
        "id": post.id,
        "body": "Post number 0 by ana",
        "timestamp": post.timestamp.replace(microsecond=0).isoformat() + "Z",
        "language": "en",
        "author_id": ana.id,
        "in_reply_to_id": None,
        "reply_count": 0,
        "like_count": 0,
        "repost_count": 0,
        "liked": False,
        "reposted": False,
        "edited_at": None,
        "media": [],
        "_links": {
            "self": f"http://example.com/api/posts/{post.id}",
            "author": f"http://example.com/api/users/{ana.id}",
        },
    }


def test_publishing_answers_201_with_location_and_the_post(api, dbsession, ana, ana_auth):
    response = api.post_json(
        "/api/posts", {"body": "  Hello from a script, friends!  "}, headers=ana_auth, status=201
    )
    post = dbsession.get(Post, response.json["id"])
    assert response.location == f"http://example.com/api/posts/{post.id}"
    assert post.body == response.json["body"] == "Hello from a script, friends!"
    assert post.user_id == ana.id
    assert api.get(f"/api/users/{ana.id}", headers=ana_auth).json["post_count"] == 1


@pytest.mark.parametrize(
    "body, message",
    [
        ({}, "body: Write something, or add a picture."),
        ({"body": ""}, "body: Write something, or add a picture."),
        ({"body": "   "}, "body: Write something, or add a picture."),
        ({"body": "", "media_ids": []}, "body: Write something, or add a picture."),
        ({"body": "x" * 141}, "body: Must be at most 140 characters long."),
        ({"body": 42}, "body: must be a string."),
        ({"body": None}, "body: must be a string."),
    ],
)
def test_a_bad_post_is_a_400_and_publishes_nothing(api, dbsession, ana_auth, body, message):
    response = api.post_json("/api/posts", body, headers=ana_auth, status=400)
    assert response.json == {"error": "Bad Request", "message": message}
    assert dbsession.scalar(select(Post)) is None


def test_a_140_character_post_is_fine(api, ana_auth):
    api.post_json("/api/posts", {"body": "x" * 140}, headers=ana_auth, status=201)


def test_publishing_needs_a_token(api, dbsession):
    api.post_json("/api/posts", {"body": "anonymous"}, status=401)
    assert dbsession.scalar(select(Post)) is None


def test_an_author_deletes_their_post_with_204(api, dbsession, ana, ana_auth):
    (post,) = make_posts(dbsession, ana, 1)
    response = api.delete(f"/api/posts/{post.id}", headers=ana_auth, status=204)
    assert response.body == b""
    dbsession.flush()  # the request's commit would; the test's transaction never commits
    assert dbsession.get(Post, post.id) is None
    api.get(f"/api/posts/{post.id}", headers=ana_auth, status=404)


def test_deleting_another_users_post_is_a_403(api, dbsession, ana, bob_auth):
    (post,) = make_posts(dbsession, ana, 1)
    response = api.delete(f"/api/posts/{post.id}", headers=bob_auth, status=403)
    assert response.json["error"] == "Forbidden"
    assert dbsession.get(Post, post.id) is not None


def test_an_unknown_post_is_a_404(api, ana_auth):
    api.get("/api/posts/424242", headers=ana_auth, status=404)
    api.delete("/api/posts/424242", headers=ana_auth, status=404)


def test_the_feed_has_followed_users_posts_and_ones_own(api, dbsession, ana, bob, ana_auth):
    carol = make_user(dbsession, "carol")
    ana.follow(bob)
    make_posts(dbsession, ana, 1)
    make_posts(dbsession, bob, 2)
    make_posts(dbsession, carol, 2)
    data = api.get("/api/feed", headers=ana_auth).json
    assert {post["author_id"] for post in data["items"]} == {ana.id, bob.id}
    assert data["_meta"]["total_items"] == 3
    timestamps = [post["timestamp"] for post in data["items"]]
    assert timestamps == sorted(timestamps, reverse=True)


def test_the_feed_pages(api, dbsession, ana, ana_auth):
    make_posts(dbsession, ana, 5)
    data = api.get("/api/feed?per_page=2&page=2", headers=ana_auth).json
    assert [post["body"] for post in data["items"]] == [
        "Post number 2 by ana",
        "Post number 1 by ana",
    ]
    assert data["_links"]["next"].startswith(
        "http://example.com/api/feed?page=3&per_page=2&before="
    )
    assert data["_links"]["prev"] == "http://example.com/api/feed?page=1&per_page=2"
    last = api.get(data["_links"]["next"], headers=ana_auth).json
    assert [post["body"] for post in last["items"]] == ["Post number 0 by ana"]
    assert last["_meta"] == {"page": 3, "per_page": 2, "total_pages": 3, "total_items": 5}
    assert last["_links"]["next"] is None
