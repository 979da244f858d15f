"""The table the reliability tests share (issue 18): a case is an input, a command, the exit code,
a fragment of the message, and the promise that no output file is left behind or changed.

Imported by ``tests/test_reliability_*.py`` (pytest puts ``tests/`` on the path).
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from align.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LETTER_ZH = (SEEDS / "letter.zh.txt").read_text(encoding="utf-8")


#: ``run_subprocess(stdout=CLOSED)``: the child starts with stdout closed.
CLOSED = -100


@dataclass(frozen=True)
class Case:
    """One row: ``files`` are created in a fresh folder ``D`` (``{d}`` in ``args`` is that
    folder, ``{seeds}`` the seeds folder), ``setup`` may add devices, links and modes; the command
    must exit with ``code`` and print ``message`` (stderr on failure). Unless listed in
    ``writes``, nothing in ``D`` may appear, vanish or change."""

    id: str
    args: tuple[str, ...]
    code: int
    message: str
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    setup: Callable[[Path], object] | None = None
    writes: tuple[str, ...] = ()


def snapshot(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under ``folder``: its mode and, for a regular file, its bytes."""
    out: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        out[str(path.relative_to(folder))] = (info.st_mode, data)
    return out


def prepare(case: Case, folder: Path) -> list[str]:
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.setup is not None:
        case.setup(folder)
    return [a.format(d=folder, seeds=SEEDS) for a in case.args]


@contextmanager
def unchanged(case: Case, folder: Path) -> Iterator[None]:
    """Assert that the block leaves ``folder`` as it was, but for ``case.writes``."""
    before = snapshot(folder)
    yield
    after = snapshot(folder)
    for name in case.writes:
        before.pop(name, None)
        after.pop(name, None)
    assert after == before, f"{case.id}: outputs left or changed: {set(after) ^ set(before)}"


def check_message(case: Case, code: int, stdout: str, stderr: str) -> None:
    assert code == case.code, f"{case.id}: exit {code}\n{stdout}\n{stderr}"
    assert "Traceback" not in stderr, f"{case.id}: {stderr}"
    shown = stderr if case.code else stdout + stderr
    assert case.message in shown, f"{case.id}: {shown!r}"
    if case.code == 1:
        lines = [line for line in stderr.splitlines() if not line.startswith("glossalign: warn")]
        assert len(lines) == 1 and lines[0].startswith("glossalign: error: "), stderr


def run_in_process(case: Case, folder: Path) -> None:
    """``case`` through typer's CliRunner, in this process (monkeypatches apply)."""
    args = prepare(case, folder)
    with unchanged(case, folder):
        result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    check_message(case, result.exit_code, result.stdout, result.stderr)


def run_subprocess(
    case: Case, folder: Path, *, stdout: int | None = None, env: Mapping[str, str] = {}
) -> None:
    """``case`` as a real ``glossalign`` process (for stdout closed, full or a device).
    ``stdout``: a file descriptor for the child's stdout, ``CLOSED`` to start it closed,
    else a pipe."""
    args = prepare(case, folder)
    command = [sys.executable, "-c", "from align.cli import app; app()", *args]
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    if stdout == CLOSED:  # as `>&-` does
        command, stdout = ["sh", "-c", 'exec "$@" >&-', "sh", *command], None
    with unchanged(case, folder):
        proc = subprocess.run(
            command, stdout=subprocess.PIPE if stdout is None else stdout,
            stderr=subprocess.PIPE, env=environ, cwd=folder, timeout=300,
        )  # fmt: skip
    out = proc.stdout.decode("utf-8", "replace") if proc.stdout else ""
    check_message(case, proc.returncode, out, proc.stderr.decode("utf-8", "replace"))


class FakeEncoder:
    """Deterministic unit vectors from a text's hash (no model): for jobs whose outputs, not
    alignment quality, are under test."""

    name = "fake"

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = [hashlib.sha256(t.encode("utf-8")).digest() * 2 for t in texts]
        raw = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(len(texts), 64)
        vectors = raw.astype(np.float32) - 127.5
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


#: A TSV alignment (two beads of the seeds letter) for ``report``.
ALIGNMENT_TSV = (
    "src_ids\ttgt_ids\tscore\tsrc_text\ttgt_text\n"
    "0\t0\t0.9\t丢掉幻想，准备斗争\tCast away illusions, prepare for struggle\n"
    "1\t1\t0.8\t作者：Lu\tBy Lu\n"
)


@contextmanager
def tiny_disk(folder: Path, size: str = "64k") -> Iterator[Path]:
    """A ``size`` tmpfs mounted at ``folder`` (root only; the test is skipped otherwise)."""
    import pytest

    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` up (a file of whatever fits)."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
