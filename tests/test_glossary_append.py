"""Accepting a term changes the glossary file by exactly one appended row, written in the
file's own encoding, BOM, line ends, delimiter and columns; a TBX gets a CSV beside it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glossary.append import append_entry, sidecar
from glossary.io import read_glossary
from glossary.model import Entry

ROOT = Path(__file__).resolve().parent.parent
ENTRY = Entry(("编辑松",), "edit-a-thon", status="admitted")
HEADER = "source,target,note"
ROWS = ["管理员,administrator,", '全域封禁,global ban,"a note, with a comma"']


@pytest.mark.parametrize(
    ("name", "bom", "newline", "delimiter", "codec", "added"),
    [
        ("utf-8 LF", b"", "\n", ",", "utf-8", "编辑松,edit-a-thon,"),
        ("utf-8 BOM CRLF", b"\xef\xbb\xbf", "\r\n", ",", "utf-8", "编辑松,edit-a-thon,"),
        ("semicolons", b"", "\r\n", ";", "utf-8", "编辑松;edit-a-thon;"),
        ("utf-16 BOM", b"\xff\xfe", "\r\n", ",", "utf-16-le", "编辑松,edit-a-thon,"),
        ("gb18030", b"", "\n", ",", "gb18030", "编辑松,edit-a-thon,"),
    ],
)  # fmt: skip
def test_one_row_is_appended_in_the_files_own_way(
    tmp_path: Path, name: str, bom: bytes, newline: str, delimiter: str, codec: str, added: str
) -> None:
    lines = [HEADER, *ROWS]
    if delimiter == ";":
        lines = [line.replace(",", ";") for line in lines]
        lines[-1] = '全域封禁;global ban;"a note, with a comma"'
    before = bom + "".join(line + newline for line in lines).encode(codec)
    path = tmp_path / "terms.csv"
    path.write_bytes(before)
    assert append_entry(path, ENTRY) == path
    after = path.read_bytes()
    assert after[: len(before)] == before  # every byte already there, unchanged
    assert after[len(before) :] == (added + newline).encode(codec)
    glossary = read_glossary(path)
    assert [e.target for e in glossary.entries] == ["administrator", "global ban", "edit-a-thon"]


def test_columns_follow_the_files_header_and_a_missing_last_line_end_is_added(
    tmp_path: Path,
) -> None:
    path = tmp_path / "terms.tsv"
    path.write_bytes("status\ttarget\tsource\n\tadministrator\t管理员".encode())
    append_entry(path, ENTRY)
    assert path.read_bytes().decode() == (
        "status\ttarget\tsource\n\tadministrator\t管理员\nadmitted\tedit-a-thon\t编辑松\n"
    )


def test_a_formula_lead_is_escaped_as_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_bytes(b"source,target\n")
    append_entry(path, Entry(("公式",), "=1+1"))
    assert path.read_bytes() == b"source,target\n\xe5\x85\xac\xe5\xbc\x8f,'=1+1\n"
    assert read_glossary(path).entries[-1].target == "=1+1"


def test_a_tbx_is_left_as_it_is_and_the_term_goes_beside_it(tmp_path: Path) -> None:
    tbx = tmp_path / "terms.tbx"
    shutil.copy(ROOT / "tests" / "data" / "tbx_basic_v3_sample.tbx", tbx)
    before = tbx.read_bytes()
    written = append_entry(tbx, ENTRY)
    assert written == sidecar(tbx) == tmp_path / "terms.accepted.csv"
    assert tbx.read_bytes() == before
    first = written.read_bytes()
    assert [e.target for e in read_glossary(written).entries] == ["edit-a-thon"]
    append_entry(tbx, Entry(("傀儡",), "sockpuppet"))
    second = written.read_bytes()
    assert second.startswith(first) and second[len(first) :].count(b"\n") == 1


def test_a_term_the_encoding_cannot_hold_is_one_clear_error(tmp_path: Path) -> None:
    from align.errors import InputError

    path = tmp_path / "terms.csv"
    path.write_bytes("source,target\n管理員,administrator\n".encode("big5"))
    with pytest.raises(InputError, match="cannot hold this term"):
        append_entry(path, Entry(("😀",), "emoji"))


def test_a_multilingual_table_gets_the_term_under_its_languages(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    before = "zh-CN,es,en-US\r\n管理员,administrador,administrator\r\n".encode()
    path.write_bytes(before)
    glossary = read_glossary(path)
    append_entry(path, ENTRY, (glossary.src_lang, glossary.tgt_lang))
    assert path.read_bytes() == before + "编辑松,,edit-a-thon\r\n".encode()
    assert [e.target for e in read_glossary(path).entries] == ["administrator", "edit-a-thon"]
