"""``/api/users``: the tutorial's chapter 23 rows, then following."""

import pytest
from sqlalchemy import select

from microblog.models import User

from ...support.factories import make_posts, make_user
from .conftest import bearer, token_for

NEW_USER = {"username": "alice", "email": "alice@example.com", "password": "dog-and-cat"}


def test_a_user_has_the_tutorials_shape_with_absolute_links(api, dbsession, ana, bob, bob_auth):
    make_posts(dbsession, ana, 3)
    bob.follow(ana)
    data = api.get(f"/api/users/{ana.id}", headers=bob_auth).json
    assert data == {
        "id": ana.id,
        "username": "ana",
        "last_seen": ana.last_seen.replace(microsecond=0).isoformat() + "Z",
        "about_me": "I write about Pyramid.",
        "post_count": 3,
        "follower_count": 1,
        "followed_count": 0,
        "_links": {
            "self": f"http://example.com/api/users/{ana.id}",
            "followers": f"http://example.com/api/users/{ana.id}/followers",
            "followed": f"http://example.com/api/users/{ana.id}/followed",
            "avatar": f"http://example.com/avatar/{ana.id}.svg?v=1",
        },
    }


def test_email_is_shown_only_in_ones_own_account(api, ana, bob, ana_auth):
    assert api.get(f"/api/users/{ana.id}", headers=ana_auth).json["email"] == "ana@example.com"
    assert "email" not in api.get(f"/api/users/{bob.id}", headers=ana_auth).json
    listed = api.get("/api/users", headers=ana_auth).json["items"]
    assert [("email" in user) for user in listed] == [True, False]


def test_reading_users_needs_a_token(api, ana):
    for url in (
        "/api/users",
        f"/api/users/{ana.id}",
        f"/api/users/{ana.id}/followers",
        f"/api/users/{ana.id}/followed",
        f"/api/users/{ana.id}/posts",
    ):
        response = api.get(url, status=401)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="Microblog API"'


def test_anonymous_callers_are_not_told_which_ids_exist(api, ana):
    assert api.get("/api/users/999999", status=401).json["error"] == "Unauthorized"


@pytest.mark.parametrize(
    "key",
    ["999999", "0", "00", "-1", "abc", "1.5", "2147483648", "38642028597", "9" * 30, "%EF%BC%91"],
)
def test_an_unknown_or_malformed_id_is_a_404(api, ana_auth, key):
    response = api.get(f"/api/users/{key}", headers=ana_auth, status=404)
    assert response.json["error"] == "Not Found"


def test_the_users_collection_pages_with_meta_and_links(api, dbsession, ana, ana_auth):
    for _ in range(4):
        make_user(dbsession)
    first = api.get("/api/users?per_page=2", headers=ana_auth).json
    assert [user["id"] for user in first["items"]] == sorted(u["id"] for u in first["items"])
    assert first["_meta"] == {"page": 1, "per_page": 2, "total_pages": 3, "total_items": 5}
    # the next link carries a cursor: the position after the last user of the page
    last_id = first["items"][-1]["id"]
    assert first["_links"] == {
        "self": "http://example.com/api/users?page=1&per_page=2",
        "next": f"http://example.com/api/users?page=2&per_page=2&before={last_id}",
        "prev": None,
    }
    last = api.get("/api/users?page=3&per_page=2", headers=ana_auth).json
    assert len(last["items"]) == 1
    assert last["_links"]["next"] is None
    # and the previous link a cursor at the first user of the page
    first_id = last["items"][0]["id"]
    assert (
        last["_links"]["prev"] == f"http://example.com/api/users?page=2&per_page=2&after={first_id}"
    )
    seen = {u["id"] for page in (first, last) for u in page["items"]}
    middle = api.get(first["_links"]["next"], headers=ana_auth).json
    assert len(seen | {u["id"] for u in middle["items"]}) == 5
    assert api.get(last["_links"]["prev"], headers=ana_auth).json["items"] == middle["items"]


def test_per_page_defaults_to_10_and_is_capped_at_100(api, dbsession, ana, ana_auth):
    for _ in range(11):
        make_user(dbsession)
    assert api.get("/api/users", headers=ana_auth).json["_meta"]["per_page"] == 10
    capped = api.get("/api/users?per_page=5000", headers=ana_auth).json
    assert capped["_meta"]["per_page"] == 100
    assert len(capped["items"]) == 12


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page=",
        "page=1.5",
        "page=+2",
        "page=2_0",
        "page=99999999999",
        "per_page=0",
        "per_page=ten",
        "per_page=-5",
    ],
)
def test_bad_page_parameters_are_a_400_naming_them(api, ana_auth, query):
    response = api.get(f"/api/users?{query}", headers=ana_auth, status=400)
    assert response.json["message"].startswith(query.split("=")[0] + ":")


