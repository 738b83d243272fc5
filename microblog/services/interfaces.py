"""The interfaces of the services; each has backends chosen by a setting."""

from zope.interface import Attribute, Interface


class IMailService(Interface):
    """Sends mail after the current transaction commits (never inside a failed one)."""

    def send(recipients, subject, text_body, html_body=None, attachments=()):
        """Queue a message; ``attachments`` are ``(filename, content_type, bytes)``."""


class SearchUnavailable(Exception):
    """The search index cannot be read right now (missing, broken, or its database down)."""


class ISearch(Interface):
    """Full-text search over posts: answering queries."""

    available = Attribute("False when the index cannot be used right now")

    def query(text, page, per_page):
        """Return ``(post ids in rank order, total number of matches)``; raise
        ``SearchUnavailable`` when the index cannot answer."""


class ISearchIndexer(Interface):
    """Keeps the search index in step with the posts in the database."""

    def refresh(post_ids):
        """Make the index agree with the database about ``post_ids``: add, replace or drop
        each one (called after their transaction commits, and for ids a search found gone)."""

    def rebuild(progress=None):
        """Rebuild the whole index from the database; ``progress(n)`` hears of each batch
        of ``n`` posts. Return the number of posts indexed."""


class ITranslator(Interface):
    """Translates short texts between languages."""

    def translate(text, source_language, dest_language):
        """Return the translation, or raise ``TranslationError`` with a readable message."""


class IQueue(Interface):
    """The background job queue (RQ on Redis)."""

    available = Attribute(
        "False when the queue's Redis cannot be reached right now (one ping, with a short timeout)"
    )

    def check():
        """Raise ``QueueUnavailable`` unless the queue can take jobs right now."""

    def enqueue(function_path, *args, job_id=None, timeout=None):
        """Queue a job after the transaction commits; return its id.

        A job that cannot be queued at commit is logged and announced with a
        ``JobNotQueued`` event (``microblog.services.queue``)."""


class StorageUnavailable(Exception):
    """The pictures' storage cannot be written or read right now (a full disk, S3 down)."""


class IMediaStorage(Interface):
    """Where uploaded pictures and exports are kept: a folder, or an S3 bucket.

    Keys are ``/``-separated paths; files under ``images/`` and ``avatars/`` are public
    (their URLs are long and random, and never change), the rest (``incoming/`` uploads
    waiting for a worker, ``exports/``) are not.
    """

    def put(key, data, content_type):
        """Store ``data`` (bytes) under ``key``, replacing nothing (keys are new); raise
        ``StorageUnavailable`` when it cannot be stored."""

    def get(key):
        """The bytes stored under ``key``; ``KeyError`` when there are none."""

    def stream(key):
        """``(iterable of bytes, length)`` of what is stored under ``key`` (``KeyError``)."""

    def delete(keys):
        """Remove what is stored under each of ``keys`` (missing ones are no error)."""

    def delete_older_than(prefix, seconds):
        """Remove what was stored under ``prefix`` more than ``seconds`` ago."""

    def url(request, key):
        """The public URL of ``key``."""


class IThrottle(Interface):
    """How often a client may try something (sign in, register, post), counted where every
    process sees the same counts."""

    def check(limit, *identity):
        """Raise ``Throttled`` if ``identity`` (an account, an address) has used up ``limit``
        (one of the ``RATELIMIT_*`` names) already, without counting this try."""

    def spend(limit, *identity):
        """Count one try against ``limit``; raise ``Throttled`` if there was none left."""

    def count(limit, *identity):
        """Count one try against ``limit`` (a failed sign-in), without refusing it."""
