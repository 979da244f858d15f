"""Glossary files (CSV, TSV, TBX-Basic), findings files, and the aligned text to check.

CSV/TSV: UTF-8 (BOM tolerated), a header naming some of ``source, target, variants,
forbidden, case, status, note`` (``source`` and ``target`` required, any order, the others
default to empty / the default case / ``preferred``). On export every cell that starts with
``= + - @``, tab or CR is prefixed with ``'`` (OWASP CSV injection); on import a ``'`` in
front of such a character is removed again, so files round-trip.

TBX-Basic (TBX 2 ``martif``/``termEntry``/``langSet``/``tig``; TBX 3 ``conceptEntry``/
``langSec``/``termSec`` is read too): one ``termEntry`` per entry, ``langSet xml:lang="zh"``
with the source terms and ``langSet xml:lang="en"`` with the renderings, each carrying a
``termNote type="administrativeStatus"``: the target has the entry's status
(``preferredTerm-admn-sts``, ``admittedTerm-admn-sts``, ``deprecatedTerm-admn-sts``),
variants ``admittedTerm-admn-sts`` (``deprecatedTerm-admn-sts`` in a deprecated entry) and
forbidden renderings ``supersededTerm-admn-sts``. On import a ``deprecatedTerm`` next to an
allowed rendering is forbidden too. ``note`` is a ``<note>``; a non-default case is a
``<note>glossalign:case=sensitive</note>``.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Literal, cast

from align.errors import InputError
from align.io import read_text
from glossary.checks import FINDING_COLUMNS, Finding
from glossary.lint import FORMULA_START, RawRow, row_problems
from glossary.model import (
    COLUMNS,
    REQUIRED,
    Case,
    Entry,
    Glossary,
    Status,
    default_case,
    join_cell,
    split_cell,
)

GlossaryFormat = Literal["csv", "tsv", "tbx"]
FindingsFormat = Literal["csv", "json"]

_STATUS_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
_TBX_STATUS = {v: k for k, v in _STATUS_TBX.items()}
_SUPERSEDED = "supersededTerm-admn-sts"
_CASE_NOTE = "glossalign:case="
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --- reading -------------------------------------------------------------------------------


def glossary_format(path: Path, text: str | None = None) -> GlossaryFormat:
    """By extension (.tbx/.xml, .tsv/.tab, anything else CSV), or by content if XML."""
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml") or (text is not None and text.lstrip().startswith("<")):
        return "tbx"
    return "tsv" if suffix in (".tsv", ".tab") else "csv"


def read_glossary(path: Path) -> Glossary:
    """Read a CSV, TSV or TBX glossary; InputError naming row and column on a bad cell."""
    path = Path(path)
    text = read_text(path)
    if glossary_format(path, text) == "tbx":
        return parse_tbx(text, path)
    return rows_to_glossary(read_rows(text, path, _delimiter(path)), path)


def read_table(path: Path) -> list[RawRow]:
    """The rows of a glossary file as written, for lint (a TBX termEntry is one row)."""
    path = Path(path)
    text = read_text(path)
    if glossary_format(path, text) == "tbx":
        entries = parse_tbx(text, path).entries
        return [
            RawRow(e.row, dict(zip(COLUMNS, cells, strict=True)))
            for e, cells in zip(entries, _entry_rows(entries), strict=True)
        ]
    return read_rows(text, path, _delimiter(path))


def _delimiter(path: Path) -> str:
    return "\t" if glossary_format(path) == "tsv" else ","


def read_rows(text: str, path: Path, delimiter: str = ",") -> list[RawRow]:
    """The data rows of a CSV/TSV table, cells keyed by (lowercased) header name."""
    if delimiter == "\t":  # TSV: no quoting, a cell may start with a quote mark
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    else:
        reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path}: no header row") from None
    except csv.Error as exc:
        raise InputError(f"{path}:1: {exc}") from None
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        raise InputError(
            f"{path}:1: header {','.join(header)!r} "
            + (f"has unknown column(s) {', '.join(map(repr, unknown))}; " if unknown else "")
            + (f"lacks {', '.join(missing)}; " if missing else "")
            + f"the first line must name the columns, from: {','.join(COLUMNS)}"
        )
    rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(cells) > len(header):
                    raise InputError(
                        f"{path}:{line}: {len(cells)} cells but the header has {len(header)} "
                        "columns; quote cells that contain the delimiter"
                    )
                rows.append(
                    RawRow(line, {h: _unescape(c) for h, c in zip(header, cells, strict=False)})
                )
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}:{line}: {exc}; check the quoting") from None
    return rows


def rows_to_glossary(rows: Sequence[RawRow], path: Path) -> Glossary:
    """Entries from raw rows; the first error of glossary.lint.row_problems is raised."""
    entries = []
    for row in rows:
        errors = [p for p in row_problems(row) if p.severity == "error"]
        if errors:
            raise InputError(
                errors[0].format(str(path)) + f" (run: glossalign glossary lint {path})"
            )
        cells = row.cells
        target = cells["target"].strip()
        entries.append(
            Entry(
                sources=split_cell(cells["source"]),
                target=target,
                variants=split_cell(cells.get("variants", "")),
                forbidden=split_cell(cells.get("forbidden", "")),
                case=cast(Case, cells.get("case", "").strip() or default_case(target)),
                status=cast(Status, cells.get("status", "").strip() or "preferred"),
                note=cells.get("note", "").strip(),
                row=row.line,
            )
        )
    return Glossary(tuple(entries))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_tbx(text: str, path: Path) -> Glossary:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"{path}:{exc.position[0]}: not well-formed XML ({exc})") from None
    entries = []
    concepts = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(f"{path}: no termEntry elements; is this a TBX file?")
    for number, concept in enumerate(concepts, 1):
        terms: dict[str, list[tuple[str, str]]] = {"zh": [], "en": []}
        notes = [n.text or "" for n in concept if _local(n.tag) == "note"]
        for lang_set in (el for el in concept if _local(el.tag) in ("langSet", "langSec")):
            lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").lower()[:2]
            for tig in (el for el in lang_set if _local(el.tag) in ("tig", "ntig", "termSec")):
                term = next((el for el in tig.iter() if _local(el.tag) == "term"), None)
                status = next(
                    (
                        (el.text or "").strip()
                        for el in tig.iter()
                        if _local(el.tag) == "termNote" and el.get("type") == "administrativeStatus"
                    ),
                    "admittedTerm-admn-sts",
                )
                if term is not None and (term.text or "").strip() and lang in terms:
                    terms[lang].append(((term.text or "").strip(), status))
        where = f"{path}: termEntry {number}"
        if not terms["zh"] or not terms["en"]:
            raise InputError(f'{where}: needs a zh and an en term (langSet xml:lang="zh"/"en")')
        entries.append(_tbx_entry(terms["zh"], terms["en"], notes, number, where))
    return Glossary(tuple(entries))


def _tbx_entry(
    zh: list[tuple[str, str]], en: list[tuple[str, str]], notes: list[str], number: int, where: str
) -> Entry:
    for term, status in en:
        if status not in _TBX_STATUS and status != _SUPERSEDED:
            raise InputError(
                f"{where}: term {term!r}: unknown administrativeStatus {status!r}; use one of "
                f"{', '.join([*_TBX_STATUS, _SUPERSEDED])}"
            )
    allowed = [(t, s) for t, s in en if s in ("preferredTerm-admn-sts", "admittedTerm-admn-sts")]
    preferred = [(t, s) for t, s in allowed if s == "preferredTerm-admn-sts"]
    deprecated = [(t, s) for t, s in en if s == "deprecatedTerm-admn-sts"]
    if allowed:
        target, status = (preferred or allowed)[0]
        variants = [t for t, _ in allowed if t != target]
        forbidden = [t for t, s in en if s in (_SUPERSEDED, "deprecatedTerm-admn-sts")]
    elif deprecated:
        target, status = deprecated[0]
        variants = [t for t, _ in deprecated[1:]]
        forbidden = [t for t, s in en if s == _SUPERSEDED]
    else:
        raise InputError(f"{where}: every English term is superseded; no rendering is left")
    case_notes = [n.strip() for n in notes if n.strip().startswith(_CASE_NOTE)]
    case = case_notes[0][len(_CASE_NOTE) :] if case_notes else default_case(target)
    if case not in ("sensitive", "insensitive"):
        raise InputError(f"{where}: bad note {case_notes[0]!r}; use {_CASE_NOTE}sensitive")
    return Entry(
        sources=tuple(t for t, _ in zh),
        target=target,
        variants=tuple(variants),
        forbidden=tuple(forbidden),
        case=cast(Case, case),
        status=_TBX_STATUS[status],  # type: ignore[arg-type]
        note="\n".join(n.strip() for n in notes if not n.strip().startswith(_CASE_NOTE)),
        row=number,
    )


# --- writing -------------------------------------------------------------------------------


def escape_cell(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with ``'``."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def format_glossary(glossary: Glossary, fmt: GlossaryFormat) -> str:
    if fmt == "tbx":
        return format_tbx(glossary)
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(buffer, lineterminator="\n")
    else:
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar=None, quotechar=None)  # fmt: skip
    writer.writerow(COLUMNS)
    for row in _entry_rows(glossary.entries):
        if fmt == "tsv":
            row = [
                " ".join(cell.split()) if any(c in cell for c in "\t\n\r") else cell for cell in row
            ]
        writer.writerow([escape_cell(c) for c in row])
    return buffer.getvalue()


def _entry_rows(entries: Sequence[Entry]) -> list[list[str]]:
    return [
        [
            join_cell(e.sources),
            e.target,
            join_cell(e.variants),
            join_cell(e.forbidden),
            e.case,
            e.status,
            e.note,
        ]
        for e in entries
    ]


def format_tbx(glossary: Glossary) -> str:
    ET.register_namespace("xml", "http://www.w3.org/XML/1998/namespace")
    martif = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(martif, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "glossalign glossary export"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for number, entry in enumerate(glossary.entries, 1):
        term_entry = ET.SubElement(body, "termEntry", {"id": f"e{number}"})
        if entry.note:
            ET.SubElement(term_entry, "note").text = entry.note
        if entry.case != default_case(entry.target):
            ET.SubElement(term_entry, "note").text = _CASE_NOTE + entry.case
        zh = ET.SubElement(term_entry, "langSet", {_XML_LANG: "zh"})
        for source in entry.sources:
            _tig(zh, source, _STATUS_TBX["preferred"])
        en = ET.SubElement(term_entry, "langSet", {_XML_LANG: "en"})
        _tig(en, entry.target, _STATUS_TBX[entry.status])
        variant_status = _STATUS_TBX["deprecated" if entry.status == "deprecated" else "admitted"]
        for variant in entry.variants:
            _tig(en, variant, variant_status)
        for forbidden in entry.forbidden:
            _tig(en, forbidden, _SUPERSEDED)
    ET.indent(martif)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(martif, "unicode") + "\n"


def _tig(parent: ET.Element, term: str, status: str) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = term
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status


def format_findings(findings: Sequence[Finding], fmt: FindingsFormat) -> str:
    """CSV (formula-escaped cells, span as ``start:end``) or a JSON array, same fields."""
    records = [_finding_record(f) for f in findings]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FINDING_COLUMNS)
    for rec in records:
        writer.writerow(
            ["" if rec[c] is None else escape_cell(str(rec[c])) for c in FINDING_COLUMNS]
        )
    return buffer.getvalue()


def _finding_record(finding: Finding) -> dict[str, object]:
    rec = asdict(finding)
    rec["span"] = f"{finding.span[0]}:{finding.span[1]}" if finding.span else ""
    return rec
