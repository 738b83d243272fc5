"""Jobs and helpers for the background task tests."""

import os
import signal
import time
from contextlib import contextmanager

from sqlalchemy import event

from microblog.models import Notification
from microblog.tasks import task_job


@task_job
def explode(task):
    """A job that fails halfway."""
    task.set_progress(10)
    raise RuntimeError("the job broke on purpose")


@task_job
def die(task):
    """A job whose work horse is killed (as by the out-of-memory killer)."""
    task.set_progress(5)
    os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def recorded_progress():
    """Every ``task_progress`` payload written in this process while the block runs."""
    payloads = []

    def record(mapper, connection, notification):
        if notification.name == "task_progress":
            payloads.append(notification.get_data())

    event.listen(Notification, "after_insert", record)
    try:
        yield payloads
    finally:
        event.remove(Notification, "after_insert", record)


def wait_until(condition, timeout=30, interval=0.05):
    """Poll ``condition()`` until it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {condition}"
        time.sleep(interval)
    return result
