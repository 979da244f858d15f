"""Adding one accepted term to a glossary file without touching the rest of it.

A CSV or TSV glossary gets exactly one row appended, written as the file is written: its
encoding (UTF-8, UTF-16, GB18030 or Big5; a byte-order mark is kept and never added), its
line ends (CRLF, LF or CR), its delimiter (comma, semicolon or tab, as ``glossary.tables``
tells it) and its columns in their order (the cells of columns it lacks are left out; a column
it has and the entry does not fill stays empty; in a multilingual table the term goes under
the languages it was read with). Cells are escaped as every table we write
(``align.csvsafe``). Every byte already in the file stays as it was, and the file is replaced
atomically. A file that does not end with a line end gets one before the row.

A TBX or xlsx glossary is never rewritten: the term goes to a CSV beside it
(``sidecar``), created with our header on the first accepted term and appended to after.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from align.csvsafe import BOM, escape_cell
from align.errors import InputError
from align.io import GLOSSARIES, atomic_write_bytes, detect_encoding, read_bytes
from glossary.io import entry_rows, format_glossary, glossary_format
from glossary.languages import canonical_lang, is_lang_code
from glossary.model import COLUMNS, Entry, Glossary
from glossary.tables import sniff_delimiter

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Layout:
    """How a table file is written: codec (without BOM), line end, delimiter, column names
    (lowercased, in order; a language code as ``source`` or ``target``, or empty), and
    whether its text ends with a line end."""

    codec: str
    newline: str
    delimiter: str
    columns: tuple[str, ...]
    ends_with_newline: bool
    flat: bool  # a TSV without quoting (as CAT tools read it)


def sidecar(path: Path) -> Path:
    """Where terms accepted into the TBX or xlsx glossary ``path`` go."""
    return path.with_suffix(".accepted.csv")


def layout(data: bytes, path: Path, langs: tuple[str | None, str | None] = (None, None)) -> Layout:
    """The layout of the CSV or TSV glossary ``data`` (read from ``path``; ``langs``: the
    languages of a multilingual table's source and target columns, as it was read)."""
    codec = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    bom = next((b for b, name in _BOMS if name == codec), b"")
    codec = codec or detect_encoding(data)
    if codec is None:
        raise InputError(f"{path}: not UTF-8, UTF-16, GB18030 or Big5; cannot add a term to it")
    text = data[len(bom) :].decode(codec).removeprefix(BOM)
    newline = next((n for n in ("\r\n", "\n", "\r") if n in text), "\r\n")
    delimiter = sniff_delimiter(text, "\t" if glossary_format(path, data) == "tsv" else ",")
    header = next(csv.reader(io.StringIO(text.split(newline, 1)[0]), delimiter=delimiter), [])
    columns = tuple(_column(h, langs) for h in header)
    if "source" not in columns or "target" not in columns:
        raise InputError(f"{path}: the first line must name the columns (source, target, ...)")
    ends = text.endswith(("\n", "\r"))
    return Layout(codec, newline, delimiter, columns, ends, delimiter == "\t" and "16" not in codec)


def _column(name: str, langs: tuple[str | None, str | None]) -> str:
    """A header cell as a glossary column: its name, or ``source``/``target`` for the
    languages a multilingual table was read with (another language: left empty)."""
    name = name.strip().lower()
    if not is_lang_code(name):
        return name
    for column, lang in zip(("source", "target"), langs, strict=True):
        if lang is not None and canonical_lang(name) == canonical_lang(lang):
            return column
    return ""


def format_row(entry: Entry, shape: Layout) -> str:
    """``entry`` as one row of a file of ``shape``, with its line end."""
    cells = dict(zip(COLUMNS, entry_rows([entry])[0], strict=True))
    row = [escape_cell(cells.get(c, "")) for c in shape.columns]
    buffer = io.StringIO()
    if shape.flat:
        row = [" ".join(c.split()) for c in row]
        writer = csv.writer(buffer, delimiter="\t", lineterminator=shape.newline,
                            quoting=csv.QUOTE_NONE, escapechar=None, quotechar=None)  # fmt: skip
    else:
        writer = csv.writer(buffer, delimiter=shape.delimiter, lineterminator=shape.newline)
    writer.writerow(row)
    return ("" if shape.ends_with_newline else shape.newline) + buffer.getvalue()


def append_entry(
    path: Path, entry: Entry, langs: tuple[str | None, str | None] = (None, None)
) -> Path:
    """Add ``entry`` to the glossary ``path`` (or, for TBX/xlsx, to its ``sidecar``; a new
    file is created with our header); the file written. ``langs``: see ``layout``."""
    path = Path(path)
    if path.exists() and glossary_format(path) in ("tbx", "xlsx"):
        path = sidecar(path)
    if not path.exists():
        text = format_glossary(
            Glossary((entry,)), "tsv" if glossary_format(path) == "tsv" else "csv"
        )
        atomic_write_bytes(path, text.encode("utf-8"))
        return path
    data = read_bytes(path, "a glossary file", GLOSSARIES)
    shape = layout(data, path, langs)
    try:
        added = format_row(entry, shape).encode(shape.codec)
    except UnicodeEncodeError:
        raise InputError(
            f"{path}: its encoding ({shape.codec}) cannot hold this term; save it as UTF-8"
        ) from None
    atomic_write_bytes(path, data + added)
    return path
