"""Unaligned stretches and the summary lines about them."""

from __future__ import annotations

from align.beads import Alignment, Bead
from align.stretches import Stretch, describe, unaligned_stretches, unaligned_summary

# Chinese 0-2 aligned; Chinese 3 has no counterpart; English 2-5 none (an excerpt's tail).
ALIGNMENT = Alignment(
    src=("甲。", "乙。", "丙。", "丁。"),
    tgt=("A.", "B.", "C.", "D.", "E.", "F."),
    beads=(
        Bead((0,), (0,)),
        Bead((1, 2), (1,)),
        Bead((3,), (), 0.9),
        Bead((), (2,), 0.8),
        Bead((), (3,), 0.8),
        Bead((), (4,), 0.7),
        Bead((), (5,), 0.9),
    ),
)


def test_stretches_are_runs_of_sentences_in_no_bead_with_both_sides() -> None:
    assert unaligned_stretches(ALIGNMENT) == [Stretch("src", 3, 4), Stretch("tgt", 2, 6)]
    paired = Alignment(ALIGNMENT.src[:3], ALIGNMENT.tgt[:2], ALIGNMENT.beads[:2])
    assert unaligned_stretches(paired) == []


def test_paraphrase_links_leave_the_unlinked_sentences_as_stretches() -> None:
    links = Alignment(
        ("甲。", "乙。", "丙。"), ("A.", "B.", "C."), (Bead((2,), (0,)),), mode="paraphrase"
    )
    assert unaligned_stretches(links) == [Stretch("src", 0, 2), Stretch("tgt", 1, 3)]


def test_descriptions_number_sentences_from_1() -> None:
    assert describe(Stretch("tgt", 69, 199), ALIGNMENT) == (
        "English sentences 70\u2013199: no Chinese counterpart (130 sentences)"
    )
    assert describe(Stretch("src", 3, 4), ALIGNMENT) == (
        "Chinese sentence 4: no English counterpart (1 sentence)"
    )


def test_summary_counts_each_side_and_names_the_longest_stretches_first() -> None:
    assert unaligned_summary(ALIGNMENT) == [
        "unaligned: 1 of 4 Chinese and 4 of 6 English sentences; longest stretches "
        "(numbered from 1):",
        "  English sentences 3\u20136: no Chinese counterpart (4 sentences)",
        "  Chinese sentence 4: no English counterpart (1 sentence)",
    ]
    assert unaligned_summary(ALIGNMENT, shown=1)[1:] == [
        "  English sentences 3\u20136: no Chinese counterpart (4 sentences)"
    ]
    assert unaligned_summary(Alignment(("甲。",), ("A.",), (Bead((0,), (0,)),))) == []
