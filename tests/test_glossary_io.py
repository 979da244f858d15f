import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import glossary_entries, glossary_terms

from align.errors import InputError
from glossary.checks import FINDING_COLUMNS, Finding
from glossary.io import (
    GlossaryOptions,
    entry_rows,
    format_findings,
    format_glossary,
    glossary_format,
    glossary_xlsx,
    lint_file,
    load_glossary,
    read_glossary,
    read_table,
)
from glossary.lint import RawRow, lint_rows
from glossary.model import COLUMNS, Entry, Glossary

HEADER = "source,target,variants,forbidden,case,status,note\n"


def write(tmp_path: Path, text: str, name: str = "g.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def test_csv_with_bom_crlf_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "target,source\r\nglobal ban,全域封禁|全域封锁\r\nWMC,WMC\r\n", bom=True)
    g = read_glossary(path)
    assert g.entries == (
        Entry(("全域封禁", "全域封锁"), "global ban", row=2),
        Entry(("WMC",), "WMC", case="sensitive", row=3),  # all-caps acronym default
    )
    assert g.entries[0].status is None  # no status cell: unmarked, not an invented one


def test_old_seven_column_csv_reads_unchanged_and_new_columns_read(tmp_path: Path) -> None:
    old = read_glossary(write(tmp_path, HEADER + "甲,a,,,,preferred,n\n"))
    assert old.entries == (Entry(("甲",), "a", status="preferred", note="n", row=2),)
    new = read_glossary(write(tmp_path, "source,target,definition,subject\n甲,a,the first,law\n"))
    assert (new.entries[0].definition, new.entries[0].subject) == ("the first", "law")


def test_rows_are_file_lines_even_with_multiline_cells(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '甲,a,,,,,"two\nlines"\n乙,b,,,,,\n')
    assert [e.row for e in read_glossary(path).entries] == [2, 4]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("source,traget\n甲,a\n", "unknown column(s) 'traget'"),
        ("source,note\n甲,a\n", "lacks target"),
        ("source,source,target\n甲,乙,a\n", "names 'source' twice"),
        (HEADER + "甲,,,,,,\n", "g.csv:2: column target: error: empty target"),
        (HEADER + "甲,a,,,upper,,\n", "g.csv:2: column case: error: unknown case 'upper'"),
        (HEADER + "甲,a,,,,,,extra\n", "g.csv:2: 8 cells but the header has 7"),
        (HEADER + "甲,a,,,,,x\x00y\n", "g.csv:2: column note: error: control character U+0000"),
        (HEADER + '甲,a,,,,,"open\n', "g.csv:2: unexpected end of data"),
    ],
)
def test_bad_csv_names_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        read_glossary(write(tmp_path, text))


def test_glossary_csv_is_spreadsheet_safe(tmp_path: Path) -> None:
    g = Glossary((Entry(("甲",), "=1+1", variants=("-x", "@y"), note="ok\r=cmd|' /C calc'!A0"),))
    text = format_glossary(g, "csv")
    assert text.startswith("\ufeffsource,target,")  # UTF-8 BOM for Excel/LibreOffice
    row = next(csv.reader(io.StringIO(text.removeprefix("\ufeff").split("\r\n", 1)[1])))
    assert row[:4] == ["甲", "'=1+1", "'-x|@y", ""]
    assert row[6] == "ok\r'=cmd|' /C calc'!A0"  # escaped after the CR too, and quoted
    assert "\"ok\r'=cmd" in text
    assert read_glossary(write(tmp_path, text)).entries[0].note == g.entries[0].note
    assert not format_glossary(g, "csv", bom=False).startswith("\ufeff")


def test_tsv_export_reads_back(tmp_path: Path) -> None:
    g = Glossary(
        (
            Entry(
                ("甲", "乙"), "global ban", ("ban",), ("lock",), "insensitive", "admitted", '"n"', 2
            ),
        )
    )
    text = format_glossary(g, "tsv")
    assert not text.startswith("\ufeff")  # the BOM is for spreadsheets, not CAT tools
    assert text.splitlines()[1] == '甲|乙\tglobal ban\tban\tlock\tinsensitive\tadmitted\t"n"\t\t'
    assert read_glossary(write(tmp_path, text, "g.tsv")) == g


# --- glossaries as translators save them ----------------------------------------------------

ROWS = "source,target,note\r\n全域封禁,global ban,封禁\r\n管理員,administrator,\r\n"
EXPECTED = (
    Entry(("全域封禁",), "global ban", note="封禁", row=2),
    Entry(("管理員",), "administrator", row=3),
)


