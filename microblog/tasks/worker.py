"""RQ workers that run Microblog's jobs in an application bootstrapped once.

``microblog worker CONFIG`` builds the application from the ini (settings, database,
mailer, templates) and hands its registry to :class:`AppWorker`; each job then runs on a
fresh request of that application (see :func:`microblog.tasks.task_job`). Besides running
jobs, the worker ends the tasks whose job will never complete them: a work horse that died
(killed, out of memory), a job RQ gave up on, or a job Redis lost.
"""

import logging

from pyramid.scripting import prepare
from rq import SimpleWorker, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import select

from ..ingress import offline_request
from ..models import Task
from ..services.mail import deliver_due
from ..services.queue import BACKEND, QUEUE_NAME
from . import fail_task, running_for
from .accounts import remove_due_accounts

log = logging.getLogger(__name__)

LOST = "Could not check the tasks in progress against the queue"
OUTBOX = "Could not retry the mails of the outbox"
REMOVALS = "Could not remove the accounts due for removal"
MAINTENANCE_INTERVAL = 30
# a job in one of these states will never complete its task
ENDED_BADLY = {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}


class AppWorkerMixin:
    """Runs jobs in the application of ``registry``; ends the tasks of jobs that died."""

    def __init__(self, *args, registry, **kwargs):
        super().__init__(*args, **kwargs)
        self.registry = registry
        self._missing = set()
        self._in_maintenance, self._stop_after_maintenance = False, None

    def perform_job(self, job, queue, execution):
        with running_for(self.registry):
            return super().perform_job(job, queue, execution)

    def main_work_horse(self, job, queue):
        # the forked horse must not share the parent's database connections
        self.registry["dbengine"].dispose(close=False)
        return super().main_work_horse(job, queue)

    def handle_work_horse_killed(self, job, retpid, ret_val, rusage):
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        log.error("The work horse of job %s died (status %s): its task fails", job.id, ret_val)
        fail_task(self.registry, job.id)

    def run_maintenance_tasks(self):
        # RQ stops an idle worker by raising StopRequested from its signal handler,
        # wherever the worker is; inside database work it could be swallowed (a pool
        # resetting a connection logs what interrupted it and goes on), and the worker would
        # never stop. During the chores a stop is noted, and it happens once they are done.
        self._in_maintenance, self._stop_after_maintenance = True, None
        try:
            super().run_maintenance_tasks()
            for chore, failure in (
                (lambda: end_lost_tasks(self.registry, self.connection, self._missing), LOST),
                (lambda: deliver_due(self.registry), OUTBOX),
                (lambda: remove_due_accounts(self.registry), REMOVALS),
            ):
                try:
                    chore()
                except Exception:
                    log.exception(failure)
        finally:
            self._in_maintenance = False
        if self._stop_after_maintenance is not None:
            super().request_stop(self._stop_after_maintenance, None)

    def request_stop(self, signum, frame):
        # (a second signal does not wait: it stops the worker as RQ always does)
        if self._in_maintenance and self._stop_after_maintenance is None:
            self._stop_after_maintenance = signum
            return
        super().request_stop(signum, frame)


class AppWorker(AppWorkerMixin, Worker):
    """Forks a work horse per job (``microblog worker``)."""


class AppSimpleWorker(AppWorkerMixin, SimpleWorker):
    """Runs each job in its own process, without forking (tests, debugging)."""


def make_worker(registry, worker_class=AppWorker, **options):
    """A worker on the ``microblog-tasks`` queue of the application's Redis."""
    connection = registry[BACKEND].new_client()
    # an idle worker wakes up (and runs its maintenance: the outbox's retries) this often
    options.setdefault("maintenance_interval", MAINTENANCE_INTERVAL)
    options.setdefault("worker_ttl", MAINTENANCE_INTERVAL + 15)
    return worker_class([QUEUE_NAME], connection=connection, registry=registry, **options)


def end_lost_tasks(registry, connection, suspects):
    """End as failed every task in progress whose job will never complete it: one that
    failed or was stopped, or one Redis no longer has. A job is queued just after its task
    commits, so a missing job is only lost when it is still missing on the next round:
    ``suspects`` keeps the ids from one round to the next. Returns the ids ended now."""
    with prepare(request=offline_request(registry), registry=registry) as env:
        request = env["request"]
        with request.tm:
            task_ids = request.dbsession.scalars(
                select(Task.id).where(Task.complete.is_(False))
            ).all()
    ended, missing = [], set()
    for task_id in task_ids:
        try:
            status = Job.fetch(task_id, connection=connection).get_status()
        except NoSuchJobError:
            status = None
        if status in ENDED_BADLY or (status is None and task_id in suspects):
            if fail_task(registry, task_id):
                ended.append(task_id)
        elif status is None:
            missing.add(task_id)
    suspects.clear()
    suspects.update(missing)
    return ended
