"""Editor edits: hand-checked tables, and the invariants every edit keeps (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.beads import Alignment, Bead
from align.review import edits
from align.review.edits import EditError, State

SRC = tuple(f"源{i}。" for i in range(6))
TGT = tuple(f"Target {j}." for j in range(6))


def state(*beads: tuple[tuple[int, ...], tuple[int, ...]]) -> State:
    alignment = Alignment(SRC, TGT, tuple(Bead(s, t, 0.4) for s, t in beads))
    return State(alignment, tuple("" for _ in beads))


def shape(s: State) -> list[tuple[tuple[int, ...], tuple[int, ...], str]]:
    return [(b.src, b.tgt, f) for b, f in zip(s.alignment.beads, s.status, strict=True)]


BASE = state(((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,)), ((4,), ()), ((5,), (4, 5)))


def test_confirm_and_unconfirm() -> None:
    s = edits.set_confirmed(BASE, 2, True)
    assert s.status == ("", "", "confirmed", "", "")
    assert edits.set_confirmed(s, 2, False).status == BASE.status
    with pytest.raises(EditError, match="already confirmed"):
        edits.set_confirmed(s, 2, True)
    with pytest.raises(EditError, match="no bead 9"):
        edits.set_confirmed(s, 9, True)


def test_merge_with_next() -> None:
    assert shape(edits.merge(BASE, 2))[2:] == [((3, 4), (3,), "edited"), ((5,), (4, 5), "")]
    with pytest.raises(EditError, match="last one"):
        edits.merge(BASE, 4)


def test_split_at_a_sentence_boundary() -> None:
    assert shape(edits.split(BASE, 1, 1, 1))[1:3] == [
        ((1,), (1,), "edited"), ((2,), (2,), "edited"),
    ]  # fmt: skip
    assert shape(edits.split(BASE, 4, 1, 1))[4:] == [
        ((5,), (4,), "edited"), ((), (5,), "edited"),
    ]  # fmt: skip
    with pytest.raises(EditError, match="empty bead"):
        edits.split(BASE, 1, 0, 0)
    with pytest.raises(EditError, match="cannot cut"):
        edits.split(BASE, 1, 3, 1)


def test_move_the_boundary_sentence_either_way() -> None:
    # First target sentence of bead 1 to bead 0; last source sentence of bead 1 to bead 2.
    assert shape(edits.move(BASE, 1, "tgt", "prev"))[:2] == [
        ((0,), (0, 1), "edited"), ((1, 2), (2,), "edited"),
    ]  # fmt: skip
    assert shape(edits.move(BASE, 1, "src", "next"))[1:3] == [
        ((1,), (1, 2), "edited"), ((2, 3), (3,), "edited"),
    ]  # fmt: skip
    # Bead 3 (a deletion) loses its only sentence: it disappears.
    assert shape(edits.move(BASE, 3, "src", "prev"))[2:] == [
        ((3, 4), (3,), "edited"), ((5,), (4, 5), ""),
    ]  # fmt: skip
    with pytest.raises(EditError, match="no previous bead"):
        edits.move(BASE, 0, "src", "prev")
    with pytest.raises(EditError, match="no tgt sentence"):
        edits.move(BASE, 3, "tgt", "next")


def test_mark_a_sentence_unaligned() -> None:
    assert shape(edits.unalign(BASE, 1, "tgt", 2))[1:3] == [
        ((1, 2), (1,), "edited"), ((), (2,), "edited"),
    ]  # fmt: skip
    assert shape(edits.unalign(BASE, 1, "src", 1))[1:3] == [
        ((1,), (), "edited"), ((2,), (1, 2), "edited"),
    ]  # fmt: skip
    with pytest.raises(EditError, match="already unaligned"):
        edits.unalign(BASE, 3, "src", 4)
    with pytest.raises(EditError, match="not in bead"):
        edits.unalign(BASE, 0, "src", 3)
    middle = state(((0, 1, 2), (0,)), ((3, 4, 5), (1, 2, 3, 4, 5)))
    with pytest.raises(EditError, match="split the bead first"):
        edits.unalign(middle, 0, "src", 1)


def test_edit_a_target_sentence() -> None:
    s = edits.edit_target(BASE, 2, "  The  second\nsentence. ")
    assert s.alignment.tgt[2] == "The second sentence."
    assert s.status == ("", "edited", "", "", "")
    assert s.alignment.tgt[:2] == TGT[:2]
    with pytest.raises(EditError, match="cannot be empty"):
        edits.edit_target(BASE, 2, " ")
    with pytest.raises(EditError, match="no target sentence 6"):
        edits.edit_target(BASE, 6, "x")


def test_flagged_beads_score_one() -> None:
    s = edits.set_confirmed(edits.merge(BASE, 0), 2, True)
    scores = [b.score for b in edits.flagged(s).beads]
    assert scores == [1.0, 0.4, 1.0, 0.4]


OPS = st.one_of(
    st.tuples(st.just("merge"), st.integers(0, 6)),
    st.tuples(st.just("split"), st.integers(0, 6), st.integers(0, 3), st.integers(0, 3)),
    st.tuples(
        st.just("move"),
        st.integers(0, 6),
        st.sampled_from(["src", "tgt"]),
        st.sampled_from(["prev", "next"]),
    ),
    st.tuples(
        st.just("unalign"), st.integers(0, 6), st.sampled_from(["src", "tgt"]), st.integers(0, 5)
    ),
)


@settings(max_examples=200)
@given(st.lists(OPS, max_size=12))
def test_every_edit_keeps_a_monotonic_cover(ops: list[tuple[Any, ...]]) -> None:
    s = BASE
    for name, *args in ops:
        try:
            s = getattr(edits, name)(s, *args)
        except EditError:
            continue
        beads = s.alignment.beads
        assert [i for b in beads for i in b.src] == list(range(6))
        assert [j for b in beads for j in b.tgt] == list(range(6))
        assert all(b.src or b.tgt for b in beads)
        assert len(s.status) == len(beads)
