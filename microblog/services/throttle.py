"""Throttles on the `limits` library, counted in the job queue's Redis.

Every web process and worker shares the counts, so a guesser gains nothing by being served
by several processes. The limits are the ``RATELIMIT_*`` settings, in the library's own
notation (``10 per 15 minutes``), over a moving window. A refusal is a
:class:`Throttled` error: a 429 with ``Retry-After`` (the site's page or the API's error
shape, by the one error path) and a line in the log.

When Redis cannot be reached the throttles let everything through, saying so in the log:
an outage of the queue must not lock everybody out of their accounts.
"""

import logging
import math
import time

import redis
from limits.storage import RedisStorage
from limits.strategies import MovingWindowRateLimiter
from zope.interface import implementer

from .embedded_redis import EmbeddedRedisError
from .interfaces import IThrottle
from .queue import BACKEND

log = logging.getLogger(__name__)

# the settings, by the names the views use
LOGIN_ACCOUNT = "microblog.ratelimit_login_account"
LOGIN_ADDRESS = "microblog.ratelimit_login_address"
REGISTER = "microblog.ratelimit_register"
POST = "microblog.ratelimit_post"
LIMITS = (LOGIN_ACCOUNT, LOGIN_ADDRESS, REGISTER, POST)
UNREACHABLE = (redis.exceptions.RedisError, OSError, EmbeddedRedisError)


class Throttled(Exception):
    """Too many tries: the next one is allowed in ``retry_after`` seconds."""

    def __init__(self, limit, retry_after):
        super().__init__(f"{limit}: retry after {retry_after} s")
        self.limit, self.retry_after = limit, retry_after


@implementer(IThrottle)
class RedisThrottle:
    """The throttles of one application, on its queue's Redis (connected on first use)."""

    def __init__(self, settings, backend):
        self.limits = {name: settings[name] for name in LIMITS}
        self.backend = backend
        self._limiter = None

    def limiter(self):
        if self._limiter is None:
            pool = self.backend.client().connection_pool
            storage = RedisStorage("redis://", connection_pool=pool, wrap_exceptions=False)
            self._limiter = MovingWindowRateLimiter(storage)
        return self._limiter

    def check(self, limit, *identity):
        allowed = self._ask(lambda limiter: limiter.test(self.limits[limit], limit, *identity))
        if not allowed:
            self._refuse(limit, identity)

    def spend(self, limit, *identity):
        allowed = self._ask(lambda limiter: limiter.hit(self.limits[limit], limit, *identity))
        if not allowed:
            self._refuse(limit, identity)

    def count(self, limit, *identity):
        self._ask(lambda limiter: limiter.hit(self.limits[limit], limit, *identity))

    def _ask(self, question):
        try:
            return question(self.limiter())
        except UNREACHABLE as error:
            log.warning("Throttles off for now: Redis cannot be reached (%s)", error)
            self._limiter = None
            return True

    def _refuse(self, limit, identity):
        retry_after = 1
        try:
            reset = self.limiter().get_window_stats(self.limits[limit], limit, *identity).reset_time
            retry_after = max(1, math.ceil(reset - time.time()))
        except UNREACHABLE:
            pass
        log.warning(
            "Throttled: %s for %s (%s); retry after %s s",
            limit.removeprefix("microblog.ratelimit_"),
            "/".join(str(part) for part in identity),
            self.limits[limit],
            retry_after,
        )
        raise Throttled(limit, retry_after)


def client_address(request):
    """The client's address as waitress saw it (``X-Forwarded-For`` counts only when the
    trusted proxy sent it: production.ini), never a header anyone could write."""
    return request.remote_addr or "unknown"


def spend(request, limit, *identity):
    """Count one try of ``request``'s client against ``limit`` (see :meth:`RedisThrottle.spend`)."""
    request.find_service(IThrottle).spend(limit, *(str(part) for part in identity))


def includeme(config):
    throttle = RedisThrottle(config.registry.settings, config.registry[BACKEND])
    config.register_service(throttle, IThrottle)
