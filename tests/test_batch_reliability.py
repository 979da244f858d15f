"""`glossalign batch` refuses what it cannot do before aligning anything, in one line with exit
code 1: an output folder that is a file, lies under one or cannot be written; a tree where
nothing pairs; a scheduler address that does not parse, where nothing listens, or that accepts
and never answers (real sockets on 127.0.0.1)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for lang in ("zh", "en"):
        shutil.copy(SEEDS / f"letter.{lang}.txt", folder / f"letter.{lang}.txt")
    return folder


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server on 127.0.0.1 that accepts connections and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:  # closed at the end of the test
                return

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in accepted:
        conn.close()


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound once, then released)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def _refused(args: list[str], message: str, within: float) -> None:
    started = time.perf_counter()
    result = runner.invoke(app, ["batch", *args])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("glossalign: error: ") and message in lines[-1], lines
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert elapsed < within, f"{elapsed:.1f} s"


def test_an_output_that_is_a_file_or_under_one_is_refused_at_once(
    corpus: Path, tmp_path: Path
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("keep me\n", encoding="utf-8")
    _refused([str(corpus), "-o", str(afile)], f"-o {afile}: is a file; give a folder", 5)
    _refused([str(corpus), "-o", str(afile / "out")], f"lies under the file {afile}", 5)
    assert afile.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "corpus"]


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs")
def test_an_output_folder_that_cannot_be_written_is_refused_at_once(corpus: Path) -> None:
    # sysfs refuses new files to everyone, root included (unlike a chmod 555 folder).
    _refused([str(corpus), "-o", "/sys/glossalign-out"], "-o /sys/glossalign-out: cannot write", 5)


def test_a_tree_where_nothing_pairs_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# Hi\n", encoding="utf-8")
    out = tmp_path / "out"
    _refused([str(tmp_path / "docs"), "-o", str(out)], "no document pairs; 1 files unpaired", 5)
    assert not out.exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("nonsense://:::x", "not a Dask scheduler address (unknown address scheme 'nonsense')"),
        ("tcp://:::x", "not a Dask scheduler address (invalid address ':::x'"),
        ("tcp://127.0.0.1", "not a Dask scheduler address (missing port number"),
        ("tcp://127.0.0.1:99999", "not a Dask scheduler address (port 99999 out of range)"),
    ],
)
def test_a_scheduler_address_that_does_not_parse_is_one_line(
    corpus: Path, tmp_path: Path, address: str, message: str
) -> None:
    _refused([str(corpus), "-o", str(tmp_path / "out"), "--scheduler", address], message, 10)
    assert not (tmp_path / "out").exists()


def test_a_scheduler_where_nothing_listens_fails_within_the_timeout(
    corpus: Path, tmp_path: Path
) -> None:
    address = f"tcp://127.0.0.1:{_closed_port()}"
    args = [str(corpus), "-o", str(tmp_path / "out"), "--scheduler", address]
    _refused([*args, "--scheduler-timeout", "1"], f"--scheduler {address}: cannot reach", 10)
    assert not (tmp_path / "out").exists()


def test_a_scheduler_that_never_answers_fails_within_the_timeout(
    corpus: Path, tmp_path: Path, silent_port: int
) -> None:
    address = f"tcp://127.0.0.1:{silent_port}"
    args = [str(corpus), "-o", str(tmp_path / "out"), "--scheduler", address]
    _refused([*args, "--scheduler-timeout", "1"], "no answer within 1 s", 10)
    assert not (tmp_path / "out").exists()


def test_the_scheduler_timeout_must_be_positive(corpus: Path, tmp_path: Path) -> None:
    args = [str(corpus), "-o", str(tmp_path / "out"), "--scheduler-timeout", "0"]
    _refused(args, "--scheduler-timeout 0: give a number of seconds above 0", 5)
