"""The export of a user's posts: ``posts.json`` mailed to them (tutorial chapter 22), with
everything else the account holds in a zip beside it (``archive``)."""

import json
import secrets
import tempfile
import time
import zipfile
from urllib.parse import quote

from sqlalchemy import and_, func, or_, select

from ..i18n import _
from ..models import Media, Post, isoformat
from ..models.media import READY
from ..services.interfaces import IMailService, IMediaStorage
from ..services.mail import render_mail
from . import task_job
from .archive import ARCHIVE_NAME, account_archive

BATCH = 200
# a mail carries an archive up to this size (many servers take 10 to 25 MB, and base64
# makes it a third larger); a larger one is offered as a download for a day
ATTACHMENT_LIMIT = 10 * 1024 * 1024
DOWNLOAD_LIFETIME = 24 * 3600
EXPORTS = "exports/"
# gathering the posts takes the progress to 99; the mail leaving completes the task
GATHERED = 99


@task_job
def export_posts(task, locale_name=None, site_url=None):
    """Gather every post of the task's user, oldest first, and mail them as ``posts.json``
    (``{"posts": [{"body", "timestamp"}, ...]}``) with a text and an HTML body in
    ``locale_name`` (the language they asked in; English when unknown).

    A post with pictures names them (``"media": [{"file", "description"}]``); the mail then
    attaches ``posts.zip`` (``posts.json`` and a ``media/`` folder) when it fits in a mail,
    or else links to it (``site_url``: the site as the user saw it), for a day.
    """
    request, user = task.request, task.user
    storage = request.find_service(IMediaStorage)
    storage.delete_older_than(EXPORTS, DOWNLOAD_LIFETIME)
    task.set_progress(0)
    total = request.dbsession.scalar(
        select(func.count()).select_from(Post).where(Post.user_id == user.id)
    )
    posts, files = [], {}
    for batch in _batches(request.dbsession, user.id):
        pictures = _pictures_of(request.dbsession, [row.id for row in batch])
        for body, timestamp, post_id in batch:
            entry = {"body": body, "timestamp": isoformat(timestamp)}
            if post_id in pictures:
                entry["media"] = []
                for media in pictures[post_id]:
                    name = f"media/{media.id}.webp"
                    files[name] = media.display_key
                    entry["media"].append({"file": name, "description": media.description})
            posts.append(entry)
        task.set_progress(GATHERED * len(posts) // max(total, len(posts), 1))
    task.set_progress(GATHERED)

    data = json.dumps({"posts": posts}, ensure_ascii=False, indent=2).encode("utf-8")
    archive, download_url = ("posts.json", "application/json", data), None
    if files:
        archive = ("posts.zip", "application/zip", _zip(storage, data, files))
        if len(archive[2]) > ATTACHMENT_LIMIT:
            download_url = _offer_download(request, storage, user, archive[2], site_url)
    languages = request.registry.settings["microblog.languages"]
    locale_name = locale_name if locale_name in languages else "en"
    mail = render_mail(
        request,
        "export_posts",
        _("[Microblog] Your blog posts"),
        {
            "user": user,
            "count": len(posts),
            "archive": archive[0],
            "download_url": download_url,
        },
        locale_name=locale_name,
    )
    attachments = [] if download_url else [archive]
    # everything else the account holds, beside the posts
    account = account_archive(request.dbsession, user, posts)
    attachments.append((ARCHIVE_NAME, "application/zip", account))
    request.find_service(IMailService).send([user.email], attachments=attachments, **mail)
    # the mail leaves when this commits, together with the task's completion
    task.set_progress(100)
    return len(posts)


def _pictures_of(dbsession, post_ids):
    """``{post id: [Media, ...]}`` of the ready pictures of ``post_ids``, in their order."""
    rows = dbsession.scalars(
        select(Media)
        .where(Media.post_id.in_(post_ids), Media.state == READY)
        .order_by(Media.post_id, Media.position)
    )
    found = {}
    for media in rows:
        found.setdefault(media.post_id, []).append(media)
    return found


def _zip(storage, posts_json, files):
    """``posts.json`` and the pictures (already compressed: stored as they are)."""
    with tempfile.SpooledTemporaryFile(max_size=ATTACHMENT_LIMIT) as out:
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("posts.json", posts_json, compress_type=zipfile.ZIP_DEFLATED)
            for name, key in files.items():
                try:
                    archive.writestr(name, storage.get(key), compress_type=zipfile.ZIP_STORED)
                except KeyError:
                    continue  # removed meanwhile with its post
        out.seek(0)
        return out.read()


def _offer_download(request, storage, user, data, site_url):
    """Store the archive for a day; the URL of ``GET /user/{name}/export/{file}``."""
    expires = int(time.time()) + DOWNLOAD_LIFETIME
    name = f"{user.id}-{expires}-{secrets.token_hex(16)}.zip"
    storage.put(EXPORTS + name, data, "application/zip")
    base = (site_url or request.application_url).rstrip("/")
    return f"{base}/user/{quote(user.username)}/export/{name}"


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
