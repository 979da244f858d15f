"""Glossary files (CSV, TSV, xlsx, TBX), findings files, and the aligned text to check.

Tables (CSV, TSV, an ``.xlsx`` workbook's first sheet) are read by glossary.tables: encoding
and delimiter told from the content, a header naming some of ``source, target, variants,
forbidden, case, status, note, definition, subject`` (``source`` and ``target`` required, any
order) or, in a multilingual table, languages. Written through align.csvsafe (CSV: UTF-8 BOM,
formula leads escaped with ``'``, removed again on import so files round-trip; TSV for CAT
tools: flat) or align.workbook (XLSX: every cell text). TBX: see glossary.tbx.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal, cast

from align.console import info
from align.csvsafe import Encoding, format_table, protect_quotes
from align.errors import InputError, warn
from align.io import GLOSSARIES, atomic_write_text, read_bytes
from align.workbook import Cell, format_xlsx
from glossary.checks import FINDING_COLUMNS, Finding
from glossary.lint import Problem, RawRow, lint_rows
from glossary.model import (
    COLUMNS,
    Case,
    Entry,
    Glossary,
    Status,
    default_case,
    join_cell,
    split_cell,
)
from glossary.tables import Table, read_table_file
from glossary.tbx import Skipped, TbxVersion, format_tbx, parse_tbx

GlossaryFormat = Literal["csv", "tsv", "tbx"]
InputFormat = Literal["csv", "tsv", "tbx", "xlsx"]
FindingsFormat = Literal["csv", "json"]
#: What ``glossary check`` and ``run`` write findings as; ``xlsx`` is ``findings_xlsx``.
FindingsFileFormat = Literal["csv", "json", "xlsx"]


@dataclass(frozen=True, slots=True)
class GlossaryOptions:
    """How a glossary file is read: ``--glossary-encoding`` (CSV/TSV), ``--src-lang`` and
    ``--tgt-lang`` (the languages of a multilingual TBX, xlsx or CSV: glossary.languages) and
    ``--strict`` (a TBX entry that cannot be read is an error, not skipped)."""

    encoding: Encoding = "auto"
    src_lang: str | None = None
    tgt_lang: str | None = None
    strict: bool = False


@dataclass(frozen=True, slots=True)
class LoadedGlossary:
    """A glossary as read, and the TBX entries left out (each with its id and reason)."""

    glossary: Glossary
    skipped: tuple[Skipped, ...] = ()


#: More than this share of a termbase's entries skipped is a warning (fewer: an info line).
SKIPPED_WARNING_SHARE = 0.1
#: How many skipped entries' reasons the warning quotes.
_QUOTED = 3


# --- reading -------------------------------------------------------------------------------


def glossary_format(path: Path, data: bytes | None = None) -> InputFormat:
    """By extension (.tbx/.xml, .xlsx, .tsv/.tab, anything else CSV), or by content: a zip
    is a workbook, XML (after any BOM and blanks, in UTF-8 or UTF-16) a TBX. (A CSV's
    delimiter is told from its content: glossary.tables.)"""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx" or (data is not None and data.startswith(b"PK\x03\x04")):
        return "xlsx"
    head = (data or b"")[:64].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    if suffix in (".tbx", ".xml") or head.startswith(b"<"):
        return "tbx"
    return "tsv" if suffix in (".tsv", ".tab") else "csv"


def load_glossary(path: Path, options: GlossaryOptions | None = None) -> LoadedGlossary:
    """Read a CSV, TSV, xlsx or TBX glossary; InputError naming row and column on a bad cell.

    A TBX entry without a term in either language is skipped and listed in ``skipped``
    (``options.strict``: InputError); a termbase without either language is an InputError."""
    options = options or GlossaryOptions()
    path = Path(path)
    data = read_bytes(path, "a glossary file", GLOSSARIES)
    if glossary_format(path, data) == "tbx":
        glossary, skipped = parse_tbx(
            data, path, options.strict, options.src_lang, options.tgt_lang
        )
        validate_rows(_tbx_rows(glossary), path)
        return LoadedGlossary(glossary, skipped)
    table = _table_rows(path, data, options)
    glossary = rows_to_glossary(table.rows, path)
    return LoadedGlossary(replace(glossary, src_lang=table.src_lang, tgt_lang=table.tgt_lang))


def read_glossary(path: Path, options: GlossaryOptions | None = None) -> Glossary:
    """:func:`load_glossary`, the skipped TBX entries reported (:func:`skipped_notice`): a
    warning over ``SKIPPED_WARNING_SHARE``, else an informational line."""
    loaded = load_glossary(path, options)
    notice = skipped_notice(loaded, path)
    if notice:
        (warn if notice[0] else info)(notice[1])
    return loaded.glossary


def skipped_notice(loaded: LoadedGlossary, path: Path) -> tuple[bool, str] | None:
    """(is it a warning, the line) about the entries skipped on import, or None: how many,
    the first reasons, and how to list them all."""
    if not loaded.skipped:
        return None
    count = len(loaded.skipped)
    total = count + len(loaded.glossary)
    first = "; ".join(f"entry {s.entry}: {s.reason}" for s in loaded.skipped[:_QUOTED])
    more = f"; … {count - _QUOTED} more" if count > _QUOTED else ""
    line = (
        f"{path}: {count} of {total} entries skipped ({first}{more}); `glossalign glossary "
        f"lint {path}` lists them, --strict refuses them"
    )
    return count > SKIPPED_WARNING_SHARE * total, line


def read_table(path: Path, options: GlossaryOptions | None = None) -> list[RawRow]:
    """The rows of a glossary file as written, for lint (a TBX entry is one row)."""
    return _table(Path(path), options or GlossaryOptions())[0]


def lint_file(path: Path, options: GlossaryOptions | None = None) -> list[Problem]:
    """Every problem of a glossary file, by row; a skipped TBX entry is a warning."""
    rows, skipped = _table(Path(path), options or GlossaryOptions())
    problems = lint_rows(rows) + [
        Problem(s.number, "entry", "warning", f"entry {s.entry} is skipped on import: {s.reason}")
        for s in skipped
    ]
    return sorted(problems, key=lambda p: (p.row, p.severity != "error"))


def _table(path: Path, options: GlossaryOptions) -> tuple[list[RawRow], tuple[Skipped, ...]]:
    data = read_bytes(path, "a glossary file", GLOSSARIES)
    if glossary_format(path, data) != "tbx":
        return _table_rows(path, data, options).rows, ()
    glossary, skipped = parse_tbx(data, path, False, options.src_lang, options.tgt_lang)
    return _tbx_rows(glossary), skipped


def _tbx_rows(glossary: Glossary) -> list[RawRow]:
    """A TBX file's entries as table rows (``row``: the termEntry number), for lint."""
    return [
        RawRow(e.row, dict(zip(COLUMNS, cells, strict=True)))
        for e, cells in zip(glossary.entries, entry_rows(glossary.entries), strict=True)
    ]


