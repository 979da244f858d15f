import pytest

from align.beads import Bead, parse_beads
from align.evaluate import Scores, one_sided_scores, score_alignments

GOLD = parse_beads("[0]:[0]\n[1]:[1,2]\n[2]:[]\n[3,4]:[3]\n")
TEST = parse_beads("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3]:[3]\n[4]:[]\n")


def test_hand_computed_table() -> None:
    # Precision: 6 test beads, strict TP [0]:[0] and [2]:[]; lax adds [1]:[1] and [3]:[3].
    # Recall (no insertions/deletions): 3 gold beads, strict TP [0]:[0], lax all three.
    s = score_alignments([(GOLD, TEST)])
    assert s.p_strict == pytest.approx(2 / 6)
    assert s.p_lax == pytest.approx(4 / 6)
    assert s.r_strict == pytest.approx(1 / 3)
    assert s.r_lax == pytest.approx(1.0)
    assert s.f1_strict == pytest.approx(1 / 3)
    assert s.f1_lax == pytest.approx(0.8)


def test_identical_alignment_scores_one_and_empty_beads_are_ignored() -> None:
    s = score_alignments([(GOLD, [*GOLD, Bead((), ())])])
    assert s == Scores(1.0, 1.0, 1.0, 1.0, 1.0, 1.0)


def test_scores_are_micro_averaged_over_documents() -> None:
    good = parse_beads("[0]:[0]\n[1]:[1]\n[2]:[2]\n")
    wrong_gold, wrong_test = parse_beads("[0]:[0]\n"), parse_beads("[0]:[1]\n")
    s = score_alignments([(good, good), (wrong_gold, wrong_test)])
    assert s.p_strict == pytest.approx(3 / 4)  # a macro average would give 0.5
    assert s.r_strict == pytest.approx(3 / 4)


def test_division_by_zero_gives_zero() -> None:
    assert score_alignments([]) == Scores(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    s = score_alignments([(GOLD, [])])
    assert (s.p_strict, s.r_strict, s.f1_strict) == (0.0, 0.0, 0.0)


def test_one_sided_sentences_are_scored_one_by_one() -> None:
    # Gold leaves source 2 unaligned; the test leaves target 2 and sources 2 and 4 unaligned.
    p, r, gold = one_sided_scores([(GOLD, TEST)])
    assert (p, r, gold) == (pytest.approx(1 / 3), 1.0, 1)
    assert one_sided_scores([(GOLD[:2], GOLD[:2])]) == (0.0, 0.0, 0)
