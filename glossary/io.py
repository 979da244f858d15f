"""Glossary files (CSV, TSV, xlsx, TBX), findings files, and the aligned text to check.

CSV/TSV: UTF-8 with or without BOM, UTF-16 with BOM, GB18030 or Big5 (see align.csvsafe),
or an ``.xlsx`` workbook's first sheet; a header naming some of ``source, target, variants,
forbidden, case, status, note, definition, subject`` (``source`` and ``target`` required, any
order, the others default to empty / the default case / no status). Written through
align.csvsafe: UTF-8 BOM, formula leads escaped with ``'`` (also after a line break inside a
cell), removed again on import so files round-trip. TBX: see glossary.tbx.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal, cast

from align.csvsafe import Encoding, decode_table, format_table, read_table_rows, unescape_cell
from align.errors import InputError
from align.io import GLOSSARIES, atomic_write_text, read_bytes
from glossary.checks import FINDING_COLUMNS, Finding
from glossary.lint import Problem, RawRow, lint_rows
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
from glossary.tbx import Skipped, TbxVersion, format_tbx, parse_tbx

GlossaryFormat = Literal["csv", "tsv", "tbx"]
InputFormat = Literal["csv", "tsv", "tbx", "xlsx"]
FindingsFormat = Literal["csv", "json"]


@dataclass(frozen=True, slots=True)
class LoadedGlossary:
    """A glossary as read, and the TBX entries left out (each with its id and reason)."""

    glossary: Glossary
    skipped: tuple[Skipped, ...] = ()


# --- reading -------------------------------------------------------------------------------


def glossary_format(path: Path, data: bytes | None = None) -> InputFormat:
    """By extension (.tbx/.xml, .xlsx, .tsv/.tab, anything else CSV), or by content: a zip
    is a workbook, XML (after any BOM and blanks, in UTF-8 or UTF-16) a TBX."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx" or (data is not None and data.startswith(b"PK\x03\x04")):
        return "xlsx"
    head = (data or b"")[:64].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if suffix in (".tbx", ".xml") or head.startswith(b"<"):
        return "tbx"
    return "tsv" if suffix in (".tsv", ".tab") else "csv"


def load_glossary(
    path: Path, *, strict: bool = False, encoding: Encoding = "auto"
) -> LoadedGlossary:
    """Read a CSV, TSV, xlsx or TBX glossary; InputError naming row and column on a bad cell.

    ``encoding`` is for CSV/TSV (see align.csvsafe.decode_table). A TBX entry without a
    Chinese or an English term is skipped and listed in ``skipped`` (``strict``: InputError)."""
    path = Path(path)
    data = read_bytes(path, "a glossary file", GLOSSARIES)
    if glossary_format(path, data) == "tbx":
        glossary, skipped = parse_tbx(data, path, strict)
        validate_rows(_tbx_rows(glossary), path)
        return LoadedGlossary(glossary, skipped)
    return LoadedGlossary(rows_to_glossary(_raw_rows(path, data, encoding), path))


def read_glossary(path: Path, *, strict: bool = False, encoding: Encoding = "auto") -> Glossary:
    """:func:`load_glossary` without the list of skipped TBX entries."""
    return load_glossary(path, strict=strict, encoding=encoding).glossary


def read_table(path: Path, encoding: Encoding = "auto") -> list[RawRow]:
    """The rows of a glossary file as written, for lint (a TBX entry is one row)."""
    return _table(Path(path), encoding)[0]


def lint_file(path: Path, encoding: Encoding = "auto") -> list[Problem]:
    """Every problem of a glossary file, by row; a skipped TBX entry is a warning."""
    rows, skipped = _table(Path(path), encoding)
    problems = lint_rows(rows) + [
        Problem(s.number, "entry", "warning", f"entry {s.entry} is skipped on import: {s.reason}")
        for s in skipped
    ]
    return sorted(problems, key=lambda p: (p.row, p.severity != "error"))


def _table(path: Path, encoding: Encoding) -> tuple[list[RawRow], tuple[Skipped, ...]]:
    data = read_bytes(path, "a glossary file", GLOSSARIES)
    if glossary_format(path, data) != "tbx":
        return _raw_rows(path, data, encoding), ()
    glossary, skipped = parse_tbx(data, path)
    return _tbx_rows(glossary), skipped


def _tbx_rows(glossary: Glossary) -> list[RawRow]:
    """A TBX file's entries as table rows (``row``: the termEntry number), for lint."""
    return [
        RawRow(e.row, dict(zip(COLUMNS, cells, strict=True)))
        for e, cells in zip(glossary.entries, entry_rows(glossary.entries), strict=True)
    ]


def _raw_rows(path: Path, data: bytes, encoding: Encoding) -> list[RawRow]:
    fmt = glossary_format(path, data)
    if fmt == "xlsx":
        from glossary.xlsx import read_xlsx_rows

        rows = [(n, [unescape_cell(c) for c in cells]) for n, cells in read_xlsx_rows(path, data)]
    else:
        text = decode_table(data, path, encoding)
        rows = read_table_rows(text, path, "\t" if fmt == "tsv" else ",")
    return header_rows(rows, path)


