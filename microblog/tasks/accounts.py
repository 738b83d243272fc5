"""Removing the accounts whose owners asked for it, once the grace period is over."""

import logging
from datetime import timedelta

from pyramid.scripting import prepare
from sqlalchemy import select

from ..ingress import offline_request
from ..models import ReservedUsername, User, utcnow

log = logging.getLogger(__name__)
# accounts removed per transaction: a long backlog is worked through in small commits
BATCH = 20
# what else an account owns outside the database (the pictures' files, ...): callables of
# (request, user) run just before its row goes; areas append theirs in their includeme
BEFORE_REMOVAL = "microblog.before_account_removal"


def remove_due_accounts(registry, now=None):
    """Remove every account asked to be deleted more than ``DELETION_GRACE_DAYS`` ago: its
    row goes, and with it (by the foreign keys' cascades) its posts, messages, follows,
    blocks, notifications, tasks and sessions; its username stays reserved. Returns the
    usernames removed."""
    days = registry.settings["microblog.deletion_grace_days"]
    due = (now or utcnow()) - timedelta(days=days)
    removed = []
    while True:
        with prepare(request=offline_request(registry), registry=registry) as env:
            request = env["request"]
            with request.tm:
                users = request.dbsession.scalars(
                    select(User)
                    .where(User.deletion_requested_at <= due)
                    .order_by(User.id)
                    .limit(BATCH)
                ).all()
                for user in users:
                    remove_account(request, user)
                    removed.append(user.username)
        if len(users) < BATCH:
            break
    if removed:
        log.info("Removed %d accounts after their grace period: %s", len(removed), removed)
    return removed


def remove_account(request, user):
    for hook in request.registry.get(BEFORE_REMOVAL, []):
        hook(request, user)
    dbsession = request.dbsession
    if dbsession.get(ReservedUsername, user.username.lower()) is None:
        dbsession.add(ReservedUsername(username=user.username.lower()))
    dbsession.delete(user)
    dbsession.flush()
