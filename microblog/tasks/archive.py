"""Everything an account holds, as JSON files in a zip: what the export mails beside
``posts.json`` (the tutorial's file, kept as it is)."""

import io
import json
import zipfile

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from ..models import Message, User, followers, isoformat
from ..models.safety import blocks, mutes

ARCHIVE_NAME = "microblog-account.zip"


def _json(data):
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _names(dbsession, table, one, other, user_id):
    """The usernames on the other side of ``user_id``'s rows of ``table``."""
    return list(
        dbsession.scalars(
            select(User.username)
            .join(table, table.c[other] == User.id)
            .where(table.c[one] == user_id)
            .order_by(User.username)
        )
    )


def account_archive(dbsession, user, posts):
    """The zip's bytes: ``account.json`` (the profile), ``posts.json``, ``messages.json``
    (sent and received), ``follows.json`` (following and followers) and ``safety.json``
    (blocked and muted accounts)."""
    sender, recipient = aliased(User), aliased(User)
    messages = dbsession.execute(
        select(Message.body, Message.timestamp, sender.username, recipient.username)
        .join(sender, sender.id == Message.sender_id)
        .join(recipient, recipient.id == Message.recipient_id)
        .where(or_(Message.sender_id == user.id, Message.recipient_id == user.id))
        .order_by(Message.timestamp, Message.id)
    ).all()
    files = {
        "account.json": {
            "username": user.username,
            "email": user.email,
            "about_me": user.about_me,
            "created_at": isoformat(user.created_at),
            "last_seen": isoformat(user.last_seen),
            "two_factor": bool(user.totp_secret),
        },
        "posts.json": {"posts": posts},
        "messages.json": {
            "messages": [
                {"body": body, "timestamp": isoformat(at), "from": frm, "to": to}
                for body, at, frm, to in messages
            ]
        },
        "follows.json": {
            "following": _names(dbsession, followers, "follower_id", "followed_id", user.id),
            "followers": _names(dbsession, followers, "followed_id", "follower_id", user.id),
        },
        "safety.json": {
            "blocked": _names(dbsession, blocks, "blocker_id", "blocked_id", user.id),
            "muted": _names(dbsession, mutes, "muter_id", "muted_id", user.id),
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, _json(data))
    return buffer.getvalue()
