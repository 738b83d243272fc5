import gc

from microblog.scripts.web_process import keep_out_of_collections


def test_what_a_web_process_holds_once_started_is_left_out_of_collections():
    held = {"app": [object() for _ in range(1000)]}
    assert any(tracked is held for tracked in gc.get_objects())
    try:
        keep_out_of_collections()
        # frozen: no collection looks at it any more
        assert gc.get_freeze_count() >= 1000
        assert not any(tracked is held for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