def test_a_page_past_the_end_is_empty(api, ana, ana_auth):
    data = api.get("/api/users?page=7", headers=ana_auth).json
    assert data["items"] == []
    assert data["_links"]["next"] is None
    assert data["_links"]["prev"] == "http://example.com/api/users?page=6&per_page=10"


def test_followers_and_followed_are_collections_of_users(api, dbsession, ana, bob, ana_auth):
    carol = make_user(dbsession, "carol")
    bob.follow(ana)
    carol.follow(ana)
    ana.follow(carol)
    followers = api.get(f"/api/users/{ana.id}/followers", headers=ana_auth).json
    assert [u["username"] for u in followers["items"]] == ["bob", "carol"]
    assert followers["_links"]["self"] == (
        f"http://example.com/api/users/{ana.id}/followers?page=1&per_page=10"
    )
    followed = api.get(f"/api/users/{ana.id}/followed", headers=ana_auth).json
    assert [u["username"] for u in followed["items"]] == ["carol"]
    assert followed["items"][0]["follower_count"] == 1
    assert followed["items"][0]["followed_count"] == 1


def test_a_users_posts_newest_first(api, dbsession, ana, bob, ana_auth):
    make_posts(dbsession, bob, 3)
    make_posts(dbsession, ana, 1)
    data = api.get(f"/api/users/{bob.id}/posts", headers=ana_auth).json
    assert [p["body"] for p in data["items"]] == [f"Post number {i} by bob" for i in (2, 1, 0)]
    assert data["_meta"]["total_items"] == 3


def test_a_segment_after_an_endpoint_is_a_404(api, ana, ana_auth):
    api.get(f"/api/users/{ana.id}/followers/extra", headers=ana_auth, status=404)
    api.get(f"/api/users/{ana.id}/nothing", headers=ana_auth, status=404)


# registering ----------------------------------------------------------------------------


def test_registering_answers_201_with_location_and_the_user(api, dbsession):
    response = api.post_json(
        "/api/users", {**NEW_USER, "about_me": "Hello, my name is Alice!"}, status=201
    )
    user = dbsession.scalar(select(User).where(User.username == "alice"))
    assert response.location == f"http://example.com/api/users/{user.id}"
    assert response.json["id"] == user.id
    assert response.json["about_me"] == "Hello, my name is Alice!"
    assert response.json["post_count"] == 0
    assert "password" not in response.json
    assert user.check_password("dog-and-cat")
    assert user.email == "alice@example.com"


def test_a_registered_user_can_get_a_token(api):
    api.post_json("/api/users", NEW_USER, status=201)
    assert token_for(api, "alice", "dog-and-cat")


