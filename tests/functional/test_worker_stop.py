"""A worker told to stop while it does its chores stops, whatever the signal interrupted."""

import contextlib
import os
import signal

from rq import Queue

import microblog.tasks.worker
from microblog.services.queue import BACKEND
from microblog.tasks.worker import QUEUE_NAME, AppSimpleWorker, make_worker


def test_a_stop_that_arrives_during_the_chores_is_not_lost(make_app, monkeypatch):
    app = make_app()
    queue = Queue(QUEUE_NAME, connection=app.registry[BACKEND].new_client())
    job = queue.enqueue("builtins.print", "a job the stopped worker must leave alone")

    def interrupted_chore(registry):
        # Ctrl-C while the chore waits on a database, and what a pool resetting a
        # connection does with what interrupted it: logs it and goes on
        with contextlib.suppress(Exception):
            os.kill(os.getpid(), signal.SIGINT)
        return 0

    monkeypatch.setattr(microblog.tasks.worker, "deliver_due", interrupted_chore)
    worker = make_worker(app.registry, AppSimpleWorker)
    worker.work(burst=True)

    # it stopped after its chores, before taking the job (it would have gone on otherwise)
    assert job.get_status(refresh=True) == "queued"
    assert queue.count == 1
