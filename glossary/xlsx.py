"""Glossaries saved from Excel or LibreOffice as ``.xlsx``: the first sheet's rows as text."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

from align.errors import InputError


def read_xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(sheet row number, cells as text) for every row of the first sheet, header included.

    Read-only and values only (``data_only``: a formula cell gives its cached value, never
    its formula). Numbers read as written (``2`` not ``2.0``); trailing empty cells dropped.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc}); re-save it") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            rows.append((number, cells))
        return rows
    finally:
        workbook.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
