"""Validation of a glossary table: every problem names its row and column.

Errors (lint exits 1, and reading the glossary anywhere fails the same way, see
glossary.io.validate_rows): an empty ``source`` or ``target`` cell, a term without a letter or
digit (``...``, ``。``: terms are matched as words, so it would be reported missing in every
bead), an unknown ``case``/``status`` value, a control character (no XML file can hold it),
the same source term in two rows
(unless one of them is ``deprecated``: a deprecated row records an old rendering of a concept
whose current rendering is another row), a rendering that is both allowed and forbidden.
Warnings: a source term that contains another entry's source term (the longer one wins when
matching), a cell that a spreadsheet would run as a formula -- a formula lead at its start or
after a line break inside it (escaped in CSV exports; XLSX holds it as text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from align.csvsafe import formula_at
from glossary.matching import spelling
from glossary.model import CASES, REQUIRED, SEP, STATUSES, default_case, split_cell
from glossary.normalize import normalize_zh

Severity = Literal["error", "warning"]
# C0 controls but tab, LF, CR, and U+FFFE/U+FFFF: not allowed in XML 1.0; DEL and C1 controls:
# discouraged there, and invisible in a spreadsheet.
#: The columns holding terms (several per cell, separated by ``|``).
TERM_COLUMNS = ("source", "target", "variants", "forbidden")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    column: str
    severity: Severity
    message: str

    def format(self, name: str) -> str:
        return f"{name}:{self.row}: column {self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row as read: ``line`` is the 1-based line where it starts; cells by column."""

    line: int
    cells: Mapping[str, str]


def is_formula(cell: str) -> bool:
    """A spreadsheet would run (part of) the cell as a formula: see align.csvsafe."""
    return formula_at(cell) is not None


def row_problems(row: RawRow) -> list[Problem]:
    """Problems local to one row (errors and warnings)."""
    out: list[Problem] = []
    cells = row.cells
    for column in REQUIRED:
        if not split_cell(cells.get(column, "")):
            out.append(Problem(row.line, column, "error", f"empty {column} cell; fill it in"))
    out.extend(_wordless_terms(row))
    for column, allowed in (("case", CASES), ("status", STATUSES)):
        value = cells.get(column, "").strip()
        if value and value not in allowed:
            out.append(
                Problem(
                    row.line, column, "error",
                    f"unknown {column} {value!r}; use one of {', '.join(allowed)} or leave it "
                    "empty",
                )
            )  # fmt: skip
    sensitive = cells.get("case", "").strip() == "sensitive" or (
        not cells.get("case", "").strip() and default_case(cells.get("target", "")) == "sensitive"
    )

    def key(term: str) -> str:
        return spelling(term, sensitive)

    forbidden = {key(t): t for t in split_cell(cells.get("forbidden", ""))}
    for column in ("target", "variants"):
        for term in split_cell(cells.get(column, "")):
            if key(term) in forbidden:
                out.append(
                    Problem(
                        row.line, column, "error",
                        f"{term!r} is both allowed ({column}) and forbidden "
                        f"({forbidden[key(term)]!r}); remove it from one of them",
                    )
                )  # fmt: skip
    for column, value in cells.items():
        at = formula_at(value)
        if at is not None:
            where = "starts with" if at == 0 else "has a line starting with"
            out.append(
                Problem(
                    row.line, column, "warning",
                    f"{value[max(at - 10, 0) : at + 20]!r} {where} {value[at]!r}, which a "
                    "spreadsheet runs as a formula; CSV exports escape it with a leading '",
                )
            )  # fmt: skip
        control = _CONTROL.search(value)
        if control:
            out.append(
                Problem(
                    row.line, column, "error",
                    f"control character U+{ord(control.group()):04X} at offset {control.start()}; "
                    "remove it",
                )
            )  # fmt: skip
    return out


def _wordless_terms(row: RawRow) -> list[Problem]:
    """Terms without a letter or digit: no word of a text can match them."""
    return [
        Problem(
            row.line, column, "error",
            f"term {term!r} has no letter or digit, so it cannot be matched as a term; remove it",
        )
        for column in TERM_COLUMNS
        for term in split_cell(row.cells.get(column, ""))
        if not any(c.isalnum() for c in term)
    ]  # fmt: skip


def table_problems(rows: Sequence[RawRow]) -> list[Problem]:
    """Problems between rows: duplicate source terms (error), nested source terms (warning)."""
    out: list[Problem] = []
    first: dict[str, tuple[int, bool, str]] = {}  # normalised → (line, deprecated, as written)
    for row in rows:
        deprecated = row.cells.get("status", "").strip() == "deprecated"
        for term in split_cell(row.cells.get("source", "")):
            key = normalize_zh(term)
            if key not in first:
                first[key] = (row.line, deprecated, term)
            elif first[key][0] != row.line and not (deprecated or first[key][1]):
                out.append(
                    Problem(
                        row.line, "source", "error",
                        f"source term {term!r} is already in row {first[key][0]}; merge the rows "
                        f"(extra renderings go in variants, separated by {SEP!r})",
                    )
                )  # fmt: skip
    out.extend(_nested(first))
    return out


def _nested(first: Mapping[str, tuple[int, bool, str]]) -> list[Problem]:
    import ahocorasick

    if not first:
        return []
    automaton = ahocorasick.Automaton()
    for key in first:
        automaton.add_word(key, key)
    automaton.make_automaton()
    out = []
    for key, (line, _, term) in first.items():
        for inner in sorted({found for _, found in automaton.iter(key)}):
            inner_line, _, inner_term = first[inner]
            if inner_line != line:
                out.append(
                    Problem(
                        line, "source", "warning",
                        f"{term!r} contains {inner_term!r} (row {inner_line}); the longer term "
                        "wins where both match",
                    )
                )  # fmt: skip
    return out


def lint_rows(rows: Sequence[RawRow]) -> list[Problem]:
    """All problems, ordered by row."""
    problems = [p for row in rows for p in row_problems(row)] + table_problems(rows)
    return sorted(problems, key=lambda p: (p.row, p.severity != "error"))
