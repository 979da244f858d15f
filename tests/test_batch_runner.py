"""align.batch.runner and the command's own checks: one line for each way a run cannot start
or a pair can fail."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from distributed import KilledWorker
from typer.testing import CliRunner

from align.batch.runner import failure_reason
from align.cli import app
from align.errors import InputError

runner = CliRunner()


def test_a_failure_is_one_line_with_its_cause() -> None:
    assert failure_reason(InputError("a.zh.txt: file is empty")) == "a.zh.txt: file is empty"
    died = KilledWorker("align-a-1", SimpleNamespace(address="tcp://127.0.0.1:4000"), 0)  # type: ignore[arg-type]
    assert failure_reason(died) == (
        "KilledWorker: the worker died while aligning it; see the worker's log"
    )
    assert failure_reason(ValueError("bad value\nsecond line")) == "ValueError: bad value"
    assert failure_reason(MemoryError()) == "MemoryError"
    assert failure_reason(None) == "cancelled (the scheduler lost the task)"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "beads,xml"], "--format beads,xml: unknown format 'xml'; choose among"),
        (["--threshold", "0.4"], "--threshold applies to --mode paraphrase only"),
        (["--encoder", "nope"], "unknown encoder 'nope'"),
        (["--glossary", "missing.csv"], "missing.csv"),
    ],
)
def test_bad_options_stop_the_run_before_any_work(
    tmp_path: Path, options: list[str], message: str
) -> None:
    (tmp_path / "a.zh.txt").write_text("你好。\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), *options])
    assert result.exit_code == 1
    assert result.stderr.startswith("glossalign: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "o").exists()


@pytest.mark.slow  # the client gives up after its 10 s connect timeout
def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.zh.txt").write_text("你好。\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Hello.\n", encoding="utf-8")
    result = runner.invoke(app, [
        "batch", str(tmp_path), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9",
    ])  # fmt: skip
    assert result.exit_code == 1
    assert "--scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr
