"""Corpus-wide term consistency: a glossary entry rendered by different allowed renderings in
different documents (the project-level check of QA tools). Within one document the glossary
check already reports this (``inconsistent``); here every document's uses are pooled.

The majority rendering over the corpus wins (ties: the preferred rendering, then the
variants' order); each other rendering is one row naming the documents that used it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from align.batch.job import TermUse
from glossary.model import Glossary

CONSISTENCY_COLUMNS = ("source_term", "expected", "found", "uses", "documents", "distribution")
_LISTED = 10


@dataclass(frozen=True, slots=True)
class Inconsistency:
    """``found`` used ``uses`` times in ``documents`` where the corpus mostly uses
    ``expected``; ``distribution``: every rendering, e.g. ``"global lock ×5 (001, 003)"``."""

    source_term: str
    expected: str
    found: str
    uses: int
    documents: tuple[str, ...]
    distribution: str


def corpus_inconsistencies(
    documents: Iterable[tuple[str, Sequence[TermUse]]], glossary: Glossary
) -> list[Inconsistency]:
    """The entries rendered more than one way across at least two documents, in glossary
    order; ``documents``: each document's name and its term uses."""
    pooled: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for name, uses in documents:
        for use in uses:
            pooled[use.entry][use.rendering][name] = use.count
    found = []
    for entry_index in sorted(pooled):
        by_rendering = pooled[entry_index]
        names = {doc for docs in by_rendering.values() for doc in docs}
        if len(by_rendering) < 2 or len(names) < 2:
            continue
        found.extend(_rows(glossary, entry_index, by_rendering))
    return found


def _rows(
    glossary: Glossary, entry_index: int, by_rendering: dict[str, dict[str, int]]
) -> list[Inconsistency]:
    entry = glossary.entries[entry_index]
    order = {r: i for i, r in enumerate(entry.allowed)}
    total = {r: sum(docs.values()) for r, docs in by_rendering.items()}
    ranked = sorted(total, key=lambda r: (-total[r], order.get(r, len(order)), r))
    distribution = "; ".join(f"{r} ×{total[r]} ({_names(by_rendering[r])})" for r in ranked)
    return [
        Inconsistency(
            entry.label, ranked[0], r, total[r], tuple(sorted(by_rendering[r])), distribution
        )
        for r in ranked[1:]
    ]


def _names(docs: dict[str, int]) -> str:
    names = sorted(docs)
    more = f", … {len(names) - _LISTED} more" if len(names) > _LISTED else ""
    return ", ".join(names[:_LISTED]) + more


def consistency_csv(rows: Sequence[Inconsistency]) -> str:
    from align.csvsafe import format_table

    return format_table(CONSISTENCY_COLUMNS, _cells(rows))


def consistency_xlsx(rows: Sequence[Inconsistency]) -> bytes:
    """``consistency.csv`` as a workbook, ``uses`` a number (align.workbook)."""
    from align.workbook import format_xlsx, numbers_in

    cells = numbers_in(CONSISTENCY_COLUMNS, _cells(rows), ["uses"])
    return format_xlsx(CONSISTENCY_COLUMNS, cells, "consistency")


def _cells(rows: Sequence[Inconsistency]) -> list[list[str]]:
    return [
        [r.source_term, r.expected, r.found, str(r.uses), ", ".join(r.documents), r.distribution]
        for r in rows
    ]
