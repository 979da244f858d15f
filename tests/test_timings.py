import time

import pytest

from align.timings import Timings, stage


def test_a_stage_adds_up_every_time_it_runs_even_when_it_raises() -> None:
    timings = Timings()
    with timings.stage("dp"):
        time.sleep(0.02)
    with pytest.raises(ValueError), stage(timings, "dp"):
        time.sleep(0.02)
        raise ValueError
    with stage(timings, "features"):
        pass
    assert set(timings.seconds) == {"dp", "features"}
    assert 0.04 <= timings.seconds["dp"] < 1.0
    assert 0.0 <= timings.seconds["features"] < timings.seconds["dp"]


def test_no_recorder_records_nothing() -> None:
    with stage(None, "dp"):
        pass
    assert Timings().seconds == {}
