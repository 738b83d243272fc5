"""``/api/messages``: private messages, readable by their two parties only."""

import pytest
from sqlalchemy import select

from microblog.models import Message

from ...support.factories import make_user
from .conftest import bearer, token_for


def send(api, headers, recipient_id, body="Hi there", status=201):
    return api.post_json(
        "/api/messages",
        {"recipient_id": recipient_id, "body": body},
        headers=headers,
        status=status,
    )


def test_sending_answers_201_with_location_and_the_message(api, dbsession, ana, bob, ana_auth):
    response = send(api, ana_auth, bob.id, "Hello Bob!")
    message = dbsession.get(Message, response.json["id"])
    assert response.location == f"http://example.com/api/messages/{message.id}"
    assert response.json == {
        "id": message.id,
        "body": "Hello Bob!",
        "timestamp": message.timestamp.replace(microsecond=0).isoformat() + "Z",
        "sender_id": ana.id,
        "recipient_id": bob.id,
        "_links": {
            "self": f"http://example.com/api/messages/{message.id}",
            "sender": f"http://example.com/api/users/{ana.id}",
            "recipient": f"http://example.com/api/users/{bob.id}",
        },
    }


@pytest.mark.parametrize(
    "body, message",
    [
        ({"recipient_id": 999999, "body": "x"}, "recipient_id: No user has this id."),
        ({"recipient_id": 2**70, "body": "x"}, "recipient_id: No user has this id."),
        ({"recipient_id": 2**31, "body": "x"}, "recipient_id: No user has this id."),
        ({"recipient_id": -3, "body": "x"}, "recipient_id: No user has this id."),
        ({"recipient_id": "2", "body": "x"}, "recipient_id: must be an integer."),
        ({"recipient_id": 2.5, "body": "x"}, "recipient_id: must be an integer."),
        ({"recipient_id": True, "body": "x"}, "recipient_id: must be an integer."),
        ({"body": "x"}, "recipient_id: This field is required."),
        ({"recipient_id": "BOB"}, "recipient_id: must be an integer."),
    ],
)
def test_a_bad_recipient_is_a_400(api, dbsession, ana_auth, bob, body, message):
    response = api.post_json("/api/messages", body, headers=ana_auth, status=400)
    assert response.json == {"error": "Bad Request", "message": message}
    assert dbsession.scalar(select(Message)) is None


def test_a_bad_body_is_a_400(api, ana_auth, bob):
    response = send(api, ana_auth, bob.id, "y" * 141, status=400)
    assert response.json["message"] == "body: Must be at most 140 characters long."
    send(api, ana_auth, bob.id, " ", status=400)


def test_one_cannot_message_oneself(api, ana, ana_auth):
    response = send(api, ana_auth, ana.id, status=400)
    assert response.json["message"] == "recipient_id: You cannot send a message to yourself."


def test_the_inbox_lists_messages_received_newest_first(
    api, dbsession, ana, bob, ana_auth, bob_auth
):
    carol = make_user(dbsession, "carol")
    send(api, ana_auth, bob.id, "first")
    send(api, ana_auth, bob.id, "second")
    send(api, ana_auth, carol.id, "not for bob")
    send(api, bob_auth, ana.id, "sent by bob")
    data = api.get("/api/messages", headers=bob_auth).json
    assert [m["body"] for m in data["items"]] == ["second", "first"]
    assert data["_meta"]["total_items"] == 2


def test_reading_the_inbox_marks_messages_read(api, ana, bob, ana_auth, bob_auth):
    send(api, ana_auth, bob.id)
    assert bob.last_message_read_time is None
    api.get("/api/messages", headers=bob_auth)
    assert bob.last_message_read_time is not None


def test_sender_and_recipient_read_a_message_others_get_404(
    api, dbsession, ana, bob, ana_auth, bob_auth
):
    make_user(dbsession, "carol")
    carol_auth = bearer(token_for(api, "carol"))
    message_id = send(api, ana_auth, bob.id, "just between us").json["id"]
    for headers in (ana_auth, bob_auth):
        assert (
            api.get(f"/api/messages/{message_id}", headers=headers).json["body"]
            == "just between us"
        )
    hidden = api.get(f"/api/messages/{message_id}", headers=carol_auth, status=404)
    missing = api.get("/api/messages/999999", headers=carol_auth, status=404)
    assert hidden.json == missing.json


def test_messages_need_a_token(api, ana, bob):
    api.get("/api/messages", status=401)
    api.post_json("/api/messages", {"recipient_id": bob.id, "body": "x"}, status=401)
