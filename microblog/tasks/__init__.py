"""Background tasks: launching them for a user, and running their jobs in a worker.

A task is a ``task`` row (its id is the RQ job id) and a job on the queue. A view calls
:func:`launch_task`; the job is queued once the view's transaction has committed. The
worker (``microblog worker CONFIG``) runs each job function, decorated with
:func:`task_job`, on a fresh request of the application bootstrapped from the same ini,
inside a transaction of its own. Progress reaches the user as ``task_progress``
notifications ``{"task_id", "progress"}`` (0 to 100); a task that fails ends complete with
``"failed": true`` in its last notification, so that nothing stays "in progress" forever.
"""

import contextlib
import contextvars
import functools
import json
import logging
import uuid
from dataclasses import dataclass

from pyramid.scripting import prepare
from rq import get_current_job
from sqlalchemy import select

from ..i18n import _
from ..ingress import offline_request
from ..models import Task, User, add_notification
from ..models.task import TASK_PROGRESS
from ..services.interfaces import IQueue
from ..services.queue import JobNotQueued

log = logging.getLogger(__name__)

_registry = contextvars.ContextVar("microblog.tasks.registry", default=None)


# launching -------------------------------------------------------------------------------
def launch_task(request, user, job, description, *args):
    """Start ``job(*args)`` for ``user`` once this request's transaction commits.

    Returns the new :class:`Task`, or None when the user already has a task of that kind in
    progress. Raises ``QueueUnavailable`` (having written nothing) when the queue cannot
    take jobs right now. ``description`` is a translation string, shown while it runs.
    """
    queue = request.find_service(IQueue)
    queue.check()
    dbsession = request.dbsession
    # one launch per user at a time: requests racing to start a task wait for each other on
    # the user's row; the tasks are then read with a locking read, which sees the latest
    # committed rows whatever the isolation level (MariaDB's repeatable read included)
    dbsession.execute(select(User.id).where(User.id == user.id).with_for_update())
    in_progress = Task.in_progress(user.id, job.task_name).limit(1).with_for_update()
    if dbsession.scalar(in_progress) is not None:
        return None
    task = Task(
        id=str(uuid.uuid4()),
        name=job.task_name,
        description=str(description),
        user_id=user.id,
        complete=False,
    )
    dbsession.add(task)
    dbsession.flush()
    queue.enqueue(job.path, *args, job_id=task.id, timeout=job.timeout)
    return task


@dataclass
class TaskProgress:
    """A task in progress and how far it got, for the pages."""

    task: Task
    progress: int


def tasks_in_progress(request):
    """The signed-in user's tasks in progress, with their last reported progress (one
    query; ``request.tasks_in_progress``)."""
    user = request.user
    # the count kept on the user's row spares every page the query when there are none
    if user is None or not user.active_task_count:
        return []
    rows = request.dbsession.execute(Task.in_progress_with_progress(user.id))
    return [TaskProgress(task, _reported_progress(task, payload)) for task, payload in rows]


def _reported_progress(task, payload):
    try:
        data = json.loads(payload) if payload else {}
        if data.get("task_id") == task.id:
            return max(0, min(100, int(data.get("progress", 0))))
    except (ValueError, TypeError, AttributeError):
        pass
    return 0


def notify_progress(user, task_id, progress, failed=False):
    """The user's ``task_progress`` notification (it replaces the previous one)."""
    data = {"task_id": task_id, "progress": progress}
    if failed:
        data["failed"] = True
    return add_notification(user, TASK_PROGRESS, data)


# running ---------------------------------------------------------------------------------
@contextlib.contextmanager
def running_for(registry):
    """Jobs called inside this block run in ``registry``'s application (the worker's)."""
    token = _registry.set(registry)
    try:
        yield
    finally:
        _registry.reset(token)


