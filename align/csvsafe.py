"""Spreadsheet-safe CSV/TSV: the one writer every table we write goes through (glossaries,
findings, proposals, batch summaries, the alignment TSV), and its reader.

What each file is for, and so how it is written:

* **CSV** (glossary export, findings, proposals, ``summary.csv``, ``consistency.csv``): for
  scripts, and for spreadsheets that are told to import it as text. A UTF-8 BOM first
  (``bom=True``, so Excel and LibreOffice pick UTF-8 for Chinese); every cell holding a line
  break (CR too), the delimiter or a quote mark is quoted; a formula lead (``= + - @``, tab,
  CR) at the start of a cell *or after any CR/LF inside it* -- wherever a spreadsheet may
  start a cell -- gets a ``'`` in front (OWASP CSV injection). A lead that already follows
  ``'`` gets one more, so reading removes exactly one and every cell round-trips. For people
  in a spreadsheet the XLSX of the same table (align.workbook) is better: no cell is retyped
  and no ``'`` shows.
* **Alignment TSV** (``quote=True``; ``align -o x.tsv``, ``run``'s ``.tsv``): read back by
  ``check``, ``report`` and ``review``, and often opened in a spreadsheet: quoted and escaped
  as a CSV is, no BOM.
* **Glossary TSV for CAT tools** (``glossary export --format tsv``, flat): MultiTerm, memoQ
  and OmegaT import cells literally, so a ``'`` would become part of the term: no BOM, no
  quoting (a tab or line break inside a cell becomes a space), no escaping; only a cell that
  already starts with ``'`` and a formula lead gets one more, so that it reads back.

Reading: bytes as spreadsheets save them -- UTF-8 with or without BOM, UTF-16 with BOM (Excel's
"Unicode text"), GB18030 (Chinese Excel's default) or Big5 -- then the rows, unescaped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from align.errors import InputError
from align.io import Encoding, decode_bytes

#: What a spreadsheet runs as a formula at the start of a cell (OWASP: tab and CR too).
FORMULA_LEADS = "=+-@\t\r"
# A position where a spreadsheet may start a cell: the start, or right after CR/LF.
_LINE_START = r"(?<![^\r\n])"
_LEAD = "'*[" + re.escape(FORMULA_LEADS) + "]"
_ESCAPE = re.compile(_LINE_START + f"(?={_LEAD})")
_UNESCAPE = re.compile(_LINE_START + f"'(?={_LEAD})")
_QUOTED_LEAD = re.compile(_LINE_START + f"(?='+[{re.escape(FORMULA_LEADS)}])")
_FORMULA = re.compile(_LINE_START + "[" + re.escape(FORMULA_LEADS) + "]")

BOM = "\ufeff"


def escape_cell(cell: str) -> str:
    """``'`` before each formula lead at a cell or line start (``"a\\r=b"`` → ``"a\\r'=b"``)."""
    return _ESCAPE.sub("'", cell)


def protect_quotes(cell: str) -> str:
    """One more ``'`` before a ``'``-quoted formula lead only (``"'=x"`` → ``"''=x"``, ``"=x"``
    unchanged): what a table read back through :func:`unescape_cell` needs when its cells
    are written as they are (an XLSX holds text, not formulas)."""
    return _QUOTED_LEAD.sub("'", cell)


def unescape_cell(cell: str) -> str:
    """Inverse of :func:`escape_cell`."""
    return _UNESCAPE.sub("", cell)


def formula_at(cell: str) -> int | None:
    """Offset of the first formula lead a spreadsheet would run, or None."""
    found = _FORMULA.search(cell)
    return found.start() if found else None


def format_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    delimiter: Literal[",", "\t"] = ",",
    bom: bool = True,
    quote: bool | None = None,
) -> str:
    """A CSV text (RFC 4180: CRLF row ends; a cell holding a CR or LF, the delimiter or a quote
    mark is quoted) or, with ``delimiter="\t"``, a TSV text with LF row ends: flat for CAT
    tools (the default: no quoting, no escaping, whitespace runs holding a tab or line break
    become one space) or, with ``quote=True``, quoted and escaped as a CSV is (the alignment
    TSV). See the module docstring for what each is for."""
    if delimiter == "\t" and not quote:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar=None, quotechar=None)  # fmt: skip
        writer.writerow(header)
        writer.writerows([protect_quotes(_flatten(c)) for c in row] for row in rows)
        text = buffer.getvalue()
    else:
        escaped = ([escape_cell(c) for c in row] for row in rows)
        text = _quoted_rows([header, *escaped], delimiter, "\r\n" if delimiter == "," else "\n")
    return BOM + text if bom else text


def _quoted_rows(rows: Iterable[Sequence[str]], delimiter: str, row_end: str) -> str:
    """The csv module quotes a cell holding a CR only when its line terminator holds one: write
    each row with CRLF (so every cell with a CR or LF is quoted), then end it with ``row_end``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    out = []
    for row in rows:
        writer.writerow(row)
        out.append(buffer.getvalue()[:-2] + row_end)
        buffer.seek(0)
        buffer.truncate()
    return "".join(out)


def _flatten(cell: str) -> str:
    return " ".join(cell.split()) if any(c in cell for c in "\t\n\r") else cell


def read_table_rows(
    text: str, path: Path, delimiter: str = ",", quote: bool | None = None
) -> list[tuple[int, list[str]]]:
    """(line where the row starts, unescaped cells) for every row, the header included.

    A flat TSV (``delimiter="\t"``, ``quote`` not True) has no quoting: a cell may start with a
    quote mark."""
    text = text.removeprefix(BOM)
    if delimiter == "\t" and not quote:
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, [unescape_cell(c) for c in cells]))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}:{line}: {exc}; check the quoting") from None
    return rows


def decode_table(data: bytes, path: Path, encoding: Encoding = "auto") -> str:
    """Text of a table file (``align.io.decode_bytes``: a BOM decides, ``auto`` detects; line
    ends as written, a CR inside a quoted cell is text)."""
    return decode_bytes(data, path, encoding)
