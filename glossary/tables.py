"""Glossary tables as spreadsheets save them: CSV, TSV or an ``.xlsx`` sheet, as raw rows.

Encoding and delimiter are told from the content, not the name: Excel's "Unicode text" (UTF-16
with BOM, tab-separated, cells quoted as in a CSV, named ``.txt``), Chinese Excel's CSV
(GB18030) and a ``;``-separated CSV of a European Excel read as what they are. The delimiter
is the one (tab, comma, semicolon) that splits the header line into the most column names; a
tie keeps the extension's (tab for ``.tsv``/``.tab``, else comma). The header names glossary
columns (``source, target, …``), or, in a multilingual table, languages (``zh-CN, en-US,
es``): the ``--src-lang`` column (default: the zh one) is read as ``source``, the
``--tgt-lang`` one (default: the en one) as ``target``, the others are left out. A header
error says how the file was read (encoding, delimiter).
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.csvsafe import Encoding, decode_table, read_table_rows, unescape_cell
from align.errors import InputError
from align.io import detect_encoding
from glossary.languages import Role, canonical_lang, is_lang_code, is_role, missing_language
from glossary.lint import RawRow
from glossary.model import COLUMNS, REQUIRED

_DELIMITERS = {"\t": "tab", ",": "comma", ";": "semicolon"}


@dataclass(frozen=True, slots=True)
class Table:
    """The data rows of a glossary table, and the language codes of a multilingual one's
    source and target columns (None otherwise)."""

    rows: list[RawRow]
    src_lang: str | None = None
    tgt_lang: str | None = None


def read_table_file(
    path: Path,
    data: bytes,
    *,
    xlsx: bool,
    encoding: Encoding = "auto",
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> Table:
    """The rows of a CSV/TSV file (``data``) or of an xlsx workbook's first sheet."""
    if xlsx:
        from glossary.xlsx import read_xlsx_rows

        rows = [(n, [unescape_cell(c) for c in cells]) for n, cells in read_xlsx_rows(path, data)]
        return header_rows(rows, path, "the first sheet", src_lang, tgt_lang)
    text = decode_table(data, path, encoding)
    tab_name = Path(path).suffix.lower() in (".tsv", ".tab")
    delimiter = sniff_delimiter(text, "\t" if tab_name else ",")
    named = _encoding_name(data, encoding)
    # Excel's "Unicode text" quotes a cell holding a tab, line break or quote mark as a CSV
    # does; a UTF-8 TSV (ours, for CAT tools) is flat: a cell may start with a quote mark.
    rows = read_table_rows(text, path, delimiter, quote=named.startswith("UTF-16"))
    how = f"{named}, {_DELIMITERS[delimiter]}-separated"
    return header_rows(rows, path, how, src_lang, tgt_lang)


def sniff_delimiter(text: str, default: str) -> str:
    """The delimiter splitting the first line into the most known column names (or language
    codes), else into the most cells (an unknown header is then reported cell by cell);
    ``default`` on a tie."""
    header = text.removeprefix("\ufeff").split("\n", 1)[0]

    def score(delimiter: str) -> tuple[int, int, bool]:
        cells = [c.strip().strip('"').strip().lower() for c in header.split(delimiter)]
        names = sum(c in COLUMNS or is_lang_code(c) for c in cells)
        return names, len(cells), delimiter == default

    return max(_DELIMITERS, key=score)


def _encoding_name(data: bytes, encoding: Encoding) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 with BOM"
    codec = detect_encoding(data) if encoding == "auto" else encoding
    return {"gb18030": "GB18030", "big5": "Big5", "utf-8": "UTF-8"}.get(codec or "", codec or "")


def header_rows(
    rows: Sequence[tuple[int, list[str]]],
    path: Path,
    how: str,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> Table:
    """Data rows keyed by the (lowercased) names of the first row, which must name columns;
    ``how``: how the file was read, named in a header error."""
    if not rows:
        raise InputError(f"{path}: empty; the first line must name the columns")
    line, cells = rows[0]
    header = [h.strip().lower() for h in cells]
    codes: tuple[str | None, str | None] = (None, None)
    if "source" not in header and any(is_lang_code(h) and h not in COLUMNS for h in header):
        header, codes = _language_header(header, path, src_lang, tgt_lang)
    _check_header(header, line, path, how)
    out = []
    for number, values in rows[1:]:
        if any(c.strip() for c in values):
            if len(values) > len(header):
                raise InputError(
                    f"{path}:{number}: {len(values)} cells but the header has {len(header)} "
                    "columns; quote cells that contain the delimiter"
                )
            kept = {h: v for h, v in zip(header, values, strict=False) if h}
            out.append(RawRow(number, kept))
    return Table(out, *codes)


def _language_header(
    header: list[str], path: Path, src_lang: str | None, tgt_lang: str | None
) -> tuple[list[str], tuple[str | None, str | None]]:
    """A multilingual header with its source and target language columns renamed ``source``
    and ``target`` and the other languages' columns blanked (left out); their codes."""
    langs = [h for h in header if is_lang_code(h) and h not in COLUMNS]
    src = next((h for h in langs if is_role(h, "source", src_lang)), None)
    tgt = next((h for h in langs if is_role(h, "target", tgt_lang)), None)
    if src is None or tgt is None:
        role: Role = "source" if src is None else "target"
        error = missing_language(path, langs, role, src_lang if src is None else tgt_lang)
        raise InputError(f"{error}, or name the columns {','.join(COLUMNS)}")
    renamed = [
        "source" if h == src else "target" if h == tgt else "" if h in langs else h for h in header
    ]
    return renamed, (canonical_lang(src), canonical_lang(tgt))


def _check_header(header: list[str], line: int, path: Path, how: str) -> None:
    named = [h for h in header if h]
    unknown = [h for h in named if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in named]
    twice = sorted({h for h in named if named.count(h) > 1})
    if unknown or missing or twice:
        raise InputError(
            f"{path}:{line}: header {','.join(header)!r} "
            + (f"has unknown column(s) {', '.join(map(repr, unknown))}; " if unknown else "")
            + (f"names {', '.join(map(repr, twice))} twice; " if twice else "")
            + (f"lacks {', '.join(missing)}; " if missing else "")
            + f"the first line must name the columns, from: {','.join(COLUMNS)}, or "
            f"languages (zh, en…); read as {how}"
        )
