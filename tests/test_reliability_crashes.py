"""Issue 18, crashes (output, cache and big-input rows): OS errors, full disks and streams,
corrupt caches and oversized inputs end in one line and exit 1 -- or, for caches, a warning
and a rebuilt entry -- never a traceback or a half-written file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
from reliability import (
    ALIGNMENT_TSV,
    CLOSED,
    LETTER_ZH,
    Case,
    FakeEncoder,
    fill,
    measure,
    run_in_process,
    run_subprocess,
    tiny_disk,
)

from align import pipeline
from align.cache import EmbeddingCache, text_key
from align.encoders import CachedEncoder
from align.report.screenshot import find_chromium
from align.tables import MAGIC, read_table, stored_table, table_path

CASES = [
    Case("segment -o a folder", ("segment", "{d}/a.txt", "-o", "{d}/sub"), 1,
         "sub: is a directory; give a file name", {"a.txt": "你好。", "sub/keep": "x"}),
    Case("segment -o under a file", ("segment", "{d}/a.txt", "-o", "{d}/a.txt/out"), 1,
         "a.txt/out: cannot write (Not a directory)", {"a.txt": "你好。"}),
    Case("report -o a folder", ("report", "{d}/a.tsv", "-o", "{d}/sub"), 1,
         "is a directory", {"a.tsv": ALIGNMENT_TSV, "sub/keep": "x"}),
    Case("report --screenshot a folder", ("report", "{d}/a.tsv", "-o", "{d}/r.html",
         "--screenshot", "{d}/sub"), 1, "sub: is a directory",
         {"a.tsv": ALIGNMENT_TSV, "sub/keep": "x"}),
    Case("run --out a file", ("run", "--out", "{d}/out"), 1,
         "out: not a directory; give a folder for the outputs", {"out": "not a folder"}),
    Case("align a 55 MiB file", ("align", "{d}/big.txt", "{d}/big.txt"), 1,
         "big.txt: 55.0 MiB, over the 16 MiB one document may have; split it",
         setup=lambda d: (d / "big.txt").write_bytes(b"a. " * (55 * 2**20 // 3 + 1))),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_cli_case(case: Case, tmp_path: Path) -> None:
    if "screenshot" in case.id and find_chromium() is None:
        pytest.skip("needs chromium (without it the message is about chromium)")
    run_in_process(case, tmp_path)


def test_too_many_sentences_are_refused_before_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "MAX_SENTENCES", 10)
    case = Case("align over MAX_SENTENCES", ("align", "{d}/a.txt", "{d}/b.txt", "--no-cache",
                "--split", "lines"), 1, "6 + 6 sentences are over the 10 one alignment holds",
                {"a.txt": "一\n二\n三\n四\n五\n六\n", "b.txt": "A\nB\nC\nD\nE\nF\n"})  # fmt: skip
    monkeypatch.setattr("align.encoders.UseM3Encoder._load", pytest.fail)  # no model work
    run_in_process(case, tmp_path)


STREAM_CASES = [
    # (case, the child's stdout: a path to open, or CLOSED)
    (Case("segment > /dev/full", ("segment", "{d}/a.txt"), 1,
          "stdout: cannot write (No space left on device)", {"a.txt": "你好。"}), "/dev/full"),
    (Case("segment >&-", ("segment", "{d}/a.txt"), 1, "stdout is closed; pass --output FILE",
          {"a.txt": "你好。"}), CLOSED),
    (Case("evaluate > /dev/full", ("evaluate", "{seeds}/letter.gold.align",
          "{seeds}/letter.gold.align"), 1, "stdout: cannot write (No space left"), "/dev/full"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "stdout"), STREAM_CASES, ids=lambda c: getattr(c, "id", ""))
def test_stream_case(case: Case, stdout: str | int, tmp_path: Path) -> None:
    if isinstance(stdout, str):
        with open(stdout, "wb") as fh:
            run_subprocess(case, tmp_path, stdout=fh.fileno())
    else:
        run_subprocess(case, tmp_path, stdout=stdout)


@pytest.mark.parametrize(
    "args",
    [("segment", "{d}/a.txt", "-o", "{d}/disk/out.txt"),
     ("report", "{d}/a.tsv", "-o", "{d}/disk/r.html")],
    ids=["segment", "report"],
)  # fmt: skip
def test_disk_full(args: tuple[str, ...], tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        (disk / "out.txt").write_text("old\n")
        fill(disk)
        case = Case(f"{args[0]} on a full disk", args, 1,
                    "cannot write (No space left on device); free some space",
                    {"a.txt": LETTER_ZH, "a.tsv": ALIGNMENT_TSV})  # fmt: skip
        run_in_process(case, tmp_path)
        assert (disk / "out.txt").read_text() == "old\n"


# --- caches ------------------------------------------------------------------------------------


def _stored(cache: EmbeddingCache, text: str, blob: bytes) -> None:
    db = sqlite3.connect(cache.path("fake"))
    with db:
        db.execute("UPDATE embedding SET vector = ? WHERE key = ?", (blob, text_key(text)))
    db.close()


BAD_BLOBS = [
    ("3-byte blob", b"abc"),
    ("NaN vector", np.full(64, np.nan, np.float32).tobytes()),
    ("not unit length", np.full(64, 3.0, np.float32).tobytes()),
    ("wrong dimension", (np.ones(16, np.float32) / 4).tobytes()),
]


@pytest.mark.parametrize(("why", "blob"), BAD_BLOBS, ids=[b[0] for b in BAD_BLOBS])
def test_corrupt_cache_entry_is_dropped_and_encoded_again(
    why: str, blob: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = EmbeddingCache(tmp_path)
    texts = ["one", "two", "three"]
    expected = CachedEncoder(FakeEncoder(), cache).encode(texts)
    _stored(cache, "two", blob)
    again = CachedEncoder(FakeEncoder(), EmbeddingCache(tmp_path))
    np.testing.assert_allclose(again.encode(texts), expected, atol=1e-6)
    assert again.texts_encoded == 1
    assert "1 cached vector(s)" in capsys.readouterr().err
    clean = CachedEncoder(FakeEncoder(), EmbeddingCache(tmp_path))
    clean.encode(texts)
    assert clean.texts_encoded == 0  # repaired in place: no warning, no work the next time


def test_corrupt_cache_database_is_moved_aside_and_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = EmbeddingCache(tmp_path)
    garbage = b"this is not an SQLite database" * 100
    cache.path("fake").write_bytes(garbage)
    encoder = CachedEncoder(FakeEncoder(), cache)
    assert encoder.encode(["a", "b"]).shape == (2, 64)
    assert "embedding cache was corrupt" in capsys.readouterr().err
    aside = cache.path("fake").with_name(cache.path("fake").name + ".corrupt")
    assert aside.read_bytes() == garbage
    later = CachedEncoder(FakeEncoder(), EmbeddingCache(tmp_path))
    later.encode(["a", "b"])
    assert later.texts_encoded == 0 and capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "content", [b"", b"\x00garbage", MAGIC + b"\xff" * 12],
    ids=["empty", "garbage", "header past the end"],
)  # fmt: skip
def test_a_damaged_stored_table_is_rebuilt(
    content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("GLOSSALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("GLOSSALIGN_TABLES_DIR", raising=False)  # not the suite's shared tables
    path = table_path("cedict", "k")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    parts = stored_table("cedict", "k", lambda: {"words": np.array([1, 2])})
    assert parts["words"].tolist() == [1, 2]
    assert "rebuilding it" in capsys.readouterr().err
    assert read_table(path, "k")["words"].tolist() == [1, 2]


# --- big inputs --------------------------------------------------------------------------------


@pytest.mark.slow
def test_one_megabyte_sentence_against_three_is_fast_and_small(tmp_path: Path) -> None:
    """Was 28 s and 3.86 GB; the model and the lexical evidence now see 2,048 characters."""
    line = LETTER_ZH.replace("。", "，").replace("\n", "")
    (tmp_path / "big.zh.txt").write_text(line * (2**20 // len(line.encode()) + 1) + "\n")
    (tmp_path / "three.en.txt").write_text("The first.\nThe second one.\nThe third one here.\n")
    assert (tmp_path / "big.zh.txt").stat().st_size > 2**20
    align = ["align", "big.zh.txt", "three.en.txt", "--no-cache", "--split", "lines"]
    done = measure(align, tmp_path, timeout=300)
    assert done.code == 0, done.stderr
    assert any(bead.startswith("[0]:") for bead in done.stdout.split("\n")), done.stdout
    assert done.seconds < 60 and done.peak_mib < 1024, (done.seconds, done.peak_mib)


def test_stdout_subprocess_helper_sees_a_real_traceback(tmp_path: Path) -> None:
    """The stream rows would pass vacuously if a crash went unnoticed: a broken command fails."""
    case = Case("bad", ("segment", "{d}/missing.txt"), 1, "no such file")
    run_subprocess(case, tmp_path)
    with pytest.raises(AssertionError):
        run_subprocess(Case("wrong code", ("segment", "{d}/missing.txt"), 0, ""), tmp_path)
