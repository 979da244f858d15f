"""align.tmclean: which beads become TMX units, and duplicates merged across a corpus."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.beads import Alignment, Bead
from align.formats import tmx_units
from align.tmclean import (
    TmFilter,
    UnitCounts,
    has_words,
    merge_duplicates,
    normalised,
    written_score,
)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("在演练场中尝试一下", True),
        ("Try it in the Playground", True),
        ("API", True),  # an acronym is a word
        ("don't", True),
        ("built-in", True),
        ("“Hello,” she said.", True),
        ("3.1.1", False),
        ("2024-01-01 12:00", False),
        ("ServerName", False),  # a directive name: camelCase is code
        ("mod_ssl", False),
        ("/usr/local/bin", False),
        ("--min-score", False),
        ("`npm install`", False),
        ("https://example.com/a?b=c", False),
        ("v1.2.3", False),
        ("x", False),
        ("— … ¶", False),
        ("ServerName 指令", True),
    ],
)
def test_words_are_letters_of_running_text_not_code(text: str, words: bool) -> None:
    assert has_words(text) is words


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Getting Started", "getting started", True),
        ("Ｖｕｅ　Ｒｏｕｔｅｒ！", "Vue Router", True),  # full-width forms, an ideographic space
        ("Try it!", "Try it", True),
        ("Vue.js", "vuejs", True),
        ("入门", "Getting started", False),
        ("Vue 3", "Vue 2", False),
    ],
)
def test_identity_ignores_case_width_spaces_and_punctuation(a: str, b: str, same: bool) -> None:
    assert (normalised(a) == normalised(b)) is same


@pytest.mark.parametrize(
    ("src", "tgt", "score", "units", "reason"),
    [
        ("你好。", "Hello.", 0.9, TmFilter(), None),
        ("你好。", "  ", 0.9, TmFilter(), "one-sided"),
        ("你好。", "Hello.", 0.949, TmFilter(0.95), "low score"),
        ("你好。", "Hello.", 0.95, TmFilter(0.95), None),  # 0.950 as written passes 0.95
        ("你好。", "Hello.", None, TmFilter(0.1), "low score"),  # no score
        ("你好。", "Hello.", None, TmFilter(), None),
        ("3.1.1", "3.1.1", 1.0, TmFilter(), "no letters"),
        ("ServerName", "ServerName directive", 0.8, TmFilter(), "no letters"),
        ("Vue Router", "Vue Router", 1.0, TmFilter(), "identical"),
        ("Vue Router", "Vue Router", 1.0, TmFilter(keep_identical=True), None),
        ("3.1.1", "3.1.1", 1.0, TmFilter(keep_identical=True), None),
        ("Vue Router", "Vue Router", 0.5, TmFilter(0.9, keep_identical=True), "low score"),
    ],
)
def test_a_unit_is_left_out_for_the_first_reason_that_applies(
    src: str, tgt: str, score: float | None, units: TmFilter, reason: str | None
) -> None:
    assert units.reason(src, tgt, score) == reason


def test_tmx_units_count_every_bead_once_by_reason() -> None:
    alignment = Alignment(
        ("你好。", "多余。", "1.2.3", "Vue", "再见。"),
        ("Hello.", "1.2.3", "Vue", "Bye."),
        (
            Bead((0,), (0,), 0.9),
            Bead((1,), (), 0.1),
            Bead((2,), (1,), 0.99),
            Bead((3,), (2,), 0.95),
            Bead((4,), (3,), 0.4),
        ),
    )
    kept, counts = tmx_units(alignment, TmFilter(0.5))
    assert [(b.src, src, tgt) for b, src, tgt in kept] == [((0,), "你好。", "Hello.")]
    assert counts == UnitCounts(written=1, one_sided=1, low_score=1, no_letters=1, identical=1)
    paraphrase = Alignment(
        alignment.src, alignment.tgt, (Bead((0,), (0,), 0.9),), mode="paraphrase"
    )
    assert tmx_units(paraphrase)[1] == UnitCounts(written=1, one_sided=7)  # 4 + 3 unlinked


def test_duplicates_are_merged_into_their_first_occurrence() -> None:
    units = [
        ("guide", "在演练场中尝试一下", "Try it in the Playground"),
        ("guide", "你好。", "Hello."),
        ("api", "在演练场中尝试一下", "Try it in the Playground"),
        ("api", "在演练场中尝试一下", "Try it in the Playground"),
        ("faq", "你好。", "Hi."),  # another translation: not a duplicate
    ]
    kept, left = merge_duplicates(units)
    assert [(m.index, m.count, m.documents) for m in kept] == [
        (0, 3, ("guide", "api")),
        (1, 1, ("guide",)),
        (4, 1, ("faq",)),
    ]
    assert left == {"api": 2}


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("xy"), st.sampled_from("uv"))))
def test_merging_keeps_one_unit_per_text_pair_and_loses_no_occurrence(
    units: list[tuple[str, str, str]],
) -> None:
    kept, left = merge_duplicates(units)
    texts = [units[m.index][1:] for m in kept]
    assert len(texts) == len(set(texts)) == len({u[1:] for u in units})
    assert sum(m.count for m in kept) == len(units)
    assert sum(left.values()) == len(units) - len(kept)
    assert [m.index for m in kept] == sorted(m.index for m in kept)


@given(st.floats(0, 1))
def test_the_written_score_is_the_one_the_files_print(score: float) -> None:
    assert written_score(score) == float(f"{score:.3f}")
    assert written_score(math.nan) is None
