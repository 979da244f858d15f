"""The mac-dev experiment's helpers, on hand-checked tables."""

from __future__ import annotations

import math

from align.beads import Bead
from align.review.bench import anchored, lowest, overlapping, wrong

GOLD = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), (2, 3)), Bead((), (4,)), Bead((4,), (5,))]


def test_overlapping_gold_beads() -> None:
    assert overlapping(GOLD, [Bead((2, 3), (1, 2))]) == {1, 2}
    assert overlapping(GOLD, [Bead((), (4,))]) == {3}
    assert overlapping(GOLD, []) == set()


def test_anchored_fills_each_gap_with_one_bead() -> None:
    # The kept insertion stays after source 3, where the gold puts it.
    beads, flags = anchored(GOLD, {1, 3})
    assert [(b.src, b.tgt) for b in beads] == [
        ((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((), (4,)), ((4,), (5,)),
    ]  # fmt: skip
    assert flags == [False, True, False, True, False]
    beads, flags = anchored(GOLD, {0})
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1, 2, 3, 4), (1, 2, 3, 4, 5))]
    assert flags == [True, False]


def test_lowest_puts_missing_scores_first() -> None:
    beads = [Bead((0,), (0,), 0.9), Bead((1,), (1,), math.nan), Bead((2,), (2,), 0.2),
             Bead((3,), (3,), 0.2)]  # fmt: skip
    assert lowest(beads, 3) == [beads[1], beads[2], beads[3]]


def test_wrong_counts_beads_not_in_the_gold() -> None:
    assert wrong(GOLD, [Bead((0,), (0,), 0.1), Bead((1,), (1,)), Bead((2,), ())]) == 2
