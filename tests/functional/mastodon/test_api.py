"""The Mastodon API's endpoints with WebTest: shapes, scopes beside the ACLs, errors and
Link pagination."""

import re
from datetime import datetime

import pytest

from microblog.models import Post
from microblog.models.conversation import publish

from ...support.factories import make_posts, make_user
from .conftest import authorise, bearer, register


def links(answer):
    """``{rel: url}`` of a Link header."""
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', answer.headers["Link"])}


def test_a_status_is_published_read_and_shaped_as_mastodon_says(testapp, ana, ana_auth):
    created = testapp.post(
        "/api/v1/statuses", {"status": "Hello #pyramid @ana"}, headers=ana_auth
    ).json
    assert created["account"]["username"] == "ana"
    assert created["visibility"] == "public"
    assert created["tags"] == [{"name": "pyramid", "url": "http://example.com/tag/pyramid"}]
    assert created["mentions"][0]["username"] == "ana"
    assert 'class="hashtag"' in created["content"]
    shown = testapp.get(f"/api/v1/statuses/{created['id']}", headers=ana_auth).json
    assert shown == created


def test_a_reply_answers_its_status_and_shows_in_the_context(testapp, ana, bob, ana_auth):
    first = testapp.post("/api/v1/statuses", {"status": "First"}, headers=ana_auth).json
    reply = testapp.post(
        "/api/v1/statuses",
        {"status": "Second", "in_reply_to_id": first["id"]},
        headers=ana_auth,
    ).json
    assert reply["in_reply_to_id"] == first["id"]
    assert reply["in_reply_to_account_id"] == str(ana.id)
    context = testapp.get(f"/api/v1/statuses/{first['id']}/context", headers=ana_auth).json
    assert [s["id"] for s in context["descendants"]] == [reply["id"]]
    context = testapp.get(f"/api/v1/statuses/{reply['id']}/context", headers=ana_auth).json
    assert [s["id"] for s in context["ancestors"]] == [first["id"]]


def test_the_same_idempotency_key_publishes_once(testapp, dbsession, ana, ana_auth):
    headers = {**ana_auth, "Idempotency-Key": "abc-123"}
    one = testapp.post("/api/v1/statuses", {"status": "Once"}, headers=headers).json
    two = testapp.post("/api/v1/statuses", {"status": "Once"}, headers=headers).json
    assert one["id"] == two["id"]
    assert dbsession.query(Post).count() == 1


def test_bad_statuses_are_refused_as_mastodon_does(testapp, ana, ana_auth):
    answer = testapp.post("/api/v1/statuses", {"status": ""}, headers=ana_auth, status=422)
    assert answer.json["error"].startswith("Validation failed: status")
    answer = testapp.post("/api/v1/statuses", {"status": "x" * 141}, headers=ana_auth, status=422)
    assert answer.json["error"].startswith("Validation failed")
    testapp.post(
        "/api/v1/statuses",
        {"status": "x", "in_reply_to_id": "999999"},
        headers=ana_auth,
        status=422,
    )


def test_a_read_token_cannot_post(testapp, ana):
    token = authorise(testapp, "ana", "read")
    answer = testapp.post("/api/v1/statuses", {"status": "Hi"}, headers=bearer(token), status=403)
    assert answer.json == {"error": "This action is outside the authorized scopes"}
    assert testapp.get("/api/v1/timelines/home", headers=bearer(token)).json == []


def test_a_sub_scope_grants_only_its_part(testapp, ana):
    token = authorise(testapp, "ana", "read:accounts write:favourites")
    testapp.get("/api/v1/accounts/verify_credentials", headers=bearer(token))
    testapp.get("/api/v1/timelines/home", headers=bearer(token), status=403)
    testapp.post("/api/v1/statuses", {"status": "Hi"}, headers=bearer(token), status=403)


def test_a_scope_never_widens_what_the_user_may_do(testapp, dbsession, ana, bob, bob_auth):
    (post,) = make_posts(dbsession, ana, 1)
    answer = testapp.put(
        f"/api/v1/statuses/{post.id}", {"status": "Mine now"}, headers=bob_auth, status=403
    )
    assert answer.json == {"error": "This action is not allowed"}
    testapp.delete(f"/api/v1/statuses/{post.id}", headers=bob_auth, status=403)
    assert post.body != "Mine now"


def test_the_author_edits_and_the_history_keeps_every_version(testapp, ana, ana_auth):
    created = testapp.post("/api/v1/statuses", {"status": "Draft"}, headers=ana_auth).json
    edited = testapp.put(
        f"/api/v1/statuses/{created['id']}", {"status": "Final"}, headers=ana_auth
    ).json
    assert edited["content"] == "<p>Final</p>" and edited["edited_at"]
    history = testapp.get(f"/api/v1/statuses/{created['id']}/history", headers=ana_auth).json
    assert [h["content"] for h in history] == ["<p>Draft</p>", "<p>Final</p>"]


