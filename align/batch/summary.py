"""The summaries of a batch run (``summary.csv``, ``summary.xlsx``, ``summary.html``): one row
per pair, worst first, then one row per file left unpaired with the reason.

Per pair: status, the language codes its TMX declares, sentences, beads, the units it adds to
``corpus.tmx`` and those left out by reason (one-sided, low score, no letters, identical,
duplicate: ``align.tmclean``), the share of beads below ``--low-confidence``, glossary
findings, seconds, texts encoded, warnings and the error of a failed pair.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from align.batch.inputs import Pair
from align.batch.job import PairResult
from align.batch.pairing import Unpaired
from align.tmclean import REASONS

Status = Literal["aligned", "skipped", "failed"]
LEFT_COLUMNS = tuple(f"left_{reason.replace('-', '_').replace(' ', '_')}" for reason in REASONS)
SUMMARY_COLUMNS = (
    "name", "status", "source", "target", "src_lang", "tgt_lang", "src_sentences",
    "tgt_sentences", "beads", "units", *LEFT_COLUMNS, "low_share", "findings", "seconds",
    "texts_encoded", "warning", "error",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PairStatus:
    """A pair's line in the summary: its figures (``None`` when it failed) or the reason, and
    its units left out of ``corpus.tmx`` as duplicates."""

    pair: Pair
    status: Status
    result: PairResult | None = None
    error: str = ""
    duplicates: int = 0

    @property
    def low_share(self) -> float:
        result = self.result
        return result.low / result.beads if result and result.beads else 0.0

    @property
    def units(self) -> int:
        """The units this pair adds to ``corpus.tmx``."""
        return self.result.units.written - self.duplicates if self.result else 0


def worst_first(rows: Sequence[PairStatus]) -> list[PairStatus]:
    """Failed pairs, then by share of low-score beads, then by glossary findings."""
    return sorted(
        rows,
        key=lambda r: (
            r.status != "failed",
            -r.low_share,
            -(r.result.findings if r.result else 0),
            r.pair.name,
        ),
    )


def summary_cells(row: PairStatus) -> list[str]:
    """The pair's summary cells (``texts_encoded`` counts this run's only: 0 when skipped)."""
    r = row.result
    figures = [""] * (len(SUMMARY_COLUMNS) - 8)
    langs = ["", ""]
    if r is not None:
        encoded = r.texts_encoded if row.status == "aligned" else 0
        left = (*r.units.left_out[:-1], row.duplicates)
        langs = [r.src_lang, r.tgt_lang]
        counts = (r.src_sentences, r.tgt_sentences, r.beads, row.units, *left)
        figures = [*map(str, counts), f"{row.low_share:.3f}", str(r.findings)]
        figures += [f"{r.seconds:.1f}", str(encoded)]
    warnings = "; ".join(r.warnings) if r is not None else ""
    return [row.pair.name, row.status, str(row.pair.source), str(row.pair.target), *langs,
            *figures, warnings, row.error]  # fmt: skip


def unpaired_cells(item: Unpaired) -> list[str]:
    """A file left unpaired: its path, status ``unpaired`` and the reason as its warning."""
    cells = [str(item.path), "unpaired"] + [""] * (len(SUMMARY_COLUMNS) - 4)
    return [*cells, f"unpaired: {item.reason}", ""]


def _table(rows: Sequence[PairStatus], unpaired: Sequence[Unpaired]) -> list[list[str]]:
    return [summary_cells(r) for r in worst_first(rows)] + [unpaired_cells(u) for u in unpaired]


def summary_csv(rows: Sequence[PairStatus], unpaired: Sequence[Unpaired] = ()) -> str:
    from align.csvsafe import format_table

    return format_table(SUMMARY_COLUMNS, _table(rows, unpaired))


def summary_xlsx(rows: Sequence[PairStatus], unpaired: Sequence[Unpaired] = ()) -> bytes:
    """``summary.csv`` as a workbook, the figures as numbers (align.workbook)."""
    from align.workbook import format_xlsx, numbers_in

    words = ("name", "status", "source", "target", "src_lang", "tgt_lang", "warning", "error")
    figures = [c for c in SUMMARY_COLUMNS if c not in words]
    cells = numbers_in(SUMMARY_COLUMNS, _table(rows, unpaired), figures)
    return format_xlsx(SUMMARY_COLUMNS, cells, "summary")


def summary_html(rows: Sequence[PairStatus], title: str, unpaired: Sequence[Unpaired] = ()) -> str:
    """A self-contained page: totals, then the summary table, worst pairs first."""
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in SUMMARY_COLUMNS)
    body = "".join(
        f'<tr class="{cells[1]}">'
        + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells)
        + "</tr>\n"
        for cells in _table(rows, unpaired)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(totals(rows, len(unpaired)))}</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"
        "</body></html>\n"
    )


def totals(rows: Sequence[PairStatus], unpaired: int = 0) -> str:
    """One line: pairs aligned, skipped and failed, files unpaired, sentences, texts encoded,
    units in the corpus TMX."""
    count = {s: sum(1 for r in rows if r.status == s) for s in ("aligned", "skipped", "failed")}
    done = [r.result for r in rows if r.result]
    sentences = sum(r.src_sentences + r.tgt_sentences for r in done)
    encoded = sum(r.result.texts_encoded for r in rows if r.result and r.status == "aligned")
    left = sum(sum(r.result.units.left_out) + r.duplicates for r in rows if r.result)
    lone = f", {unpaired} files unpaired" if unpaired else ""
    return (
        f"{len(rows)} pairs: {count['aligned']} aligned, {count['skipped']} skipped (up to "
        f"date), {count['failed']} failed{lone}; {sentences} sentences; {encoded} texts "
        f"encoded; {sum(r.units for r in rows)} TMX units, {left} left out"
    )


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
    "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
    "tr.failed{background:#fdd}tr.skipped,tr.unpaired{color:#666}"
)