@pytest.mark.parametrize(
    "data",
    [
        ROWS.encode("gb18030"),  # Chinese Excel's "CSV" on a mainland system
        ROWS.encode("utf-16"),  # Excel's "Unicode text" (BOM + UTF-16LE)
        b"\xfe\xff" + ROWS.encode("utf-16-be"),
        ROWS.encode("utf-16-le"),  # no BOM
        ROWS.encode("big5"),  # Traditional Chinese Excel
        b"\xef\xbb\xbf" + ROWS.encode(),
        ROWS.encode(),
    ],
    ids=["gb18030", "utf-16le-bom", "utf-16be-bom", "utf-16le", "big5", "utf-8-bom", "utf-8"],
)
def test_legacy_and_unicode_encodings_load(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(data)
    assert read_glossary(path).entries == EXPECTED


#: Excel's "Unicode text" save (Save As > Unicode Text, named .txt): UTF-16LE with BOM, tabs,
#: CRLF, and cells with a tab, a line break or a quote mark quoted as in a CSV.
EXCEL_UNICODE_TEXT = (
    'source\ttarget\tnote\r\n全域封禁\tglobal ban\t"say ""ban"",\tnot\nlock"\r\n'
    "管理員\tadministrator\t\r\n"
)


@pytest.mark.parametrize("name", ["g.txt", "g.csv", "g.tsv", "glossary"])
def test_excel_unicode_text_is_a_tsv_whatever_its_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(EXCEL_UNICODE_TEXT.encode("utf-16"))
    entries = read_glossary(path).entries
    assert [(e.sources, e.target) for e in entries] == [x[:2] for x in (
        (("全域封禁",), "global ban"), (("管理員",), "administrator"))]  # fmt: skip
    assert entries[0].note == 'say "ban",\tnot\nlock'


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("source;target;note\r\n全域封禁;global ban;a, b\r\n", "utf-8-sig"),  # European Excel
        ("source,target\r\n全域封禁,global ban\r\n", "gb18030"),
        ("target\tsource\n global ban\t全域封禁\n", "utf-8"),  # tabs in a .csv
    ],
)
def test_the_delimiter_is_told_from_the_header(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(text.encode(encoding))
    [entry] = read_glossary(path).entries
    assert (entry.sources, entry.target) == (("全域封禁",), "global ban")


def test_a_bad_header_says_how_the_file_was_read(tmp_path: Path) -> None:
    path = tmp_path / "g.txt"
    path.write_bytes("Quelle\tZiel\r\n全域封禁\tglobal ban\r\n".encode("utf-16"))
    with pytest.raises(InputError) as refused:
        read_glossary(path)
    message = str(refused.value)
    assert message.startswith(
        f"{path}:1: header 'quelle,ziel' has unknown column(s) 'quelle', 'ziel'"
    )
    assert message.endswith("; read as UTF-16 with BOM, tab-separated")


def test_an_undecodable_file_names_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(b"source,target\n\xff\xff\xff,a\n")
    with pytest.raises(
        InputError, match=r"g\.csv: no encoding glossalign reads fits it .*re-save it as UTF-8"
    ):
        read_glossary(path)
    with pytest.raises(InputError, match="not valid gb18030 at byte offset 14"):
        read_glossary(path, GlossaryOptions("gb18030"))


def test_xlsx_glossary_loads_values_not_formulas(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Source", "Target", "Note", "Case"])
    sheet.append(["全域封禁", "global ban", "'=not a formula", None])
    sheet.append([None, None, None, None])  # blank rows are skipped, numbering kept
    sheet.append(["二", 2, "=1+1", "sensitive"])  # a formula cell without a cached value
    path = tmp_path / "terms.xlsx"
    book.save(path)
    g = read_glossary(path)
    assert [(e.sources, e.target, e.note, e.row) for e in g.entries] == [
        (("全域封禁",), "global ban", "=not a formula", 2),
        (("二",), "2", "", 4),
    ]
    assert glossary_format(tmp_path / "renamed.csv", path.read_bytes()) == "xlsx"


def test_a_broken_xlsx_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "g.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"g\.xlsx: not a readable \.xlsx workbook"):
        read_glossary(path)


# --- findings -------------------------------------------------------------------------------

FINDINGS = [
    Finding(
        0, "forbidden", "全域封禁", "global ban", "global lock", "源", "A global lock.", (2, 13)
    ),
    Finding(
        1, "missing", "管理员", "administrator", "", "源", "Nothing here.\r=cmd|' /C calc'!A0", None
    ),
]


def test_findings_csv_has_integer_start_and_end_columns() -> None:
    text = format_findings(FINDINGS, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(rows[0]) == list(FINDING_COLUMNS) and "span" not in FINDING_COLUMNS
    assert [(r["start"], r["end"]) for r in rows] == [("2", "13"), ("", "")]
    records = json.loads(format_findings(FINDINGS, "json"))
    assert [(r["start"], r["end"]) for r in records] == [(2, 13), (None, None)]
    assert set(records[0]) == set(FINDING_COLUMNS)


def test_issue_18_a_cr_inside_a_cell_starts_no_formula_row() -> None:
    """A JSONL tgt_text ``Nothing here.\\r=cmd|' /C calc'!A0`` used to yield a row that a
    spreadsheet starts with ``=cmd``: the cell is quoted and the formula escaped."""
    text = format_findings(FINDINGS, "csv", bom=False)
    # Split as a spreadsheet that ignores quoting would: no line may start a formula.
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        assert not line.startswith(("=", "+", "-", "@")), line
    row = list(csv.reader(io.StringIO(text, newline="")))[2]
    assert row[6] == "Nothing here.\r'=cmd|' /C calc'!A0"


SPREADSHEET_FINDINGS = [
    *FINDINGS,
    Finding(None, "inconsistent", "封禁", "=SUM(1+1)", "@x", "+1", '-2\n=HYPERLINK("http://x")',
            (0, 5)),
    Finding(3, "forbidden", "日期", "ban", "lock", "源", "Locked 1-2 March, 3/4 of them.",
            (27, 47)),
]  # fmt: skip


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_reads_the_findings_csv_as_text_and_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "findings.csv"
    path.write_text(format_findings(SPREADSHEET_FINDINGS, "csv"), encoding="utf-8")
    # Headless LibreOffice 7.4 ignores the BOM and reads CSV in the system's ANSI code page
    # unless told: 44,34,76,1 = comma, double quote, UTF-8, from line 1 (what its import
    # dialog preselects for a file with a UTF-8 BOM).
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    sheet = load_workbook(tmp_path / "findings.xlsx").worksheets[0]
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == list(FINDING_COLUMNS)  # the BOM is not in a cell
    assert len(rows) == 1 + len(SPREADSHEET_FINDINGS)  # no line break started a row
    cells = [c for row in rows for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f" or c.is_date]
    values = [[c.value for c in row] for row in rows[1:]]
    assert values[0][2:7] == ["全域封禁", "global ban", "global lock", "源", "A global lock."]
    assert [(v[7], v[8]) for v in values] == [(2, 13), (None, None), (0, 5), (27, 47)]
    assert values[1][6] == "Nothing here.\n'=cmd|' /C calc'!A0"  # CR read as a line break
    assert values[2][3:7] == ["'=SUM(1+1)", "'@x", "'+1", "'-2\n'=HYPERLINK(\"http://x\")"]
    assert values[3][6] == "Locked 1-2 March, 3/4 of them."


# --- TBX through the file readers (the format itself: tests/test_glossary_tbx.py) -----------


def test_tbx_skipped_entries_are_reported_and_strict_raises(tmp_path: Path) -> None:
    tbx = """<martif type="TBX-Basic"><text><body>
    <termEntry id="ok"><langSet xml:lang="zh"><tig><term>甲</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>a</term></tig></langSet></termEntry>
    <termEntry id="no-en"><langSet xml:lang="zh"><tig><term>乙</term></tig></langSet></termEntry>
    </body></text></martif>"""
    path = write(tmp_path, tbx, "g.tbx")
    loaded = load_glossary(path)
    assert [e.target for e in loaded.glossary.entries] == ["a"]
    assert [(s.entry, s.number, s.reason[:9]) for s in loaded.skipped] == [
        ("no-en", 2, "no en ter")
    ]
    with pytest.raises(InputError, match=r"g\.tbx: entry no-en: skipped: no en term"):
        read_glossary(path, GlossaryOptions(strict=True))
    [problem] = lint_file(path)
    assert (problem.row, problem.severity) == (2, "warning")


def test_lint_table_of_a_tbx_uses_term_entry_numbers(tmp_path: Path) -> None:
    g = Glossary((Entry(("甲",), "a"), Entry(("乙",), "b")))
    path = write(tmp_path, format_glossary(g, "tbx"), "g.tbx")
    assert [r.line for r in read_table(path)] == [1, 2]


def test_lint_warns_about_a_formula_after_a_line_break(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '甲,a,,,,,"fine\n@SUM(A1)"\n')
    [problem] = lint_file(path)
    assert (problem.row, problem.column, problem.severity) == (2, "note", "warning")
    assert "line starting with '@'" in problem.message


term = glossary_terms(str.strip)
# Cells may hold line breaks, CR and formula leads: the CSV must give them back as they were.
cell_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters="\r\n\t"),
    max_size=12,
).map(str.strip)
entries = glossary_entries(term, cell_text)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(entries, min_size=1, max_size=4), st.booleans())
def test_csv_round_trip(tmp_path: Path, items: list[Entry], bom: bool) -> None:
    glossary = Glossary(valid(items) or (Entry(("甲",), "a"),))
    path = write(tmp_path, format_glossary(glossary, "csv", bom=bom))
    # rows are file lines, which a multi-line cell shifts: compare everything else
    assert [replace(e, row=0) for e in read_glossary(path).entries] == list(glossary.entries)
    assert set(read_table(path)[0].cells) == set(COLUMNS)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(entries, min_size=1, max_size=4))
