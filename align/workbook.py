"""Tables for people as XLSX workbooks (openpyxl): what a spreadsheet opens without changing.

A CSV is typed by the spreadsheet that opens it: ``1/1`` becomes a date, ``001`` the number 1,
``1E5`` 100000, ``TRUE`` a boolean, ``(1)`` −1, a 19-digit id 1.23457E+18, and a formula lead
needs a visible ``'``. In an XLSX every cell carries its type: each ``str`` is written as text
(text format ``@`` too, so that editing the cell keeps it text; ``=1+1`` is text, never a
formula), each ``int``/``float`` — only the numbers we computed: scores, counts, offsets — as
a number, ``None`` as an empty cell. The header row is bold, frozen and auto-filtered, the
columns as wide as their content (East Asian wide characters count two, at most
``MAX_WIDTH``). Characters that XLSX cannot hold (C0 controls but tab and line breaks) become
U+FFFD.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from align.errors import InputError
from align.io import atomic_write_bytes

Cell = str | int | float | None
#: Widest column, in characters; a longer text wraps only when the user asks.
MAX_WIDTH = 60
#: Rows looked at to size the columns (the header and the first ones).
_SIZED_ROWS = 200
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def format_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], sheet: str) -> bytes:
    """One worksheet named ``sheet``: ``header``, then ``rows`` (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [list(row) for row in rows]
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.freeze_panes = "A2"
    for column, width in enumerate(column_widths(header, rows), 1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)

    def cell(value: Cell, header_row: bool = False) -> WriteOnlyCell:
        if isinstance(value, str):
            written = WriteOnlyCell(worksheet, value=_ILLEGAL.sub("\ufffd", value))
            written.data_type = "s"  # openpyxl would read a leading = as a formula
            written.number_format = "@"
        else:
            written = WriteOnlyCell(worksheet, value=value)
        if header_row:
            written.font = bold
        return written

    worksheet.append([cell(name, True) for name in header])
    for row in rows:
        worksheet.append([cell(value) for value in row])
    last = get_column_letter(max(len(header), 1))
    worksheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def numbers_in(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[str]
) -> list[list[Cell]]:
    """Text rows with the cells of the ``numeric`` columns (counts, scores: figures we wrote)
    as ``int`` or ``float``, an empty one as None; every other cell stays text."""
    columns = {header.index(name) for name in numeric}

    def value(k: int, cell: str) -> Cell:
        if k not in columns:
            return cell
        if not cell:
            return None
        return int(cell) if cell.lstrip("-").isdigit() else float(cell)

    return [[value(k, cell) for k, cell in enumerate(row)] for row in rows]


def column_widths(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[float]:
    """Width of each column: its widest line among the header and the first rows, plus 2."""
    widths = [display_width(name) for name in header]
    for row in rows[:_SIZED_ROWS]:
        for k, value in enumerate(row[: len(widths)]):
            text = value if isinstance(value, str) else "" if value is None else f"{value}"
            widths[k] = max(widths[k], max(map(display_width, text.split("\n"))))
    return [min(w, MAX_WIDTH) + 2 for w in widths]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet's font: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def write_xlsx(data: bytes, output: Path | None) -> None:
    """Write a workbook to ``output`` atomically; with none, an InputError (it is binary)."""
    if output is None:
        raise InputError(xlsx_needs_a_file())
    atomic_write_bytes(output, data)


def xlsx_needs_a_file() -> str:
    return "xlsx is a binary format: give -o FILE.xlsx (or --format csv for stdout)"
