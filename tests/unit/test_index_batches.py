"""Index writes gathered off the requests' threads: every id handed in is written, in few
writes, and a failed write neither stops the thread nor loses what comes next."""

import threading

from microblog.services.index_batches import IndexBatches


class Recorder:
    def __init__(self, fail_first=False):
        self.writes = []
        self.fail_first = fail_first
        self.entered = threading.Event()
        self.go_on = threading.Event()
        self.go_on.set()

    def __call__(self, ids):
        self.entered.set()
        assert self.go_on.wait(timeout=30)
        self.writes.append(sorted(ids))
        if self.fail_first and len(self.writes) == 1:
            raise OSError("the index is locked")


def test_ids_handed_in_together_are_written_in_one_write():
    recorder = Recorder()
    batches = IndexBatches(recorder, delay=60)
    for post_id in (3, 1, 2):
        batches.add([post_id])
    assert batches.flush()
    assert recorder.writes == [[1, 2, 3]]


def test_ids_handed_in_while_a_write_runs_go_into_the_next_one():
    recorder = Recorder()
    recorder.go_on.clear()
    batches = IndexBatches(recorder, delay=0)
    batches.add([1])
    assert recorder.entered.wait(timeout=30)
    batches.add([2, 3])
    recorder.go_on.set()
    assert batches.flush()
    assert recorder.writes == [[1], [2, 3]]


def test_a_failed_write_is_logged_and_the_next_ids_are_still_written(caplog):
    recorder = Recorder(fail_first=True)
    batches = IndexBatches(recorder, delay=0)
    batches.add([1])
    assert batches.flush()
    batches.add([2])
    assert batches.flush()
    assert recorder.writes == [[1], [2]]
    assert "Writing posts [1] to the search index failed" in caplog.text
