"""The job queue: RQ's ``microblog-tasks`` queue on Redis.

With ``REDIS_URL`` that server; without it the embedded Redis of ``VAR_DIR`` (see
:mod:`.embedded_redis`), started by the first process that needs it. A job is put on the
queue only once the transaction that asked for it has committed; one that cannot be put
there then is logged and announced with a :class:`JobNotQueued` event, so that whoever
was waiting for it hears of the failure.
"""

import logging
import threading
import uuid

import redis
import rq
from redis.backoff import NoBackoff
from redis.retry import Retry
from zope.interface import implementer

from .embedded_redis import EmbeddedRedis, EmbeddedRedisError
from .interfaces import IQueue

log = logging.getLogger(__name__)

QUEUE_NAME = "microblog-tasks"
BACKEND = "microblog.queue.backend"
# a page must not hang on an unreachable Redis
CONNECT_TIMEOUT = 2
SOCKET_TIMEOUT = 5


class QueueUnavailable(Exception):
    """Redis cannot be reached right now: no job can be queued."""


class JobNotQueued:
    """Event: the job ``job_id`` was promised by a committed transaction but could not be
    queued (Redis went away in between)."""

    def __init__(self, registry, job_id, function_path, error):
        self.registry, self.job_id = registry, job_id
        self.function_path, self.error = function_path, error


class RedisBackend:
    """The Redis connection of one application (one per process), made on first use.

    With the embedded server a lost connection is retried once after making sure the
    server runs, so that a server killed meanwhile is replaced.
    """

    def __init__(self, settings):
        self.redis_url = settings["microblog.redis_url"]
        self.embedded = None if self.redis_url else EmbeddedRedis(settings["microblog.var_dir"])
        self._client = None
        self._lock = threading.Lock()

    @property
    def description(self):
        return self.redis_url or self.embedded.url

    def client(self):
        """The shared client, with short timeouts (for requests)."""
        with self._lock:
            if self._client is None:
                # one quick retry: a page must not wait through a long backoff
                self._client = self.new_client(
                    socket_timeout=SOCKET_TIMEOUT, retry=Retry(NoBackoff(), 1)
                )
            return self._client

    def new_client(self, **options):
        """A client of its own (a worker's: RQ sets the timeouts its blocking reads need)."""
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT)
        if self.embedded is not None:
            self.embedded.ensure_running()
            return self.embedded.client(**options)
        return redis.Redis.from_url(self.redis_url, **options)

    def call(self, operation):
        """``operation(client)``; errors become :class:`QueueUnavailable`."""
        try:
            try:
                return operation(self.client())
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
                if self.embedded is None:
                    raise
                self.embedded.ensure_running()
                return operation(self.client())
        except (redis.exceptions.RedisError, OSError, EmbeddedRedisError) as error:
            raise QueueUnavailable(f"Redis at {self.description}: {error}") from error

    def queue(self, client):
        return rq.Queue(QUEUE_NAME, connection=client)


@implementer(IQueue)
class JobQueue:
    """RQ's ``microblog-tasks`` queue, seen from one request (or job)."""

    def __init__(self, request, backend):
        self.request, self.backend = request, backend

    def check(self):
        """Raise :class:`QueueUnavailable` unless Redis answers right now."""
        self.backend.call(lambda client: client.ping())

    @property
    def available(self):
        """False when Redis cannot be reached right now (for ``/healthz``: one ping, and
        it never starts the embedded server, which is up once a worker or a job needed it)."""
        if self.backend.embedded is not None:
            return self.backend.embedded.answers()
        try:
            self.check()
        except QueueUnavailable:
            return False
        return True

    def enqueue(self, function_path, *args, job_id=None, timeout=None):
        """Queue ``function_path(*args)`` once the current transaction commits; return the
        job id (``job_id`` if given)."""
        job_id = job_id or str(uuid.uuid4())
        self.request.tm.get().addAfterCommitHook(
            self._after_commit, args=(function_path, args, job_id, timeout)
        )
        return job_id

    def _after_commit(self, committed, function_path, args, job_id, timeout):
        if not committed:
            return
        try:
            self.backend.call(
                lambda client: self.backend.queue(client).enqueue_call(
                    function_path, args=args, job_id=job_id, timeout=timeout
                )
            )
        except QueueUnavailable as error:
            log.error("Could not queue job %s (%s): %s", job_id, function_path, error)
            self.request.registry.notify(
                JobNotQueued(self.request.registry, job_id, function_path, error)
            )
        else:
            log.info("Queued job %s: %s", job_id, function_path)


def includeme(config):
    backend = RedisBackend(config.registry.settings)
    config.registry[BACKEND] = backend
    config.register_service_factory(lambda context, request: JobQueue(request, backend), IQueue)