def _table_rows(path: Path, data: bytes, options: GlossaryOptions) -> Table:
    return read_table_file(
        path, data, xlsx=glossary_format(path, data) == "xlsx", encoding=options.encoding,
        src_lang=options.src_lang, tgt_lang=options.tgt_lang,
    )  # fmt: skip


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


def glossary_xlsx(glossary: Glossary) -> bytes:
    """The glossary as a workbook, every cell text; read back as it was (a cell that starts
    with ``'`` and a formula lead keeps one more ``'``, as in a CSV: see align.csvsafe)."""
    rows = ([protect_quotes(c) for c in row] for row in entry_rows(glossary.entries))
    return format_xlsx(COLUMNS, rows, "glossary")


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
    """CSV (spreadsheet-safe, ``start``/``end`` integer columns) or a JSON array of objects
    with the same keys in the same order."""
    table = findings_table(findings)
    if fmt == "json":
        records = [dict(zip(FINDING_COLUMNS, row, strict=True)) for row in table]
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    rows = (["" if cell is None else str(cell) for cell in row] for row in table)
    return format_table(FINDING_COLUMNS, rows, ",", bom)


def findings_xlsx(findings: Sequence[Finding]) -> bytes:
    """The findings as a workbook: text cells, ``bead``/``start``/``end`` numbers."""
    return format_xlsx(FINDING_COLUMNS, findings_table(findings), "findings")


def findings_table(findings: Sequence[Finding]) -> list[list[Cell]]:
    """One row per finding, in FINDING_COLUMNS order (the span as ``start``, ``end``)."""
    rows = []
    for finding in findings:
        rec = asdict(finding)
        span = rec.pop("span")
        rec["start"], rec["end"] = span if span else (None, None)
        rows.append([rec[c] for c in FINDING_COLUMNS])
    return rows
