"""``/notifications``: the poller's JSON, filtered by ``since``, for the signed-in user only."""

import time

import pytest

from microblog.models import add_notification

from ..support.factories import login

JSON = {"Accept": "application/json"}


def test_notifications_have_the_documented_shape(as_ana, ana):
    before = time.time()
    ana.add_notification("unread_message_count", 3)
    notes = as_ana.get("/notifications", headers=JSON).json
    assert len(notes) == 1
    note = notes[0]
    assert set(note) == {"name", "data", "timestamp"}
    assert (note["name"], note["data"]) == ("unread_message_count", 3)
    assert isinstance(note["timestamp"], float) and before <= note["timestamp"] <= time.time()


def test_the_answer_is_json_and_never_cached(as_ana):
    response = as_ana.get("/notifications")
    assert response.content_type == "application/json"
    assert response.json == []
    assert "no-store" in response.headers["Cache-Control"]


def test_since_keeps_only_newer_notifications_oldest_first(as_ana, ana):
    add_notification(ana, "task_progress", {"task_id": "t1", "progress": 40}, now=1000.5)
    add_notification(ana, "unread_message_count", 2, now=1002.25)
    add_notification(ana, "other", [1, "two"], now=1001.0)

    everything = as_ana.get("/notifications").json
    assert [n["timestamp"] for n in everything] == [1000.5, 1001.0, 1002.25]
    assert everything[0]["data"] == {"task_id": "t1", "progress": 40}

    newer = as_ana.get("/notifications", {"since": "1000.5"}).json
    assert [n["name"] for n in newer] == ["other", "unread_message_count"]
    assert as_ana.get("/notifications", {"since": "1002.25"}).json == []
    assert len(as_ana.get("/notifications", {"since": "-1"}).json) == 3


def test_a_new_notification_replaces_the_old_one_of_the_same_name(as_ana, ana):
    add_notification(ana, "task_progress", {"progress": 10}, now=10.0)
    add_notification(ana, "task_progress", {"progress": 90}, now=20.0)
    notes = as_ana.get("/notifications").json
    assert notes == [{"name": "task_progress", "data": {"progress": 90}, "timestamp": 20.0}]


def test_users_only_get_their_own_notifications(as_ana, bob):
    add_notification(bob, "unread_message_count", 5)
    assert as_ana.get("/notifications").json == []


@pytest.mark.parametrize("since", ["yesterday", "", "nan", "inf", "-inf", "1.2.3", "0x10"])
def test_a_bad_since_is_a_400_with_the_error_shape(as_ana, since):
    response = as_ana.get("/notifications", {"since": since}, status=400)
    assert response.json["error"] == "Bad Request"
    assert "since" in response.json["message"]


def test_a_bad_since_is_json_even_for_a_browser(as_ana):
    response = as_ana.get("/notifications?since=soon", status=400, headers={"Accept": "text/html"})
    assert set(response.json) == {"error", "message"}


def test_anonymous_browsers_are_sent_to_sign_in(testapp):
    response = testapp.get("/notifications?since=0", status=303)
    assert response.location == "http://example.com/login?next=%2Fnotifications%3Fsince%3D0"


def test_anonymous_scripts_get_a_json_error_and_no_notifications(testapp, ana):
    add_notification(ana, "unread_message_count", 1)
    response = testapp.get("/notifications", headers=JSON, status=401)
    assert response.json == {
        "error": "Unauthorized",
        "message": "Please log in to access this page.",
    }
    assert response.headers["WWW-Authenticate"] == 'Session realm="Microblog"'


def test_the_poller_is_on_every_page_for_signed_in_users_only(testapp, ana):
    anonymous = testapp.get("/login")
    assert not anonymous.html.select('script[src*="notifications.js"]')
    assert anonymous.html.find(id="message-count") is None
    login(testapp, "ana")
    script = testapp.get("/explore").html.select_one('script[src*="notifications.js"]')
    assert script["data-url"] == "http://example.com/notifications"
    assert script["data-interval"] == "10000"
