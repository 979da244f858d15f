"""XLSX tables for people: every text cell is text (no date, number, boolean or formula made of
it), the figures we computed are numbers, the header is frozen and filtered; LibreOffice reads
the findings, proposals, batch summary and consistency workbooks back as written."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from align.batch.consistency import CONSISTENCY_COLUMNS, Inconsistency, consistency_xlsx
from align.batch.inputs import Pair
from align.batch.job import PairResult
from align.batch.outputs import SUMMARY_COLUMNS, PairStatus, summary_xlsx
from align.workbook import MAX_WIDTH, display_width, format_xlsx, numbers_in
from glossary.checks import FINDING_COLUMNS, Finding
from glossary.io import findings_xlsx, glossary_xlsx
from glossary.model import COLUMNS, Entry, Glossary

#: What spreadsheets retype in a CSV: dates, leading zeros, times, exponents, booleans,
#: percentages, accounting negatives, long ids, formulas, and Chinese.
HOSTILE = [
    "1/1", "001", "00123", "1/2", "3:30", "1E5", "TRUE", "50%", "(1)", "1234567890123456789",
    "=1+1", "-5", "@home", "全域封禁",
]  # fmt: skip


def sheet(data: bytes) -> Worksheet:
    return load_workbook(io.BytesIO(data)).worksheets[0]


def cells(worksheet: Worksheet) -> list[list[tuple[object, str]]]:
    """(value, type) of every cell, row by row: ``s`` text, ``n`` number or empty."""
    return [[(c.value, c.data_type) for c in row] for row in worksheet.iter_rows()]


def test_text_stays_text_and_figures_stay_numbers() -> None:
    data = format_xlsx(["text", "count", "score"], [[v, 3, 0.5] for v in HOSTILE], "t")
    worksheet = sheet(data)
    rows = cells(worksheet)
    assert rows[0] == [("text", "s"), ("count", "s"), ("score", "s")]
    assert [row[0] for row in rows[1:]] == [(v, "s") for v in HOSTILE]
    assert {(row[1], row[2]) for row in rows[1:]} == {((3, "n"), (0.5, "n"))}
    assert not [c.coordinate for row in worksheet.iter_rows() for c in row if c.is_date]
    assert all(c.number_format == "@" for row in worksheet.iter_rows(min_row=2) for c in row[:1])
    assert (worksheet.freeze_panes, worksheet.auto_filter.ref) == ("A2", "A1:C15")
    assert all(c.font.b for c in next(worksheet.iter_rows()))


def test_columns_are_as_wide_as_their_content() -> None:
    long = "x" * 100
    worksheet = sheet(format_xlsx(["a", "b", "c"], [["全域封禁", long, None]], "t"))
    widths = [worksheet.column_dimensions[c].width for c in "ABC"]
    assert widths == [display_width("全域封禁") + 2, MAX_WIDTH + 2, 3]
    assert display_width("全域封禁") == 8


def test_characters_xlsx_cannot_hold_become_a_replacement_mark() -> None:
    worksheet = sheet(format_xlsx(["a"], [["a\x00b\x1bc\td\ne"]], "t"))
    assert worksheet["A2"].value == "a\ufffdb\ufffdc\td\ne"


def test_numbers_in_types_only_the_named_columns() -> None:
    rows = numbers_in(["name", "n", "share"], [["001", "12", "0.125"], ["1E5", "", "-1"]],
                      ["n", "share"])  # fmt: skip
    assert rows == [["001", 12, 0.125], ["1E5", None, -1]]


def _findings() -> list[Finding]:
    return [
        Finding(k, "forbidden", value, value, value, f"源 {value}", f"uses {value} here",
                (5, 5 + len(value)), unit=value)
        for k, value in enumerate(HOSTILE)
    ]  # fmt: skip


def _summary() -> list[PairStatus]:
    rows = []
    for k, name in enumerate(HOSTILE):
        result = PairResult(name, (), 10 + k, 11, 9, 1, k, (), 2.5, 20, "m")
        rows.append(PairStatus(Pair(name, Path(f"{name}.zh.txt"), Path(f"{name}.en.txt")),
                               "aligned", result))  # fmt: skip
    return rows


def _consistency() -> list[Inconsistency]:
    return [Inconsistency(v, v, v, k + 1, (v, "002"), f"{v} ×2") for k, v in enumerate(HOSTILE)]


#: name -> (workbook, header, the column of each row that holds its hostile value, the
#: numeric columns).
WORKBOOKS = {
    "findings": (lambda: findings_xlsx(_findings()), FINDING_COLUMNS, "found",
                 {"bead", "start", "end"}),
    "proposals": (lambda: glossary_xlsx(Glossary(tuple(Entry((v,), v, note=v) for v in HOSTILE))),
                  COLUMNS, "target", set()),
    "summary": (lambda: summary_xlsx(_summary()), SUMMARY_COLUMNS, "name",
                {"src_sentences", "tgt_sentences", "beads", "low_share", "findings", "seconds",
                 "texts_encoded"}),
    "consistency": (lambda: consistency_xlsx(_consistency()), CONSISTENCY_COLUMNS, "found",
                    {"uses"}),
}  # fmt: skip


def _check(worksheet: Worksheet, header: tuple[str, ...], column: str, numeric: set[str]) -> None:
    rows = cells(worksheet)
    assert [value for value, _ in rows[0]] == list(header)
    values = sorted(str(row[header.index(column)][0]) for row in rows[1:])
    assert values == sorted(HOSTILE)  # as written (the summary sorts its rows)
    for row in rows[1:]:
        for name, (value, kind) in zip(header, row, strict=False):
            if value is None:
                continue
            assert kind == ("n" if name in numeric else "s"), (name, value, kind)
            assert isinstance(value, (int, float)) is (name in numeric), (name, value)


@pytest.mark.parametrize("name", WORKBOOKS)
def test_each_table_is_typed(name: str) -> None:
    make, header, column, numeric = WORKBOOKS[name]
    _check(sheet(make()), header, column, numeric)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_reads_every_workbook_back_as_written(tmp_path: Path) -> None:
    """LibreOffice opens each workbook and saves it again (what it read, typed as it read it):
    every hostile value comes back as the same text, every figure as a number."""
    written = tmp_path / "written"
    written.mkdir()
    for name, (make, *_) in WORKBOOKS.items():
        (written / f"{name}.xlsx").write_bytes(make())
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "read"),
         *sorted(str(p) for p in written.iterdir())],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for name, (_, header, column, numeric) in WORKBOOKS.items():
        worksheet = load_workbook(tmp_path / "read" / f"{name}.xlsx").worksheets[0]
        _check(worksheet, header, column, numeric)
        assert not [c.coordinate for row in worksheet.iter_rows() for c in row if c.is_date]
        # the header's filter survives (its frozen pane is view state, which headless drops)
        last = get_column_letter(worksheet.max_column)
        assert worksheet.auto_filter.ref == f"A1:{last}{worksheet.max_row}"
