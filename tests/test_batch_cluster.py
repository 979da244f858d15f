"""`glossalign batch` on a real Dask cluster (a `dask scheduler` and two `dask worker`
processes on 127.0.0.1) gives byte for byte the local run's outputs and `glossalign align`'s;
a second run skips every pair and encodes nothing; Ctrl-C leaves finished outputs whole."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from align.batch.resume import MANIFEST, file_digest
from align.cli import app

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = Path("/work/shared/data/mac-dev")
runner = CliRunner()


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in reversed(procs):  # workers first, then the scheduler
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def dask_cluster(
    folder: Path, env: dict[str, str], workers: int = 2
) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A scheduler and ``workers`` one-thread workers named w0, w1, ... on 127.0.0.1 (ports
    chosen by the OS, published in a scheduler file); its address and the worker processes.
    Torn down on the way out, also on failure."""
    from distributed import Client

    file, log = folder / "scheduler.json", (folder / "cluster.log").open("wb")
    common = ["--no-dashboard", "--host", "127.0.0.1", "--scheduler-file", str(file)]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--port", "0", *common],
            env=env, stdout=log, stderr=log,
        ))  # fmt: skip
        deadline = time.monotonic() + 60
        while not file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(file.read_text(encoding="utf-8"))["address"]
        for k in range(workers):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", "--nthreads", "1",
                 "--no-nanny", "--name", f"w{k}", *common],
                env=env, stdout=log, stderr=log,
            ))  # fmt: skip
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address, procs[1:]
    finally:
        _stop(procs)
        log.close()


def _seed_corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, seed in (("a", "article"), ("b", "letter"), ("c", "letter"), ("d", "article")):
        for lang in ("zh", "en"):
            shutil.copy(ROOT / "seeds" / f"{seed}.{lang}.txt", folder / f"{name}.{lang}.txt")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    names = [*sorted((out / "pairs").iterdir()), out / "corpus.tmx"]
    return {str(p.relative_to(out)): p.read_bytes() for p in names}


def _figures(out: Path) -> pl.DataFrame:
    """The summary without the columns that depend on the run (time, texts encoded)."""
    return pl.read_csv(out / "summary.csv", infer_schema=False).drop("seconds", "texts_encoded")


@pytest.mark.slow
def test_a_dask_cluster_gives_the_local_run_and_align_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not MAC_DEV.is_dir():
        pytest.skip("needs the mac-dev corpus")
    # The user's cache (no GLOSSALIGN_CACHE_DIR), warm with mac-dev: a cold run takes long.
    monkeypatch.delenv("GLOSSALIGN_CACHE_DIR")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path[1:]])}
    local = runner.invoke(app, ["batch", str(MAC_DEV), "--out", str(tmp_path / "local"),
                                "--workers", "2"])  # fmt: skip
    assert local.exit_code == 0, local.stderr
    with dask_cluster(tmp_path, env) as (address, _):
        remote = runner.invoke(
            app, ["batch", str(MAC_DEV), "--out", str(tmp_path / "remote"), "--scheduler", address]
        )
        assert remote.exit_code == 0, remote.stderr
        assert "6 aligned, 0 skipped" in remote.stdout
        assert _files(tmp_path / "remote") == _files(tmp_path / "local")
        assert _figures(tmp_path / "remote").equals(_figures(tmp_path / "local"))

        # The cluster named by the environment; a second run skips every pair.
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
        again = runner.invoke(app, ["batch", str(MAC_DEV), "--out", str(tmp_path / "remote")])
        # The gold/NNN.align files are listed as unpaired (not documents).
        assert (
            "0 aligned, 6 skipped (up to date), 0 failed, 6 files unpaired; 3379 sentences; "
            "0 texts encoded"
        ) in again.stdout
        (tmp_path / "remote/pairs/004.align").unlink()
        redo = runner.invoke(app, ["batch", str(MAC_DEV), "--out", str(tmp_path / "remote")])
        assert "1 aligned, 5 skipped (up to date), 0 failed" in redo.stdout
        assert _files(tmp_path / "remote") == _files(tmp_path / "local")

    for zh in sorted((MAC_DEV / "zh").iterdir()):
        aligned = runner.invoke(app, ["align", str(zh), str(MAC_DEV / "en" / zh.name)])
        assert aligned.exit_code == 0, aligned.stderr
        assert (tmp_path / "local/pairs" / f"{zh.stem}.align").read_text("utf-8") == aligned.stdout


@pytest.mark.slow
def test_ctrl_c_keeps_every_finished_pair_whole_and_a_rerun_finishes(tmp_path: Path) -> None:
    corpus, out = _seed_corpus(tmp_path / "corpus"), tmp_path / "out"
    command = [sys.executable, "-c", "from align.cli import app; app()", "batch", str(corpus),
               "--out", str(out), "--workers", "1"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path[1:]])}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while not (out / MANIFEST).is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr.decode()
    assert b"interrupted; every finished pair is kept" in stderr
    assert b"Traceback" not in stderr  # the workers leave Ctrl-C to the command
    records = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pairs"]
    assert 1 <= len(records) < 4
    for record in records.values():
        for name, digest in record["files"].items():
            assert file_digest(out / name) == digest
    assert not list(out.rglob(".*.tmp"))
    rerun = subprocess.run(command, env=env, capture_output=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert f"4 pairs: {len(records)} up to date (skipped)".encode() in rerun.stderr


@pytest.mark.slow
def test_a_worker_dying_mid_pair_does_not_stop_the_corpus(tmp_path: Path) -> None:
    from distributed import Client

    corpus, out = _seed_corpus(tmp_path / "corpus"), tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path[1:]])}
    with dask_cluster(tmp_path, env) as (address, workers):
        command = [sys.executable, "-c", "from align.cli import app; app()", "batch",
                   str(corpus), "--out", str(out), "--scheduler", address]  # fmt: skip
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            with Client(address, timeout="60s") as client:
                w0 = next(a for a, w in client.scheduler_info()["workers"].items()
                          if w["name"] == "w0")  # fmt: skip
                deadline = time.monotonic() + 300
                while not client.processing().get(w0) and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert client.processing().get(w0), "w0 never got a pair"
                workers[0].kill()  # the worker dies while it aligns a pair
            stdout, stderr = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == 0, stderr.decode()
    assert b"4 pairs: 4 aligned, 0 skipped (up to date), 0 failed" in stdout
    assert (out / "pairs/b.align").read_bytes() == (out / "pairs/c.align").read_bytes()
