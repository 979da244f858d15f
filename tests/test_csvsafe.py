import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.csvsafe import (
    decode_table,
    escape_cell,
    format_table,
    formula_at,
    read_table_rows,
    unescape_cell,
)
from align.errors import InputError


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=a", "'=a"),
        ("+a", "'+a"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\ta", "'\ta"),
        ("\r=a", "'\r'=a"),
        ("a=b", "a=b"),
        ("ok\r=cmd|' /C calc'!A0", "ok\r'=cmd|' /C calc'!A0"),  # issue 18: after a bare CR
        ("ok\n+x\r\n-y", "ok\n'+x\r\n'-y"),
        ("'=a", "''=a"),  # already quoted by the author: one more, so reading gives it back
        ("'a", "'a"),
        ("", ""),
    ],
)
def test_escape_table(cell: str, escaped: str) -> None:
    assert escape_cell(cell) == escaped
    assert unescape_cell(escaped) == cell


leads = st.text(st.sampled_from("=+-@\t\r\n' ab"), max_size=12)


@given(st.one_of(leads, st.text(max_size=12)))
def test_escaping_round_trips_and_leaves_no_formula(cell: str) -> None:
    escaped = escape_cell(cell)
    assert unescape_cell(escaped) == cell
    assert formula_at(escaped) is None


@given(st.lists(st.lists(st.one_of(leads, st.text(max_size=8)), min_size=3, max_size=3)))
def test_csv_cells_survive_the_csv_module_and_no_line_starts_a_formula(
    rows: list[list[str]],
) -> None:
    text = format_table(["a", "b", "c"], rows)
    assert text.startswith("\ufeffa,b,c\r\n")
    assert [cells for _, cells in read_table_rows(text, Path("t.csv"))[1:]] == rows
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))[1:]
    assert all(formula_at(cell) is None for row in parsed for cell in row)


def test_a_bare_cr_is_quoted() -> None:
    assert format_table(["x"], [["a\rb"]], bom=False) == 'x\r\n"a\rb"\r\n'


def test_tsv_is_flat_and_unquoted() -> None:
    text = format_table(["x", "y"], [['say "hi"', "two\nlines\tand\r=tab"]], "\t", bom=False)
    assert text == 'x\ty\nsay "hi"\ttwo lines and =tab\n'


def test_legacy_decoding_prefers_the_plausible_codec() -> None:
    text = "管理員將全域封鎖的使用者加入名單"
    assert decode_table(text.encode("big5"), Path("t.csv")) == text
    simplified = "管理员将全域封禁的用户加入名单"
    assert decode_table(simplified.encode("gb18030"), Path("t.csv")) == simplified


def test_an_explicit_encoding_is_used_as_given() -> None:
    assert decode_table("甲".encode("utf-16"), Path("t.csv"), "utf-16") == "甲"
    with pytest.raises(InputError, match=r"t\.csv: not valid UTF-8 at byte offset 0"):
        decode_table(b"\xff", Path("t.csv"), "utf-8")
