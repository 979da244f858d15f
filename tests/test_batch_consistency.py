"""align.batch.consistency: a term rendered differently across documents, pooled corpus-wide,
and the worker-side uses it is computed from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from align.batch.consistency import Inconsistency, consistency_csv, corpus_inconsistencies
from align.batch.job import TermUse, term_uses
from align.beads import Alignment, Bead
from align.pipeline import review
from glossary.model import Entry, Glossary

GLOSSARY = Glossary(
    (
        Entry(("基金会",), "Foundation", variants=("WMF",)),
        Entry(("用户组",), "user group", variants=("affiliate",)),
        Entry(("办公室",), "office", status="deprecated"),
    )
)


def _use(entry: int, rendering: str, count: int) -> TermUse:
    return TermUse(entry, GLOSSARY.entries[entry].label, rendering, count)


def test_renderings_differing_across_documents_name_the_documents_and_the_majority() -> None:
    documents = [
        ("001", [_use(0, "Foundation", 3), _use(1, "user group", 1)]),
        ("002", [_use(0, "WMF", 2), _use(1, "user group", 2)]),
        ("003", [_use(0, "WMF", 2)]),
    ]
    assert corpus_inconsistencies(documents, GLOSSARY) == [
        Inconsistency(
            "基金会", "WMF", "Foundation", 3, ("001",), "WMF ×4 (002, 003); Foundation ×3 (001)"
        )
    ]


def test_a_tie_goes_to_the_preferred_rendering_and_one_document_alone_is_not_reported() -> None:
    tie = [("a", [_use(1, "affiliate", 1)]), ("b", [_use(1, "user group", 1)])]
    [row] = corpus_inconsistencies(tie, GLOSSARY)
    assert (row.expected, row.found, row.documents) == ("user group", "affiliate", ("a",))
    # Two renderings in one document: the per-document `inconsistent` check reports that.
    alone = [("a", [_use(1, "affiliate", 1), _use(1, "user group", 1)]), ("b", [])]
    assert corpus_inconsistencies(alone, GLOSSARY) == []


@given(
    st.lists(
        st.tuples(st.sampled_from(["Foundation", "WMF"]), st.integers(1, 5)),
        min_size=1,
        max_size=6,
    )
)
def test_the_expected_rendering_is_used_at_least_as_often_as_any_found(
    docs: list[tuple[str, int]],
) -> None:
    documents = [(f"{k:03}", [_use(0, r, n)]) for k, (r, n) in enumerate(docs)]
    rows = corpus_inconsistencies(documents, GLOSSARY)
    assert len(rows) == (1 if len({r for r, _ in docs}) == 2 else 0)
    for row in rows:
        expected = sum(n for r, n in docs if r == row.expected)
        assert row.found != row.expected and expected >= row.uses
        assert row.uses == sum(n for r, n in docs if r == row.found)


def test_term_uses_count_allowed_renderings_where_the_source_term_occurs() -> None:
    alignment = Alignment(
        ("基金会和用户组。", "办公室。", "没有术语。"),
        ("The WMF and the affiliate.", "The office.", "The Foundation, again."),
        (Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,))),
        "zh",
        "en",
    )
    # "Foundation" in bead 2 has no 基金会 beside it; 办公室 is deprecated: neither counts.
    assert term_uses(review(alignment, GLOSSARY)) == (
        _use(0, "WMF", 1),
        _use(1, "affiliate", 1),
    )
    assert term_uses(review(alignment, None)) == ()


def test_the_csv_has_one_row_per_other_rendering() -> None:
    row = Inconsistency("基金会", "WMF", "Foundation", 3, ("001", "004"), "WMF ×4 (002)")
    assert consistency_csv([row]).splitlines() == [
        "\ufeffsource_term,expected,found,uses,documents,distribution",
        '基金会,WMF,Foundation,3,"001, 004",WMF ×4 (002)',
    ]
