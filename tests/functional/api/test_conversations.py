"""The API's conversations: replies and context, edits and history, likes and reposts,
tag timelines and notifications. Every answer is checked against the OpenAPI document."""

import pytest
from sqlalchemy import func, select

from microblog.models import Like, Post, PostEdit
from microblog.models.conversation import delete_post, publish
from microblog.models.interactions import like, repost

from ...support.factories import make_posts, make_user


def test_a_reply_names_the_post_it_answers(api, dbsession, ana, bob, ana_auth, bob_auth):
    (question,) = make_posts(dbsession, bob, 1)
    created = api.post_json(
        "/api/posts",
        {"body": "@bob an answer", "in_reply_to_id": question.id},
        headers=ana_auth,
        status=201,
    ).json
    assert created["in_reply_to_id"] == question.id
    shown = api.get(f"/api/posts/{question.id}", headers=bob_auth).json
    assert shown["reply_count"] == 1
    api.post_json("/api/posts", {"body": "not a reply", "in_reply_to_id": None}, headers=ana_auth)


@pytest.mark.parametrize("answered", ["unknown", "deleted", "zero", "string"])
def test_replying_to_an_unknown_or_deleted_post_is_a_400(
    api, dbsession, ana, bob, ana_auth, answered
):
    (post,) = make_posts(dbsession, bob, 1)
    publish(dbsession, ana, "keeps the deleted post as a tombstone", in_reply_to=post)
    delete_post(dbsession, post)
    target = {"unknown": 999999, "deleted": post.id, "zero": 0, "string": str(post.id)}[answered]
    response = api.post_json(
        "/api/posts", {"body": "hello?", "in_reply_to_id": target}, headers=ana_auth, status=400
    ).json
    expected = (
        "in_reply_to_id: must be an integer."
        if answered == "string"
        else "in_reply_to_id: No post has this id."
    )
    assert response == {"error": "Bad Request", "message": expected}
    assert dbsession.scalar(select(func.count()).select_from(Post)) == 2
    api.get(f"/api/posts/{post.id}", headers=ana_auth, status=404)


def test_the_context_gives_ancestors_and_descendants_in_reading_order(
    api, dbsession, ana, bob, ana_auth
):
    (root,) = make_posts(dbsession, bob, 1, body="root")
    first = publish(dbsession, ana, "first", in_reply_to=root)
    middle = publish(dbsession, bob, "middle", in_reply_to=first)
    publish(dbsession, ana, "second", in_reply_to=root)
    publish(dbsession, ana, "deep", in_reply_to=middle)
    context = api.get(f"/api/posts/{middle.id}/context", headers=ana_auth).json
    assert [p["body"] for p in context["ancestors"]] == ["root", "first"]
    assert [p["body"] for p in context["descendants"]] == ["deep"]
    context = api.get(f"/api/posts/{root.id}/context", headers=ana_auth).json
    assert context["ancestors"] == []
    assert [p["body"] for p in context["descendants"]] == ["first", "middle", "deep", "second"]


def test_a_deleted_post_in_a_conversation_is_left_out_of_the_context(
    api, dbsession, ana, bob, ana_auth
):
    (root,) = make_posts(dbsession, bob, 1, body="root")
    middle = publish(dbsession, ana, "middle", in_reply_to=root)
    last = publish(dbsession, bob, "last", in_reply_to=middle)
    delete_post(dbsession, middle)
    context = api.get(f"/api/posts/{last.id}/context", headers=ana_auth).json
    assert [p["body"] for p in context["ancestors"]] == ["root"]
    assert api.get(f"/api/posts/{last.id}", headers=ana_auth).json["in_reply_to_id"] == middle.id


def test_an_author_edits_a_post_and_its_history_keeps_the_earlier_text(
    api, dbsession, ana, ana_auth
):
    post = publish(dbsession, ana, "First words of mine, in English")
    edited = api.put_json(
        f"/api/posts/{post.id}",
        {"body": "  Mis primeras palabras de hoy, escritas en español para todos  "},
        headers=ana_auth,
    ).json
    assert edited["body"] == "Mis primeras palabras de hoy, escritas en español para todos"
    assert edited["language"] == "es"
    assert edited["edited_at"] is not None
    history = api.get(f"/api/posts/{post.id}/history", headers=ana_auth).json
    assert [v["body"] for v in history["items"]] == ["First words of mine, in English"]
    assert (
        history["items"][0]["timestamp"] == post.timestamp.replace(microsecond=0).isoformat() + "Z"
    )


