"""align.batch.runner and the command's own checks: the largest pairs first, one line for each
way a run cannot start or a pair can fail."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from distributed import KilledWorker
from typer.testing import CliRunner

from align.batch.inputs import Pair
from align.batch.job import Settings
from align.batch.runner import failure_reason, input_bytes, run_pairs
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


def test_the_largest_pairs_start_first_and_a_file_not_seen_here_counts_as_empty(
    tmp_path: Path,
) -> None:
    from distributed import Client, LocalCluster

    # Bytes that are not UTF-8: each pair fails as soon as it is read, before any model loads,
    # and with one worker thread the pairs end in the order they started.
    pairs = []
    for name, size in (("a", 10), ("b", 300), ("c", 2000), ("d", 40)):
        for lang in ("zh", "en"):
            (tmp_path / f"{name}.{lang}.txt").write_bytes(b"\xff" * size)
        pairs.append(Pair(name, tmp_path / f"{name}.zh.txt", tmp_path / f"{name}.en.txt"))
    pairs.append(Pair("e", tmp_path / "remote.zh.txt", tmp_path / "d.en.txt"))
    assert [input_bytes(pair) for pair in pairs] == [20, 600, 4000, 80, 0]
    started: list[str] = []
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        run_pairs(
            client, pairs, Settings(), None, lambda pair, _: started.append(pair.name),
            lambda pair, _: started.append(pair.name), retries=0,
        )  # fmt: skip
    assert started == ["c", "b", "d", "a", "e"]


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


def test_the_options_reach_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from align.batch import corpus
    from align.batch.inputs import Layout
    from align.tmclean import TmFilter

    seen: dict[str, object] = {}

    def run_batch(layout: Layout, out: Path, settings: Settings, **kw: object) -> None:
        seen.update(layout=layout, out=out, settings=settings, cluster=kw["cluster"])
        raise InputError("stop here")

    monkeypatch.setattr(corpus, "run_batch", run_batch)
    result = runner.invoke(app, [
        "batch", "--src-root", "zh", "--tgt-root", "en", "-o", str(tmp_path), "--min-score",
        "0.95", "--keep-identical", "--scheduler", "tcp://h:1", "--scheduler-timeout", "2.5",
    ])  # fmt: skip
    assert result.stderr == "glossalign: error: stop here\n"
    assert seen["layout"] == Layout(None, Path("zh"), Path("en"), None)
    assert seen["settings"] == Settings(units=TmFilter(0.95, keep_identical=True))
    assert seen["cluster"] == corpus.Cluster(None, "tcp://h:1", 2.5)
