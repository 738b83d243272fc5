"""What every database must keep of a value: MySQL and MariaDB drop it unless told."""

from datetime import datetime

from sqlalchemy import select

from microblog.models import Notification, Post

from ..support.factories import make_user


def test_timestamps_keep_their_microseconds(dbsession):
    ana = make_user(dbsession, "ana")
    moment = datetime(2026, 11, 24, 21, 30, 15, 123456)
    dbsession.add(Post(body="precise", author=ana, timestamp=moment, language="en"))
    dbsession.flush()
    dbsession.expire_all()
    assert dbsession.scalar(select(Post.timestamp).where(Post.body == "precise")) == moment


def test_unix_times_keep_sub_second_precision(dbsession):
    ana = make_user(dbsession, "ana")
    when = 1_795_000_000.123456
    dbsession.add(
        Notification(name="unread_message_count", user_id=ana.id, timestamp=when, payload_json="3")
    )
    dbsession.flush()
    dbsession.expire_all()
    stored = dbsession.scalar(select(Notification.timestamp).where(Notification.user_id == ana.id))
    assert abs(stored - when) < 1e-5
