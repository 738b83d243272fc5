"""Private messages, unread counts and notifications, on the models alone."""

from datetime import timedelta

from sqlalchemy import select

from microblog.models import Message, Notification, add_notification, utcnow

from ..support.factories import make_user


def notifications_of(dbsession, user):
    query = select(Notification).where(Notification.user_id == user.id)
    return [(n.name, n.get_data()) for n in dbsession.scalars(query)]


def test_sending_a_message_raises_the_recipients_unread_count(dbsession, ana, bob):
    message = ana.send_message(bob, "Hi Bob")
    assert (message.sender_id, message.recipient_id, message.body) == (ana.id, bob.id, "Hi Bob")
    assert bob.unread_message_count() == 1
    assert ana.unread_message_count() == 0
    ana.send_message(bob, "Again")
    assert notifications_of(dbsession, bob) == [("unread_message_count", 2)]


def test_only_messages_after_the_last_reading_are_unread(dbsession, ana, bob):
    now = utcnow()
    dbsession.add_all(
        [
            Message(
                sender_id=ana.id,
                recipient_id=bob.id,
                body="old",
                timestamp=now - timedelta(hours=2),
            ),
            Message(
                sender_id=ana.id,
                recipient_id=bob.id,
                body="new",
                timestamp=now - timedelta(minutes=5),
            ),
        ]
    )
    bob.last_message_read_time = now - timedelta(hours=1)
    dbsession.flush()
    assert bob.unread_message_count() == 1


def test_reading_the_inbox_resets_the_count_and_says_so(dbsession, ana, bob):
    ana.send_message(bob, "Hi")
    bob.mark_messages_read()
    dbsession.flush()
    assert bob.unread_message_count() == 0
    assert notifications_of(dbsession, bob) == [("unread_message_count", 0)]


def test_a_notification_replaces_only_its_own_name_for_its_own_user(dbsession, ana, bob):
    add_notification(ana, "task_progress", {"task_id": "a", "progress": 10})
    add_notification(ana, "unread_message_count", 1)
    add_notification(bob, "task_progress", {"task_id": "b", "progress": 50})
    latest = ana.add_notification("task_progress", {"task_id": "a", "progress": 100})
    dbsession.flush()
    assert sorted(notifications_of(dbsession, ana)) == [
        ("task_progress", {"task_id": "a", "progress": 100}),
        ("unread_message_count", 1),
    ]
    assert notifications_of(dbsession, bob) == [("task_progress", {"task_id": "b", "progress": 50})]
    assert isinstance(latest.timestamp, float)


def test_notifications_work_in_a_plain_session_outside_any_request(app):
    """As a background job uses them: its own session, committed by the caller."""
    session = app.registry["dbsession_factory"]()
    try:
        user = make_user(session, "worker_user")
        add_notification(user, "task_progress", {"task_id": "x", "progress": 5}, now=42.0)
        session.flush()
        note = session.scalars(Notification.for_user_since(user.id, 0)).one()
        assert note.as_dict() == {
            "name": "task_progress",
            "data": {"task_id": "x", "progress": 5},
            "timestamp": 42.0,
        }
    finally:
        session.rollback()
        session.close()