def header_rows(rows: Sequence[tuple[int, list[str]]], path: Path) -> list[RawRow]:
    """Data rows keyed by the (lowercased) names of the first row, which must name columns."""
    if not rows:
        raise InputError(f"{path}: empty; the first line must name the columns")
    header = [h.strip().lower() for h in rows[0][1]]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    twice = sorted({h for h in header if header.count(h) > 1})
    if unknown or missing or twice:
        raise InputError(
            f"{path}:{rows[0][0]}: header {','.join(header)!r} "
            + (f"has unknown column(s) {', '.join(map(repr, unknown))}; " if unknown else "")
            + (f"names {', '.join(map(repr, twice))} twice; " if twice else "")
            + (f"lacks {', '.join(missing)}; " if missing else "")
            + f"the first line must name the columns, from: {','.join(COLUMNS)}"
        )
    out = []
    for line, cells in rows[1:]:
        if any(c.strip() for c in cells):
            if len(cells) > len(header):
                raise InputError(
                    f"{path}:{line}: {len(cells)} cells but the header has {len(header)} "
                    "columns; quote cells that contain the delimiter"
                )
            out.append(RawRow(line, dict(zip(header, cells, strict=False))))
    return out


def validate_rows(rows: Sequence[RawRow], path: Path) -> None:
    """The one validation of a glossary, wherever it is read (check, run, report, export,
    extract, review): InputError with the first error ``glossalign glossary lint`` reports."""
    errors = [p for p in lint_rows(rows) if p.severity == "error"]
    if errors:
        raise InputError(errors[0].format(str(path)) + f" (run: glossalign glossary lint {path})")


def rows_to_glossary(rows: Sequence[RawRow], path: Path) -> Glossary:
    """Entries from raw rows, validated first (:func:`validate_rows`)."""
    validate_rows(rows, path)
    entries = []
    for row in rows:
        cells = row.cells
        target = cells["target"].strip()
        entries.append(
            Entry(
                sources=split_cell(cells["source"]),
                target=target,
                variants=split_cell(cells.get("variants", "")),
                forbidden=split_cell(cells.get("forbidden", "")),
                case=cast(Case, cells.get("case", "").strip() or default_case(target)),
                status=cast(Status | None, cells.get("status", "").strip() or None),
                note=cells.get("note", "").strip(),
                row=row.line,
                definition=cells.get("definition", "").strip(),
                subject=cells.get("subject", "").strip(),
            )
        )
    return Glossary(tuple(entries))


# --- writing -------------------------------------------------------------------------------


def format_glossary(
    glossary: Glossary,
    fmt: GlossaryFormat,
    *,
    bom: bool = True,
    tbx_version: TbxVersion = 3,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> str:
    """CSV (``bom``: a UTF-8 BOM first, for spreadsheets), TSV (for CAT tools: never a BOM)
    or TBX-Basic (``tbx_version`` 3 or 2; language codes as given, else as read, else
    detected: see glossary.tbx.language_codes)."""
    if fmt == "tbx":
        return format_tbx(glossary, tbx_version, src_lang, tgt_lang)
    if fmt == "tsv":
        return format_table(COLUMNS, entry_rows(glossary.entries), "\t", bom=False)
    return format_table(COLUMNS, entry_rows(glossary.entries), ",", bom)


def entry_rows(entries: Sequence[Entry]) -> list[list[str]]:
    """The cells of each entry, in COLUMNS order."""
    return [
        [
            join_cell(e.sources),
            e.target,
            join_cell(e.variants),
            join_cell(e.forbidden),
            e.case,
            e.status or "",
            e.note,
            e.definition,
            e.subject,
        ]
        for e in entries
    ]


def write_glossary(
    glossary: Glossary,
    path: Path,
    format: GlossaryFormat,
    *,
    bom: bool = True,
    tbx_version: TbxVersion = 3,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> None:
    """Write ``glossary`` to ``path`` atomically (the review editor's accepted terms)."""
    text = format_glossary(
        glossary, format, bom=bom, tbx_version=tbx_version, src_lang=src_lang, tgt_lang=tgt_lang
    )
    atomic_write_text(Path(path), text)


def format_findings(findings: Sequence[Finding], fmt: FindingsFormat, *, bom: bool = True) -> str:
    """CSV (spreadsheet-safe, ``start``/``end`` integer columns) or a JSON array, same fields."""
    records = [_finding_record(f) for f in findings]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    rows = (["" if rec[c] is None else str(rec[c]) for c in FINDING_COLUMNS] for rec in records)
    return format_table(FINDING_COLUMNS, rows, ",", bom)


def _finding_record(finding: Finding) -> dict[str, object]:
    rec = asdict(finding)
    span = rec.pop("span")
    rec["start"], rec["end"] = span if span else (None, None)
    return rec