def test_xlsx_and_cat_tool_tsv_round_trip(tmp_path: Path, items: list[Entry]) -> None:
    """Exported as XLSX (cells as written) or as the flat TSV for CAT tools (no ', a line
    break a space), a glossary reads back: a ' before a formula lead gets one more."""
    glossary = Glossary(valid(items) or (Entry(("甲",), "a"),))
    xlsx = tmp_path / "g.xlsx"
    xlsx.write_bytes(glossary_xlsx(glossary))
    assert [replace(e, row=0) for e in read_glossary(xlsx).entries] == list(glossary.entries)
    tsv = write(tmp_path, format_glossary(glossary, "tsv"), "g.tsv")
    flat = [
        replace(e, row=0, note=_flat(e.note), definition=_flat(e.definition),
                subject=_flat(e.subject))
        for e in glossary.entries
    ]  # fmt: skip
    assert [replace(e, row=0) for e in read_glossary(tsv).entries] == flat


def test_the_tsv_for_cat_tools_has_no_leading_quote(tmp_path: Path) -> None:
    """Issue 26: a CAT tool imports cells literally, so the ' that keeps a CSV cell from
    running as a formula would become part of the term."""
    glossary = Glossary((Entry(("甲",), "-ban", note="=SUM(1)"), Entry(("乙",), "b", note="'=x")))
    text = format_glossary(glossary, "tsv")
    assert text.splitlines()[1:] == [
        "甲\t-ban\t\t\tinsensitive\t\t=SUM(1)\t\t", "乙\tb\t\t\tinsensitive\t\t''=x\t\t",
    ]  # fmt: skip
    assert read_glossary(write(tmp_path, text, "g.tsv")).entries == tuple(
        replace(e, row=n) for n, e in enumerate(glossary.entries, 2)
    )