class RunningTask:
    """A task as its job sees it: the request, the task row, its user, progress reports."""

    def __init__(self, request, task, user):
        self.request, self.task, self.user = request, task, user
        self.progress = None

    @property
    def id(self):
        return self.task.id

    def set_progress(self, progress):
        """Tell the user how far the task got (0 to 100) and commit, so that their pages
        see it now; 100 completes the task. Repeating the last value does nothing."""
        progress = max(0, min(100, int(progress)))
        if progress == self.progress:
            return
        self.progress = progress
        notify_progress(self.user, self.task.id, progress)
        if progress >= 100:
            self.task.complete = True
        self.checkpoint()

    def checkpoint(self):
        """Commit the work so far (mail queued so far leaves) and go on in a new
        transaction."""
        tm = self.request.tm
        tm.commit()
        tm.begin()
        # the commit closed the session: bring the task and its user back (no query)
        self.request.dbsession.add_all([self.task, self.user])


def task_job(function=None, *, timeout=600):
    """Make ``function(task, *args)`` a task's job, for :func:`launch_task`.

    The worker calls it with the job's ``args``; it runs on a fresh request of the worker's
    application inside ``with request.tm:``, and gets a :class:`RunningTask`. A job that
    raises is logged with its traceback, its task ends as failed and its user is told; the
    exception goes on to RQ, which keeps the job among the failed ones.
    """
    if function is None:
        return functools.partial(task_job, timeout=timeout)

    @functools.wraps(function)
    def job(*args):
        registry = _registry.get()
        if registry is None:
            raise RuntimeError(f"{job.path} runs in a worker: microblog worker CONFIG")
        task_id = get_current_job().id
        with prepare(request=offline_request(registry), registry=registry) as env:
            request = env["request"]
            try:
                with request.tm:
                    running = _start(request, task_id)
                    if running is None:
                        return None
                    result = function(running, *args)
                    if not running.task.complete:
                        running.set_progress(100)
                    return result
            except Exception:
                log.exception("Task %s (%s) failed", task_id, job.task_name)
                fail_task(registry, task_id)
                raise

    job.task_name = function.__name__
    job.path = f"{function.__module__}.{function.__qualname__}"
    job.timeout = timeout
    return job


def app_job(function):
    """Make ``function(request, *args)`` a job without a task (nobody watches it): the
    worker runs it on a fresh request of its application inside ``with request.tm:``.
    Queue it with ``request.find_service(IQueue).enqueue(job_path, *args)``."""

    @functools.wraps(function)
    def job(*args):
        registry = _registry.get()
        if registry is None:
            raise RuntimeError(f"{job.path} runs in a worker: microblog worker CONFIG")
        with prepare(registry=registry) as env:
            request = env["request"]
            with request.tm:
                return function(request, *args)

    job.path = f"{function.__module__}.{function.__qualname__}"
    return job


def _start(request, task_id):
    task = request.dbsession.get(Task, task_id)
    if task is None or task.complete:
        # its user was deleted, or it was ended as failed meanwhile
        log.warning("Task %s is gone or over: nothing to do", task_id)
        return None
    return RunningTask(request, task, request.dbsession.get(User, task.user_id))


def fail_task(registry, task_id):
    """End a task as failed and tell its user, in a transaction of its own. False when the
    task had ended already (or does not exist)."""
    with prepare(request=offline_request(registry), registry=registry) as env:
        request = env["request"]
        with request.tm:
            task = request.dbsession.get(Task, task_id)
            if task is None or task.complete:
                return False
            task.complete = True
            user = request.dbsession.get(User, task.user_id)
            notify_progress(user, task.id, 100, failed=True)
    log.warning("Task %s (%s) ended as failed", task_id, task.name)
    return True


def job_not_queued(event):
    """A task whose job could not be queued after its commit has failed."""
    fail_task(event.registry, event.job_id)


def includeme(config):
    config.add_request_method(tasks_in_progress, "tasks_in_progress", reify=True)
    config.add_subscriber(job_not_queued, JobNotQueued)
    config.add_js_messages(
        export_posts_done=_("Your posts have been exported: check your email for the file."),
        export_posts_failed=_("Sorry, the export of your posts failed. Please try again later."),
    )
