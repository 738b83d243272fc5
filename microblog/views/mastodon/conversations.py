"""``/api/v1/conversations``: the caller's private messages, one conversation per person,
the latest message first. A message is shown as a ``direct`` status whose id is
``m{message id}``; ``POST /api/v1/statuses`` with ``visibility=direct`` sends one."""

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ...models import Message, isoformat
from ...resources.mastodon import Conversations
from ...security import Permission
from . import entities, mastodon_view
from .paging import limit

# how many recent messages the list of conversations is made from
RECENT = 500


def message_status(request, message, sender, recipient):
    url = request.resource_url(request.root, "messages")
    return {
        **dict.fromkeys(("in_reply_to_id", "in_reply_to_account_id", "reblog", "poll")),
        "id": f"m{message.id}",
        "uri": url,
        "url": url,
        "created_at": isoformat(message.timestamp),
        "edited_at": None,
        "account": entities.account(request, sender),
        "content": entities.paragraph(entities.escape(message.body)),
        "text": None,
        "visibility": "direct",
        "sensitive": False,
        "spoiler_text": "",
        "media_attachments": [],
        "application": None,
        "mentions": [
            {
                "id": str(recipient.id),
                "username": recipient.username,
                "acct": recipient.username,
                "url": entities.user_url(request, recipient.username),
            }
        ],
        "tags": [],
        "emojis": [],
        "reblogs_count": 0,
        "favourites_count": 0,
        "replies_count": 0,
        "card": None,
        "language": None,
        "favourited": False,
        "reblogged": False,
        "muted": False,
        "bookmarked": False,
        "pinned": False,
        "filtered": [],
    }


@mastodon_view(
    context=Conversations,
    request_method="GET",
    permission=Permission.VIEW,
    scope="read:statuses",
)
def conversations(context, request):
    me, session = request.user, request.dbsession
    recent = session.scalars(
        select(Message)
        .options(joinedload(Message.sender), joinedload(Message.recipient))
        .where(or_(Message.sender_id == me.id, Message.recipient_id == me.id))
        .order_by(Message.timestamp.desc(), Message.id.desc())
        .limit(RECENT)
    ).unique()
    read_until = me.last_message_read_time
    shown, seen = [], set()
    for message in recent:
        other = message.recipient if message.sender_id == me.id else message.sender
        if other.id in seen:
            continue
        seen.add(other.id)
        unread = message.recipient_id == me.id and (
            read_until is None or message.timestamp > read_until
        )
        shown.append(
            {
                "id": str(other.id),
                "unread": unread,
                "accounts": [entities.account(request, other)],
                "last_status": message_status(request, message, message.sender, message.recipient),
            }
        )
        if len(shown) >= limit(request):
            break
    return shown
