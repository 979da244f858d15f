"""Glossaries saved from Excel or LibreOffice as ``.xlsx``: the first sheet's rows as text.

The package is checked before openpyxl opens it (``align.package``: unpacked size, packing
ratio, no DTD in any XML part); XML that still does not parse (an undefined entity) is one
line, never a traceback."""

from __future__ import annotations

import datetime
import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree.ElementTree import ParseError

from lxml.etree import XMLSyntaxError

from align.errors import InputError
from align.package import check_package

#: A glossary workbook unpacks to at most this (100,000 one-word rows written by openpyxl are
#: 14 MiB; ``glossary lint`` reads them in 38 s at 256 MB).
MAX_UNPACKED_BYTES = 16 * 2**20


def read_xlsx_rows(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    """(sheet row number, cells as text) for every row of the first sheet of the workbook
    ``data`` read from ``path``, header included.

    Read-only and values only (``data_only``: a formula cell gives its cached value, never
    its formula). Numbers read as written (``2`` not ``2.0``); trailing empty cells dropped.
    """
    from openpyxl import load_workbook

    check_package(data, path, "workbook", MAX_UNPACKED_BYTES)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, *_XML_ERRORS) as exc:
        raise _unreadable(path, exc) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            rows.append((number, cells))
        return rows
    except _XML_ERRORS as exc:  # read-only sheets are parsed as their rows are read
        raise _unreadable(path, exc) from None
    finally:
        workbook.close()


_XML_ERRORS = (ParseError, XMLSyntaxError)


def _unreadable(path: Path, exc: Exception) -> InputError:
    return InputError(f"{path}: not a readable .xlsx workbook ({exc}); re-save it")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
