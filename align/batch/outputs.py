"""What ``glossalign batch`` writes: each pair's files (as they arrive, atomically), the merged
TMX of the corpus and the summaries (``summary.csv``, ``summary.xlsx``, ``summary.html``), worst
pairs first.

Layout of the output folder: ``pairs/NAME.align``, ``.tsv``, ``.tmx`` (and ``.jsonl``, and
``.glossary.csv`` with a glossary), ``corpus.tmx``, ``summary.csv``, ``summary.xlsx``,
``summary.html``, ``consistency.csv`` and ``consistency.xlsx`` (with a glossary) and the resume
manifest ``batch.json``.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from align.batch.inputs import Pair
from align.batch.job import SUFFIXES, PairResult
from align.io import atomic_write_text, read_bytes

PAIRS = "pairs"
CORPUS_TMX = "corpus.tmx"
DOCUMENT_PROP = "x-glossalign-document"
Status = Literal["aligned", "skipped", "failed"]
SUMMARY_COLUMNS = (
    "name", "status", "source", "target", "src_sentences", "tgt_sentences", "beads",
    "low_share", "findings", "seconds", "texts_encoded", "error",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PairStatus:
    """A pair's line in the summary: its figures (``None`` when it failed) or the reason."""

    pair: Pair
    status: Status
    result: PairResult | None = None
    error: str = ""

    @property
    def low_share(self) -> float:
        result = self.result
        return result.low / result.beads if result and result.beads else 0.0


def write_pair(out: Path, result: PairResult) -> dict[str, str]:
    """Write the pair's files under ``out/pairs`` atomically; their names (relative to
    ``out``) and SHA-256."""
    files = {}
    for suffix, text in result.outputs:
        relative = f"{PAIRS}/{result.name}{suffix}"
        atomic_write_text(out / relative, text)
        files[relative] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return files


def merged_tmx(out: Path, names: Sequence[str]) -> str:
    """One TMX of every pair's ``pairs/NAME.tmx`` in name order, each ``tu`` carrying the
    document's name in ``<prop type="x-glossalign-document">``; the header is the first's."""
    from lxml import etree

    from align.readers.segments import parse_xml

    merged: etree._Element | None = None
    for name in names:
        path = out / PAIRS / f"{name}{SUFFIXES['tmx']}"
        root = parse_xml(read_bytes(path), path)
        if merged is None:
            merged = etree.Element("tmx", version=root.get("version", "1.4"))
            merged.append(root.find("header"))
            body = etree.SubElement(merged, "body")
        for tu in root.iterfind("body/tu"):
            prop = etree.Element("prop", type=DOCUMENT_PROP)
            prop.text = name
            tu.insert(0, prop)
            body.append(tu)
    if merged is None:
        return ""
    etree.indent(merged, space=" ")
    text = etree.tostring(merged, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


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
    figures = [""] * 7
    if r is not None:
        encoded = r.texts_encoded if row.status == "aligned" else 0
        counts = (r.src_sentences, r.tgt_sentences, r.beads)
        figures = [*map(str, counts), f"{row.low_share:.3f}", str(r.findings)]
        figures += [f"{r.seconds:.1f}", str(encoded)]
    return [row.pair.name, row.status, str(row.pair.source), str(row.pair.target), *figures,
            row.error]  # fmt: skip


def summary_csv(rows: Sequence[PairStatus]) -> str:
    from align.csvsafe import format_table

    return format_table(SUMMARY_COLUMNS, (summary_cells(r) for r in worst_first(rows)))


def summary_xlsx(rows: Sequence[PairStatus]) -> bytes:
    """``summary.csv`` as a workbook, the figures as numbers (align.workbook)."""
    from align.workbook import format_xlsx, numbers_in

    figures = [c for c in SUMMARY_COLUMNS if c not in ("name", "status", "source", "target",
                                                        "error")]  # fmt: skip
    cells = numbers_in(SUMMARY_COLUMNS, (summary_cells(r) for r in worst_first(rows)), figures)
    return format_xlsx(SUMMARY_COLUMNS, cells, "summary")


def summary_html(rows: Sequence[PairStatus], title: str) -> str:
    """A self-contained page: totals, then the summary table, worst pairs first."""
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in SUMMARY_COLUMNS)
    body = "".join(
        f'<tr class="{row.status}">'
        + "".join(f"<td>{html.escape(cell)}</td>" for cell in summary_cells(row))
        + "</tr>\n"
        for row in worst_first(rows)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(totals(rows))}</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"
        "</body></html>\n"
    )


def totals(rows: Sequence[PairStatus]) -> str:
    """One line: pairs aligned, skipped and failed, sentences, texts encoded."""
    count = {s: sum(1 for r in rows if r.status == s) for s in ("aligned", "skipped", "failed")}
    done = [r.result for r in rows if r.result]
    sentences = sum(r.src_sentences + r.tgt_sentences for r in done)
    encoded = sum(r.result.texts_encoded for r in rows if r.result and r.status == "aligned")
    return (
        f"{len(rows)} pairs: {count['aligned']} aligned, {count['skipped']} skipped (up to "
        f"date), {count['failed']} failed; {sentences} sentences; {encoded} texts encoded"
    )


_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
    "th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
    "tr.failed{background:#fdd}tr.skipped{color:#666}"
)
