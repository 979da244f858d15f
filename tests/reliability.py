"""The table the reliability tests share (issue 18): a case is an input, a command, the exit code,
a fragment of the message, and the promise that no output file is left behind or changed.

Imported by ``tests/test_reliability_*.py`` (pytest puts ``tests/`` on the path).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
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
    ``writes``, nothing in ``D`` may appear, vanish or change. ``stdin``: what the command
    reads on standard input (in-process runs)."""

    id: str
    args: tuple[str, ...]
    code: int
    message: str
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    setup: Callable[[Path], object] | None = None
    writes: tuple[str, ...] = ()
    stdin: str | bytes | None = None


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
    # Messages quote names and texts escaped: nothing may move the cursor or retitle the terminal.
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", stderr), f"{case.id}: {stderr!r}"
    shown = stderr if case.code else stdout + stderr
    assert case.message in shown, f"{case.id}: {shown!r}"
    if case.code == 1:
        lines = [line for line in stderr.splitlines() if not line.startswith("glossalign: warn")]
        assert len(lines) == 1 and lines[0].startswith("glossalign: error: "), stderr


def run_in_process(case: Case, folder: Path) -> None:
    """``case`` through typer's CliRunner, in this process (monkeypatches apply)."""
    args = prepare(case, folder)
    with unchanged(case, folder):
        result = CliRunner().invoke(app, args, input=case.stdin)
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


#: Runs argv[1:] and prints its peak RSS in KiB as the last line of stderr. RUSAGE_CHILDREN of a
#: one-shot parent is this command's peak alone (the test process's would be the largest peak of
#: any child it has started so far).
_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


@dataclass(frozen=True)
class Measured:
    """A command's exit code, output, error text and peak memory (MiB), and its wall time."""

    code: int
    stdout: str
    stderr: str
    peak_mib: float
    seconds: float


def measure(args: Sequence[str], cwd: Path, *, stdin: int | None = None,
            timeout: float = 120) -> Measured:  # fmt: skip
    """``glossalign ARGS`` as a real process (its own session, killed whole on ``timeout``):
    exit code, output and peak RSS. ``stdin``: a file descriptor (default: none, /dev/null)."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-c",
               "from align.cli import app; app()", *args]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=subprocess.DEVNULL if stdin is None else stdin, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"{' '.join(args)}: still running after {timeout} s") from None
    *lines, peak = err.decode("utf-8", "replace").rstrip("\n").split("\n")
    return Measured(proc.returncode, out.decode("utf-8", "replace"),
                    "\n".join(lines) + "\n" if lines else "", int(peak) / 1024,
                    time.perf_counter() - started)  # fmt: skip


#: Peak memory no hostile input may push a command over (issue 27).
MAX_PEAK_MIB = 1536


def run_measured(case: Case, folder: Path, *, stdin: int | None = None,
                 timeout: float = 120) -> Measured:  # fmt: skip
    """``case`` as a real process: its code and message as ``run_in_process`` checks them,
    nothing left or changed, under ``MAX_PEAK_MIB`` and ``timeout``."""
    args = prepare(case, folder)
    with unchanged(case, folder):
        done = measure(args, folder, stdin=stdin, timeout=timeout)
    check_message(case, done.code, done.stdout, done.stderr)
    assert done.peak_mib < MAX_PEAK_MIB, f"{case.id}: peak {done.peak_mib:.0f} MiB"
    return done


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


# --- hostile packages ---------------------------------------------------------------------------

_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'


def shared_strings(cells: Sequence[str], prolog: str = "") -> str:
    """An ``xl/sharedStrings.xml`` holding ``cells`` as written (entities stay references)."""
    items = "".join(f"<si><t>{c}</t></si>" for c in cells)
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<sst {_MAIN}>{items}</sst>'


def xlsx(strings: str | None = None, pad_mib: int = 0) -> bytes:
    """A two-row glossary workbook (source, target / 基金会, Foundation) whose cells are shared
    strings, built part by part: ``strings`` replaces ``xl/sharedStrings.xml``; ``pad_mib``
    adds an XML entry of that many MiB of spaces, deflated (a zip bomb at 1,024)."""
    cells = ["source", "target", "基金会", "Foundation"]
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{2 * r - 2}</v></c>'
        f'<c r="B{r}" t="s"><v>{2 * r - 1}</v></c></row>'
        for r in (1, 2)
    )
    types = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{types}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{types}.worksheet'
            f'+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{types}.'
            'sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships {_PACKAGE_RELS}><Relationship Id="rId1" '
                       f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {_MAIN} xmlns:r="{_RELS}"><sheets><sheet name="Sheet1" '
                           'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships {_PACKAGE_RELS}><Relationship Id="rId1" Type="{_RELS}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{_RELS}/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f"<worksheet {_MAIN}><sheetData>{rows}</sheetData></worksheet>",
        "xl/sharedStrings.xml": strings or shared_strings(cells),
    }  # fmt: skip
    return _zip(parts, "xl/media/padding.xml", pad_mib)


def docx(document: Callable[[str], str] = lambda xml: xml, pad_mib: int = 0) -> bytes:
    """A Word file with one paragraph (丢掉幻想，准备斗争。), python-docx's template otherwise:
    ``document`` rewrites ``word/document.xml``; ``pad_mib`` pads its body with that many MiB
    of spaces, deflated (a zip bomb at 1,024)."""
    import docx as python_docx

    buffer = io.BytesIO()
    made = python_docx.Document()
    made.add_paragraph("丢掉幻想，准备斗争。")
    made.save(buffer)
    template = zipfile.ZipFile(buffer)
    parts: dict[str, str | bytes] = {name: template.read(name) for name in template.namelist()}
    xml = document(template.read("word/document.xml").decode("utf-8"))
    if not pad_mib:
        return _zip({**parts, "word/document.xml": xml})
    del parts["word/document.xml"]
    head, tail = xml.split("<w:body>")
    return _zip(parts, "word/document.xml", pad_mib, (head + "<w:body>", tail))


def _zip(parts: Mapping[str, str | bytes], padded: str = "", pad_mib: int = 0,
         around: tuple[str, str] = ("<x>", "</x>")) -> bytes:  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
        if pad_mib:
            with package.open(padded, "w", force_zip64=True) as entry:
                entry.write(around[0].encode())
                for _ in range(pad_mib):
                    entry.write(b" " * 2**20)
                entry.write(around[1].encode())
    return out.getvalue()
