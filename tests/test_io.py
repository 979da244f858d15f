"""align.io: decoding rules, clear errors and atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from align.errors import InputError
from align.io import atomic_write_text, decode_text, non_blank_lines, read_text


def test_decode_strips_bom_and_normalises_line_ends() -> None:
    assert decode_text("\ufeffa\r\nb\rc\n".encode(), Path("x")) == "a\nb\nc\n"


def test_invalid_utf8_names_file_offset_and_option() -> None:
    data = "ab全域封禁".encode("gb18030")
    with pytest.raises(InputError, match=r"x\.txt: not valid UTF-8 at byte offset 4.*GB18030.*"
                       r"--encoding gb18030"):  # fmt: skip
        decode_text(data, Path("x.txt"))
    with pytest.raises(
        InputError,
        match=r"x\.txt: not valid UTF-8 at byte offset 2; no encoding .* re-save it as UTF-8",
    ):
        decode_text(b"ab\xff", Path("x.txt"))


def test_auto_tries_gb18030() -> None:
    assert decode_text("全域封禁".encode("gb18030"), Path("x"), "auto") == "全域封禁"


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text(" \n")
    with pytest.raises(InputError, match="empty"):
        read_text(tmp_path / "e.txt")


def test_atomic_write_keeps_umask_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    atomic_write_text(target, "ok")
    assert target.read_text() == "ok"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_non_blank_lines_splits_at_newlines_only() -> None:
    assert non_blank_lines(" a \n\n\tb\u2028c\x1cd \n   \n") == ["a", "b\u2028c\x1cd"]
    assert non_blank_lines("") == []
