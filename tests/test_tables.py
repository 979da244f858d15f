"""align.tables: tables derived from bundled data, stored once, rebuilt when their data or code
version changes or when the file is damaged (one warning line, never a traceback)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from align import tables
from align.tables import MAGIC, TABLES_ENV, read_table, stored_table, table_path, tables_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv(TABLES_ENV, raising=False)  # the suite's shared tables stay out of it
    return tmp_path


def counting_builder(calls: list[int]) -> Callable[[], dict[str, np.ndarray]]:
    def build() -> dict[str, np.ndarray]:
        calls.append(1)
        return {
            "bytes": np.frombuffer(b"trie bytes", np.uint8),
            "grid": np.arange(12, dtype=np.float32).reshape(3, 4),
            "meta": np.array([7, 3], np.int64),
        }

    return build


def test_a_table_is_built_once_then_read_back_as_stored(cache: Path) -> None:
    calls: list[int] = []
    first = stored_table("t", "data 1", counting_builder(calls))
    again = stored_table("t", "data 1", counting_builder(calls))
    assert len(calls) == 1
    assert bytes(again["bytes"]) == b"trie bytes"
    np.testing.assert_array_equal(again["grid"], first["grid"])
    assert again["grid"].dtype == np.float32 and again["grid"].shape == (3, 4)
    assert again["meta"].tolist() == [7, 3]
    assert not again["grid"].flags.writeable  # mapped read-only from the file
    umask = os.umask(0o022)
    os.umask(umask)
    mode = table_path("t", "data 1").stat().st_mode & 0o777
    assert mode == 0o666 & ~umask  # as any file the umask allows, not mkstemp's 0600


def test_a_new_data_version_builds_a_new_table_and_deletes_the_old(cache: Path) -> None:
    calls: list[int] = []
    stored_table("t", "pkg 1.0", counting_builder(calls))
    stored_table("t", "pkg 1.1", counting_builder(calls))
    assert len(calls) == 2
    assert [p.name for p in (cache / "tables").glob("*.table")] == [table_path("t", "pkg 1.1").name]


def test_a_new_code_version_rebuilds(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    stored_table("t", "k", counting_builder(calls))
    monkeypatch.setattr(tables, "TABLES_VERSION", tables.TABLES_VERSION + 1)
    stored_table("t", "k", counting_builder(calls))
    stored_table("t", "k", counting_builder(calls))
    assert len(calls) == 2


def _truncate(raw: bytes) -> bytes:
    return raw[: len(raw) - 5]


def _flip_a_data_byte(raw: bytes) -> bytes:
    return raw[:-3] + bytes([raw[-3] ^ 0xFF]) + raw[-2:]


def _other_key(raw: bytes) -> bytes:
    return raw.replace(b'"key": "k"', b'"key": "x"')


@pytest.mark.parametrize(
    "damage",
    [lambda raw: b"", lambda raw: b"\x00garbage" * 9, lambda raw: MAGIC + b"\xff" * 12,
     _truncate, _flip_a_data_byte, _other_key, lambda raw: raw[:20] + b"{" + raw[21:]],
    ids=["empty", "garbage", "header length past the end", "truncated", "a flipped byte",
         "built for other data", "bad header"],
)  # fmt: skip
def test_a_damaged_table_is_rebuilt_with_one_warning(
    damage: Callable[[bytes], bytes], cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[int] = []
    stored_table("t", "k", counting_builder(calls))
    path = table_path("t", "k")
    path.write_bytes(damage(path.read_bytes()))
    parts = stored_table("t", "k", counting_builder(calls))
    assert len(calls) == 2 and parts["meta"].tolist() == [7, 3]
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"{path}: stored t table unreadable" in err and "rebuilding it" in err
    assert read_table(path, "k")["meta"].tolist() == [7, 3]  # stored whole again


def test_an_unwritable_cache_dir_builds_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x")
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(tmp_path / "a-file"))
    monkeypatch.delenv(TABLES_ENV, raising=False)
    parts = stored_table("t", "k", counting_builder([]))
    assert parts["meta"].tolist() == [7, 3] and capsys.readouterr().err == ""


@pytest.mark.slow
def test_a_command_with_a_damaged_lexicon_table_warns_once_and_aligns(tmp_path: Path) -> None:
    ours = tmp_path / "tables"
    env = {**os.environ, "GLOSSALIGN_CACHE_DIR": str(tmp_path / "cache"),
           TABLES_ENV: str(ours), "PYTHONPATH": str(ROOT)}  # fmt: skip
    (tmp_path / "z.txt").write_text("我们是中国人。\n", "utf-8")
    (tmp_path / "e.txt").write_text("We are Chinese.\n", "utf-8")
    command = [sys.executable, "-c", "from align.cli import app; app()", "align",
               str(tmp_path / "z.txt"), str(tmp_path / "e.txt")]  # fmt: skip
    if os.environ.get(TABLES_ENV):  # the suite's tables, copied: only the damaged one is rebuilt
        shutil.copytree(tables_dir(), ours)
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=600)
    (jieba,) = ours.glob("jieba-*.table")
    jieba.write_bytes(jieba.read_bytes()[:1000])
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stdout == "[0]:[0]:1.000\n"
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"{jieba}: stored jieba table unreadable" in done.stderr