@pytest.mark.parametrize(
    "body, message",
    [
        ({"body": "x" * 141}, "body: Must be at most 140 characters long."),
        ({"body": "  "}, "body: This field is required."),
        ({}, "body: This field is required."),
        ({"body": 7}, "body: must be a string."),
    ],
)
def test_a_bad_edit_is_a_400_and_changes_nothing(api, dbsession, ana, ana_auth, body, message):
    (post,) = make_posts(dbsession, ana, 1)
    answer = api.put_json(f"/api/posts/{post.id}", body, headers=ana_auth, status=400).json
    assert answer["message"] == message
    dbsession.refresh(post)
    assert post.body == "Post number 0 by ana" and post.edited_at is None
    assert dbsession.scalars(select(PostEdit)).all() == []


def test_editing_or_deleting_another_users_post_is_forbidden(api, dbsession, ana, bob_auth):
    (post,) = make_posts(dbsession, ana, 1)
    api.put_json(f"/api/posts/{post.id}", {"body": "mine now"}, headers=bob_auth, status=403)
    api.delete(f"/api/posts/{post.id}", headers=bob_auth, status=403)
    dbsession.refresh(post)
    assert post.body == "Post number 0 by ana"


def test_likes_and_reposts_are_idempotent_and_counted(api, dbsession, ana, bob, ana_auth):
    (post,) = make_posts(dbsession, bob, 1)
    for _ in range(2):
        api.post(f"/api/posts/{post.id}/like", headers=ana_auth, status=204)
        api.post(f"/api/posts/{post.id}/repost", headers=ana_auth, status=204)
    shown = api.get(f"/api/posts/{post.id}", headers=ana_auth).json
    assert (shown["liked"], shown["reposted"]) == (True, True)
    assert (shown["like_count"], shown["repost_count"]) == (1, 1)
    for _ in range(2):
        api.delete(f"/api/posts/{post.id}/like", headers=ana_auth, status=204)
        api.delete(f"/api/posts/{post.id}/repost", headers=ana_auth, status=204)
    shown = api.get(f"/api/posts/{post.id}", headers=ana_auth).json
    assert (shown["liked"], shown["reposted"], shown["like_count"]) == (False, False, 0)


def test_liking_needs_credentials_and_a_post(api, dbsession, ana, ana_auth):
    (post,) = make_posts(dbsession, ana, 1)
    api.post(f"/api/posts/{post.id}/like", status=401)
    api.post("/api/posts/999999/like", headers=ana_auth, status=404)
    assert dbsession.scalar(select(func.count()).select_from(Like)) == 0


def test_who_liked_and_who_reposted_are_user_collections(api, dbsession, ana, bob, ana_auth):
    (post,) = make_posts(dbsession, ana, 1)
    carol = make_user(dbsession, "carol")
    like(bob, post)
    like(carol, post)
    repost(carol, post)
    likers = api.get(f"/api/posts/{post.id}/likes", headers=ana_auth).json
    assert [u["username"] for u in likers["items"]] == ["carol", "bob"]
    assert likers["_meta"]["total_items"] == 2
    reposters = api.get(f"/api/posts/{post.id}/reposts", headers=ana_auth).json
    assert [u["username"] for u in reposters["items"]] == ["carol"]


def test_collections_say_what_the_caller_did_to_each_post(api, dbsession, ana, bob, ana_auth):
    posts = make_posts(dbsession, bob, 3)
    like(ana, posts[0])
    repost(ana, posts[2])
    items = api.get("/api/posts", headers=ana_auth).json["items"]
    state = {p["id"]: (p["liked"], p["reposted"]) for p in items}
    assert state == {
        posts[0].id: (True, False),
        posts[1].id: (False, False),
        posts[2].id: (False, True),
    }


def test_a_tag_timeline_lists_its_posts_newest_first(api, dbsession, ana, bob, ana_auth):
    publish(dbsession, ana, "one #API")
    publish(dbsession, bob, "two #api")
    publish(dbsession, bob, "none")
    page = api.get("/api/tags/Api/posts", headers=ana_auth).json
    assert [p["body"] for p in page["items"]] == ["two #api", "one #API"]
    api.get("/api/tags/nothing/posts", headers=ana_auth, status=404)


def test_notifications_say_who_did_what_newest_first(api, dbsession, ana, bob, ana_auth, testapp):
    (post,) = make_posts(dbsession, ana, 1)
    bob.follow(ana)
    like(bob, post)
    reply = publish(dbsession, bob, "@ana yes", in_reply_to=post)
    items = api.get("/api/notifications", headers=ana_auth).json["items"]
    assert [(n["type"], n["actor_id"], n["post_id"]) for n in items] == [
        ("reply", bob.id, reply.id),
        ("like", bob.id, post.id),
        ("follow", bob.id, None),
    ]
    assert items[2]["_links"] == {"actor": f"http://example.com/api/users/{bob.id}", "post": None}
    assert not any(n["read"] for n in items)
    ana.mark_notifications_read()
    dbsession.flush()
    items = api.get("/api/notifications", headers=ana_auth).json["items"]
    assert all(n["read"] for n in items)
