"""The export of a user's posts: ``posts.json`` mailed to them (tutorial chapter 22), with
everything else the account holds in a zip beside it (``archive``)."""

import json

from sqlalchemy import and_, func, or_, select

from ..i18n import _
from ..models import Post, isoformat
from ..services.interfaces import IMailService
from ..services.mail import render_mail
from . import task_job
from .archive import ARCHIVE_NAME, account_archive

BATCH = 200
# gathering the posts takes the progress to 99; the mail leaving completes the task
GATHERED = 99


@task_job
def export_posts(task, locale_name=None):
    """Gather every post of the task's user, oldest first, and mail them as ``posts.json``
    (``{"posts": [{"body", "timestamp"}, ...]}``) with a text and an HTML body in
    ``locale_name`` (the language they asked in; English when unknown)."""
    request, user = task.request, task.user
    task.set_progress(0)
    total = request.dbsession.scalar(
        select(func.count()).select_from(Post).where(Post.user_id == user.id)
    )
    posts = []
    for batch in _batches(request.dbsession, user.id):
        posts.extend(
            {"body": body, "timestamp": isoformat(timestamp)} for body, timestamp, _id in batch
        )
        task.set_progress(GATHERED * len(posts) // max(total, len(posts), 1))
    task.set_progress(GATHERED)

    data = json.dumps({"posts": posts}, ensure_ascii=False, indent=2).encode("utf-8")
    languages = request.registry.settings["microblog.languages"]
    locale_name = locale_name if locale_name in languages else "en"
    mail = render_mail(
        request,
        "export_posts",
        _("[Microblog] Your blog posts"),
        {"user": user, "count": len(posts)},
        locale_name=locale_name,
    )
    archive = account_archive(request.dbsession, user, posts)
    request.find_service(IMailService).send(
        [user.email],
        attachments=[
            ("posts.json", "application/json", data),
            (ARCHIVE_NAME, "application/zip", archive),
        ],
        **mail,
    )
    # the mail leaves when this commits, together with the task's completion
    task.set_progress(100)
    return len(posts)


def _batches(dbsession, user_id):
    """The user's posts as ``(body, timestamp, id)`` rows, oldest first, ``BATCH`` at a
    time: each batch is a query of its own (keyset pagination on the author's timestamp
    index), so that progress can be committed between them."""
    columns = select(Post.body, Post.timestamp, Post.id).where(Post.user_id == user_id)
    order = (Post.timestamp, Post.id)
    last = None
    while True:
        query = columns
        if last is not None:
            query = query.where(
                or_(
                    Post.timestamp > last.timestamp,
                    and_(Post.timestamp == last.timestamp, Post.id > last.id),
                )
            )
        rows = dbsession.execute(query.order_by(*order).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1]
        if len(rows) < BATCH:
            return