def test_deleting_answers_the_text_and_the_status_is_gone(testapp, ana, ana_auth):
    created = testapp.post("/api/v1/statuses", {"status": "Oops"}, headers=ana_auth).json
    gone = testapp.delete(f"/api/v1/statuses/{created['id']}", headers=ana_auth).json
    assert gone["text"] == "Oops"
    answer = testapp.get(f"/api/v1/statuses/{created['id']}", headers=ana_auth, status=404)
    assert answer.json == {"error": "Record not found"}


def test_favourites_and_reblogs_count_once_and_undo(testapp, dbsession, ana, bob, bob_auth):
    (post,) = make_posts(dbsession, ana, 1)
    url = f"/api/v1/statuses/{post.id}"
    for _ in range(2):
        liked = testapp.post(f"{url}/favourite", headers=bob_auth).json
    assert liked["favourited"] and liked["favourites_count"] == 1
    reblog = testapp.post(f"{url}/reblog", headers=bob_auth).json
    assert reblog["id"] == f"{post.id}r{bob.id}" and reblog["account"]["username"] == "bob"
    assert reblog["reblog"]["id"] == str(post.id) and reblog["reblog"]["reblogged"]
    assert testapp.get(f"/api/v1/statuses/{reblog['id']}", headers=bob_auth).json["reblog"]
    who = testapp.get(f"{url}/favourited_by", headers=bob_auth).json
    assert [a["username"] for a in who] == ["bob"]
    undone = testapp.post(f"{url}/unfavourite", headers=bob_auth).json
    assert not undone["favourited"] and undone["favourites_count"] == 0
    assert not testapp.post(f"{url}/unreblog", headers=bob_auth).json["reblogged"]


def test_the_home_timeline_pages_through_link_headers(testapp, dbsession, ana, bob, ana_auth):
    ana.follow(bob)
    make_posts(dbsession, bob, 5)
    seen, url = [], "/api/v1/timelines/home?limit=2"
    while True:
        answer = testapp.get(url, headers=ana_auth)
        if not answer.json:
            break
        seen += [s["id"] for s in answer.json]
        url = links(answer)["next"].replace("http://example.com", "")
    assert len(seen) == 5 and len(set(seen)) == 5
    assert seen == sorted(seen, key=int, reverse=True)
    newest = testapp.get(f"/api/v1/timelines/home?min_id={seen[2]}&limit=1", headers=ana_auth)
    assert [s["id"] for s in newest.json] == [seen[1]]
    since = testapp.get(f"/api/v1/timelines/home?since_id={seen[2]}&limit=5", headers=ana_auth)
    assert [s["id"] for s in since.json] == seen[:2]


def test_a_reblog_reaches_the_followers_home_timeline(testapp, dbsession, ana, bob, ana_auth):
    carol = make_user(dbsession, "carol")
    ana.follow(bob)
    (post,) = make_posts(dbsession, carol, 1)
    bob_token = bearer(authorise(testapp, "bob"))
    testapp.post(f"/api/v1/statuses/{post.id}/reblog", headers=bob_token)
    (shown,) = testapp.get("/api/v1/timelines/home", headers=ana_auth).json
    assert shown["reblog"]["account"]["username"] == "carol"
    assert shown["account"]["username"] == "bob"
    older = testapp.get(f"/api/v1/timelines/home?max_id={shown['id']}", headers=ana_auth)
    assert older.json == []


def test_public_and_tag_timelines(testapp, dbsession, ana, bob, ana_auth):
    publish(dbsession, bob, "About #Pyramid")
    publish(dbsession, bob, "Something else")
    assert len(testapp.get("/api/v1/timelines/public", headers=ana_auth).json) == 2
    tagged = testapp.get("/api/v1/timelines/tag/pyramid", headers=ana_auth).json
    assert [s["content"].count("#Pyramid") for s in tagged] == [1]
    assert testapp.get("/api/v1/timelines/tag/nothing", headers=ana_auth).json == []


def test_accounts_follow_unfollow_and_relationships(testapp, dbsession, ana, bob, ana_auth):
    account = testapp.get(f"/api/v1/accounts/{bob.id}", headers=ana_auth).json
    assert account["username"] == "bob" and account["acct"] == "bob"
    relation = testapp.post(f"/api/v1/accounts/{bob.id}/follow", headers=ana_auth).json
    assert relation["following"] and not relation["followed_by"]
    relations = testapp.get(f"/api/v1/accounts/relationships?id[]={bob.id}", headers=ana_auth).json
    assert relations[0]["following"]
    followers = testapp.get(f"/api/v1/accounts/{bob.id}/followers", headers=ana_auth).json
    assert [a["username"] for a in followers] == ["ana"]
    following = testapp.get(f"/api/v1/accounts/{ana.id}/following", headers=ana_auth).json
    assert [a["username"] for a in following] == ["bob"]
    relation = testapp.post(f"/api/v1/accounts/{bob.id}/unfollow", headers=ana_auth).json
    assert not relation["following"]
    answer = testapp.post(f"/api/v1/accounts/{ana.id}/follow", headers=ana_auth, status=403)
    assert answer.json == {"error": "This action is not allowed"}