def _flat(cell: str) -> str:
    """A cell as the flat TSV writes it: whitespace runs holding a tab or line break, one space."""
    return " ".join(cell.split()) if any(c in cell for c in "\t\r\n") else cell


def valid(items: list[Entry]) -> tuple[Entry, ...]:
    """The entries, in order, that keep the glossary free of lint errors (as reading checks:
    a term without a letter, a source term already in a kept row...), none repeated."""
    kept: list[Entry] = []
    for entry in items:
        rows = [
            RawRow(n, dict(zip(COLUMNS, cells, strict=True)))
            for n, cells in enumerate(entry_rows([*kept, entry]), 2)
        ]
        if entry.target not in entry.variants and not any(
            p.severity == "error" for p in lint_rows(rows)
        ):
            kept.append(entry)
    return tuple(kept)


def test_texts_and_beads_are_read_as_glossalign_align_reads_them(tmp_path: Path) -> None:
    from align.formats import load_alignment
    from align.segment import sentence_texts

    (tmp_path / "a.zh.txt").write_text("管理员来了。\n他走了。\n", encoding="utf-8")
    # A hard-wrapped English sentence: one sentence, its line break folded to a space.
    (tmp_path / "a.en.txt").write_text("The administrator\ncame. He left.\n", encoding="utf-8")
    (tmp_path / "g.align").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    aligned = load_alignment(
        None, tmp_path / "a.zh.txt", tmp_path / "a.en.txt", tmp_path / "g.align"
    )
    assert aligned.tgt == ("The administrator came.", "He left.")
    assert list(aligned.src) == sentence_texts("管理员来了。\n他走了。\n")