@pytest.mark.parametrize("missing", ["username", "email", "password"])
def test_a_missing_field_is_a_400_naming_it(api, dbsession, missing):
    body = {k: v for k, v in NEW_USER.items() if k != missing}
    response = api.post_json("/api/users", body, status=400)
    assert response.json == {
        "error": "Bad Request",
        "message": f"{missing}: This field is required.",
    }
    assert dbsession.scalar(select(User).where(User.username == "alice")) is None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("username", "ANA", "username: Please use a different username."),
        ("email", "Ana@Example.com", "email: Please use a different email address."),
        ("email", "not-an-email", "email: Invalid email address."),
        ("username", "a" * 65, "username: Must be at most 64 characters long."),
        ("username", "white space", "username: Use only letters"),
        ("username", "   ", "username: This field is required."),
        ("password", "short", "password: Must be at least 8 characters long."),
        ("password", "é" * 40, "password: Must be at most 72 bytes long."),
        ("about_me", "x" * 141, "about_me: Must be at most 140 characters long."),
        ("username", 12, "username: must be a string."),
        ("email", None, "email: must be a string."),
        ("password", ["a", "list"], "password: must be a string."),
        ("about_me", {"an": "object"}, "about_me: must be a string."),
        ("username", True, "username: must be a string."),
    ],
)
def test_bad_registrations_are_a_400_naming_the_field(api, dbsession, ana, field, value, message):
    response = api.post_json("/api/users", {**NEW_USER, field: value}, status=400)
    assert response.json["error"] == "Bad Request"
    assert response.json["message"].startswith(message)
    assert dbsession.scalar(select(User).where(User.email == "alice@example.com")) is None


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"username=alice", "application/x-www-form-urlencoded"),
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b"\xff\xfe\xfd", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'"a string"', "application/json"),
        (b"null", "application/json"),
        (b"[" * 5000, "application/json"),
        (b'{"username": "' + b"a" * 9000 + b'"}', "application/json"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400(api, body, content_type):
    response = api.post("/api/users", body, headers={"Content-Type": content_type}, status=400)
    assert response.json["message"].startswith("The request body must be a JSON object")


def test_registering_needs_no_credentials_and_ignores_bad_ones(api):
    api.post_json("/api/users", NEW_USER, headers=bearer("garbage"), status=201)


# editing --------------------------------------------------------------------------------


def test_one_edits_ones_own_account(api, ana, ana_auth):
    response = api.put_json(f"/api/users/{ana.id}", {"about_me": "Hi, I am Ana"}, headers=ana_auth)
    assert response.json["about_me"] == "Hi, I am Ana"
    assert ana.about_me == "Hi, I am Ana"
    response = api.put_json(
        f"/api/users/{ana.id}", {"username": "ana2", "email": "ana2@example.com"}, headers=ana_auth
    )
    assert (response.json["username"], response.json["email"]) == ("ana2", "ana2@example.com")
    assert response.json["about_me"] == "Hi, I am Ana"


def test_an_empty_about_me_clears_it(api, ana, ana_auth):
    response = api.put_json(f"/api/users/{ana.id}", {"about_me": ""}, headers=ana_auth)
    assert response.json["about_me"] is None


def test_keeping_ones_own_username_and_email_is_not_a_conflict(api, ana, ana_auth):
    api.put_json(
        f"/api/users/{ana.id}", {"username": "ana", "email": "ana@example.com"}, headers=ana_auth
    )


def test_editing_another_users_account_is_a_403(api, ana, bob, ana_auth):
    response = api.put_json(
        f"/api/users/{bob.id}", {"about_me": "hacked"}, headers=ana_auth, status=403
    )
    assert response.json["error"] == "Forbidden"
    assert bob.about_me is None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"username": "bob"}, "username: Please use a different username."),
        ({"email": "bob@example.com"}, "email: Please use a different email address."),
        ({"username": ""}, "username: This field is required."),
        ({"about_me": 5}, "about_me: must be a string."),
    ],
)
def test_bad_changes_are_a_400_and_change_nothing(api, ana, bob, ana_auth, changes, message):
    body = {"about_me": "changed", **changes}
    response = api.put_json(f"/api/users/{ana.id}", body, headers=ana_auth, status=400)
    assert response.json["message"].startswith(message)
    assert (ana.username, ana.about_me) == ("ana", "I write about Pyramid.")


def test_editing_needs_a_json_object(api, ana, ana_auth):
    api.put(f"/api/users/{ana.id}", "about_me=x", headers=ana_auth, status=400)


# following ------------------------------------------------------------------------------


def test_following_and_unfollowing_answer_204(api, ana, bob, ana_auth):
    response = api.post(f"/api/users/{bob.id}/follow", headers=ana_auth, status=204)
    assert response.body == b""
    assert ana.is_following(bob)
    api.post(f"/api/users/{bob.id}/follow", headers=ana_auth, status=204)  # idempotent
    assert api.get(f"/api/users/{bob.id}", headers=ana_auth).json["follower_count"] == 1
    api.delete(f"/api/users/{bob.id}/follow", headers=ana_auth, status=204)
    assert not ana.is_following(bob)


def test_following_oneself_is_a_400(api, ana, ana_auth):
    for method in (api.post, api.delete):
        response = method(f"/api/users/{ana.id}/follow", headers=ana_auth, status=400)
        assert response.json["error"] == "Bad Request"
    assert not ana.is_following(ana)


def test_following_an_unknown_user_is_a_404(api, ana_auth):
    api.post("/api/users/999999/follow", headers=ana_auth, status=404)


def test_following_needs_a_token(api, ana, bob):
    api.post(f"/api/users/{bob.id}/follow", status=401)
    assert not ana.is_following(bob)
