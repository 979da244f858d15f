"""``glossalign bench-startup``: how long commands take before they answer, each run as a
translator runs it (a new process), in a private cache folder.

Rows: one-sentence ``align`` on its first run ever (the stored tables are built,
``align.tables``), then cold (no embedding cached; the tables stored) and warm; ``run`` on the
seeds letter with its embeddings cached; ``review`` on the letter until it prints its URL;
and a batch worker's first pair against its second (the letter twice, ``--no-cache``, so both
do the same work). Wall seconds, the median of ``repeats`` runs, and the CPU seconds the
process (and its children) used: on a busy machine the wall time waits for a core, the CPU
time much less.
"""

from __future__ import annotations

import csv
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from align.pipeline import SEEDS

ONE_ZH, ONE_EN = "我们是中国人。\n", "We are Chinese.\n"
_TIMEOUT_S = 900


@dataclass(frozen=True, slots=True)
class StartupRow:
    """One measured command: each run's wall seconds and CPU seconds (empty when not
    measured), and the target (None: none)."""

    what: str
    seconds: tuple[float, ...]
    target: float | None
    cpu: tuple[float, ...] = ()

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.median <= self.target

    def as_json(self) -> dict[str, object]:
        seconds, cpu = [round(s, 3) for s in self.seconds], [round(s, 3) for s in self.cpu]
        median, met = round(self.median, 3), self.met
        return {"what": self.what, "seconds": seconds, "median": median, "cpu_seconds": cpu,
                "target": self.target, "met": met}  # fmt: skip


def glossalign_command() -> list[str]:
    """The ``glossalign`` beside this interpreter, else the same app through ``-c``."""
    script = Path(sys.executable).with_name("glossalign")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from align.cli import app; app()"]


class Timed(NamedTuple):
    wall: float
    cpu: float


def _children_cpu() -> float:
    """User and system seconds of the children waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def row(what: str, runs: Sequence[Timed], target: float | None) -> StartupRow:
    return StartupRow(what, tuple(r.wall for r in runs), target, tuple(r.cpu for r in runs))


class Runner:
    """Runs ``glossalign`` with ``cache`` as its cache folder and times it."""

    def __init__(self, work: Path) -> None:
        self.work, self.cache = work, work / "cache"
        self.env = {**os.environ, "GLOSSALIGN_CACHE_DIR": str(self.cache)}

    def time(self, *args: str) -> Timed:
        started, cpu = time.perf_counter(), _children_cpu()
        command = [*glossalign_command(), *args]
        subprocess.run(command, env=self.env, check=True, cwd=self.work, timeout=_TIMEOUT_S,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        return Timed(time.perf_counter() - started, _children_cpu() - cpu)

    def forget_embeddings(self) -> None:
        """A cold embedding cache: the databases go, the stored tables stay."""
        for path in self.cache.glob("*.sqlite*"):
            path.unlink()

    def until_url(self, *args: str) -> Timed:
        """Seconds until the command prints its first stdout line (``review``'s URL); then it
        is stopped as Ctrl-C would (its CPU seconds are counted to the end)."""
        started, cpu = time.perf_counter(), _children_cpu()
        command = [*glossalign_command(), *args]
        proc = subprocess.Popen(command, env=self.env, cwd=self.work, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            ready = time.perf_counter() - started
            if not line.startswith("http"):
                raise RuntimeError(f"review printed no URL: {line!r}")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return Timed(ready, _children_cpu() - cpu)


def run_startup_bench(repeats: int = 3) -> list[StartupRow]:
    """Every row, measured in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="glossalign-startup-") as tmp:
        runner = Runner(Path(tmp))
        letter = (str(SEEDS / "letter.zh.txt"), str(SEEDS / "letter.en.txt"))
        return [*one_sentence_rows(runner, repeats), *letter_rows(runner, letter, repeats),
                batch_row(runner, letter)]  # fmt: skip


def one_sentence_rows(runner: Runner, repeats: int) -> list[StartupRow]:
    """``align`` of one sentence: the first run ever, then cold and warm."""
    (runner.work / "z.txt").write_text(ONE_ZH, "utf-8")
    (runner.work / "e.txt").write_text(ONE_EN, "utf-8")
    one = ("align", "z.txt", "e.txt")
    first = runner.time(*one)
    cold = []
    for _ in range(repeats):
        runner.forget_embeddings()
        cold.append(runner.time(*one))
    warm = [runner.time(*one) for _ in range(repeats)]
    return [
        row("align, one sentence, first run (builds the stored tables)", [first], None),
        row("align, one sentence, cold embedding cache", cold, 1.0),
        row("align, one sentence, warm", warm, None),
    ]


def letter_rows(runner: Runner, letter: Sequence[str], repeats: int) -> list[StartupRow]:
    """``run`` on the letter and ``review`` of it until its URL, its embeddings cached."""
    run = ("run", *letter, "-o", "out")
    runner.time(*run)  # fills the embedding cache
    review = ("review", *letter, "--no-open", "--port", "0", "-o", "review/letter")
    runs = [runner.time(*run) for _ in range(repeats)]
    reviews = [runner.until_url(*review) for _ in range(repeats)]
    return [
        row("run, the seeds letter, warm embedding cache", runs, 3.0),
        row("review, the letter, until its URL (warm)", reviews, 2.0),
    ]


def batch_row(runner: Runner, letter: Sequence[str]) -> StartupRow:
    """One batch worker on the letter twice (``--no-cache``: the same work): its slower pair's
    seconds less its faster one's, i.e. what the first pair pays for starting."""
    corpus = runner.work / "corpus"
    corpus.mkdir()
    for name in ("a", "b"):
        for path, lang in zip(letter, ("zh", "en"), strict=True):
            (corpus / f"{name}.{lang}.txt").write_bytes(Path(path).read_bytes())
    runner.time("batch", str(corpus), "-o", "batch", "--workers", "1", "--no-cache")
    with open(runner.work / "batch" / "summary.csv", encoding="utf-8", newline="") as fh:
        seconds = sorted(float(r["seconds"]) for r in csv.DictReader(fh))
    return StartupRow("batch worker, first pair less second (the letter twice)",
                      (seconds[-1] - seconds[0],), 1.0)  # fmt: skip


def format_rows(rows: Sequence[StartupRow]) -> str:
    """The rows as a table: runs, median wall seconds, median CPU seconds, target."""
    lines = [f"{'what':58} {'runs':>4} {'wall s':>7} {'cpu s':>6} {'target':>7}"]
    for r in rows:
        cpu = f"{statistics.median(r.cpu):.2f}" if r.cpu else "-"
        target = "" if r.target is None else f"≤ {r.target:g}"
        mark = {True: "", False: "  missed", None: ""}[r.met]
        lines.append(f"{r.what:58} {len(r.seconds):>4} {r.median:>7.2f} {cpu:>6} {target:>7}{mark}")
    return "\n".join(lines) + "\n"
