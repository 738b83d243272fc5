"""A worker told to stop while it checks the tasks stops, whatever the signal interrupted."""

import pytest
from rq.exceptions import StopRequested

from microblog.tasks.worker import _stop_requested


def database_error_during(interruption):
    try:
        try:
            raise interruption
        except Exception as error:
            raise RuntimeError("sending query failed: another command is in progress") from error
    except RuntimeError as wrapped:
        return wrapped


@pytest.mark.parametrize(
    ("error", "stop"),
    [
        (StopRequested(), True),
        (database_error_during(StopRequested()), True),
        (database_error_during(ValueError("an ordinary failure")), False),
        (ValueError("an ordinary failure"), False),
    ],
)
def test_a_stop_request_is_recognised_even_wrapped_in_another_error(error, stop):
    assert _stop_requested(error) is stop