def test_lookup_update_credentials_and_statuses_of_an_account(testapp, dbsession, ana, ana_auth):
    ana.created_at = datetime(2024, 3, 9, 22, 15)
    ana.last_seen = datetime(2026, 1, 2, 3, 4)
    dbsession.flush()
    found = testapp.get("/api/v1/accounts/lookup?acct=ana", headers=ana_auth).json
    assert found["id"] == str(ana.id)
    # the day the account was made, as Mastodon gives it (not the last visit)
    assert found["created_at"] == "2024-03-09T00:00:00Z"
    testapp.get("/api/v1/accounts/lookup?acct=nobody", headers=ana_auth, status=404)
    changed = testapp.patch(
        "/api/v1/accounts/update_credentials", {"note": "New bio"}, headers=ana_auth
    ).json
    assert changed["source"]["note"] == "New bio" and ana.about_me == "New bio"
    make_posts(dbsession, ana, 3)
    statuses = testapp.get(f"/api/v1/accounts/{ana.id}/statuses?limit=2", headers=ana_auth)
    assert len(statuses.json) == 2 and 'rel="next"' in statuses.headers["Link"]


def test_notifications_say_who_did_what(testapp, dbsession, ana, bob, ana_auth, bob_auth):
    created = testapp.post("/api/v1/statuses", {"status": "Mine"}, headers=ana_auth).json
    testapp.post(f"/api/v1/statuses/{created['id']}/favourite", headers=bob_auth)
    testapp.post(f"/api/v1/accounts/{ana.id}/follow", headers=bob_auth)
    shown = testapp.get("/api/v1/notifications", headers=ana_auth).json
    assert [(n["type"], n["account"]["username"]) for n in shown] == [
        ("follow", "bob"),
        ("favourite", "bob"),
    ]
    assert shown[1]["status"]["id"] == created["id"]
    only = testapp.get("/api/v1/notifications?types[]=follow", headers=ana_auth).json
    assert [n["type"] for n in only] == ["follow"]
    one = testapp.get(f"/api/v1/notifications/{shown[0]['id']}", headers=ana_auth).json
    assert one["type"] == "follow"
    testapp.get(f"/api/v1/notifications/{shown[0]['id']}", headers=bob_auth, status=404)


def test_search_finds_accounts_tags_and_statuses(testapp, dbsession, ana, bob, ana_auth):
    publish(dbsession, bob, "Talking about #pyramid")
    found = testapp.get("/api/v2/search?q=bo&type=accounts", headers=ana_auth).json
    assert [a["username"] for a in found["accounts"]] == ["bob"]
    found = testapp.get("/api/v2/search?q=%23pyr&type=hashtags", headers=ana_auth).json
    assert [t["name"] for t in found["hashtags"]] == ["pyramid"]


def test_direct_statuses_are_private_messages_in_conversations(testapp, ana, bob, ana_auth):
    sent = testapp.post(
        "/api/v1/statuses", {"status": "@bob psst", "visibility": "direct"}, headers=ana_auth
    ).json
    assert sent["visibility"] == "direct" and sent["id"].startswith("m")
    bob_token = bearer(authorise(testapp, "bob"))
    (conversation,) = testapp.get("/api/v1/conversations", headers=bob_token).json
    assert conversation["unread"] and conversation["accounts"][0]["username"] == "ana"
    assert conversation["last_status"]["content"] == "<p>@bob psst</p>"


def test_markers_are_kept_per_timeline(testapp, ana, ana_auth):
    saved = testapp.post("/api/v1/markers", {"home[last_read_id]": "42"}, headers=ana_auth).json
    assert saved["home"]["last_read_id"] == "42" and saved["home"]["version"] == 1
    shown = testapp.get("/api/v1/markers?timeline[]=home", headers=ana_auth).json
    assert shown["home"]["last_read_id"] == "42"


def test_the_instance_describes_the_site(testapp):
    v1 = testapp.get("/api/v1/instance").json
    assert v1["uri"] == "example.com" and v1["configuration"]["statuses"]["max_characters"] == 140
    v2 = testapp.get("/api/v2/instance").json
    assert v2["domain"] == "example.com" and v2["version"].startswith("4.")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/timelines/home", 401),
        ("GET", "/api/v1/nothing/here", 404),
        ("GET", "/api/v1/statuses/999999", 404),
        ("GET", "/api/v1/statuses/abc", 404),
        ("GET", "/api/v2/unknown", 404),
        ("DELETE", "/api/v1/timelines/home", 405),
    ],
)
def test_anything_else_answers_mastodon_s_error_shape(testapp, ana, ana_auth, method, path, status):
    headers = {} if status == 401 else ana_auth
    answer = testapp.request(path, method=method, headers=headers, status=status)
    assert answer.content_type == "application/json"
    assert set(answer.json) == {"error"}


def test_features_the_site_lacks_answer_empty_lists(testapp, ana, ana_auth):
    for path in ("/api/v1/lists", "/api/v1/filters", "/api/v1/custom_emojis"):
        assert testapp.get(path, headers=ana_auth).json == []
    preferences = testapp.get("/api/v1/preferences", headers=ana_auth).json
    assert preferences["posting:default:visibility"] == "public"


def test_registering_an_app_needs_no_token(testapp):
    assert register(testapp)["client_secret"]
