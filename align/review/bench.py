"""What confirming beads is worth, and how fast re-alignment answers: on mac-dev.

For each chapter: align it, take the ``confirm`` lowest-scored output beads, confirm the gold
beads that overlap them (share a source or target sentence), re-align around those, and score
strict F1 before and after (``align.evaluate.score_alignments``, micro-averaged). Then the
latency a translator feels: one more edit (the gold beads of the next lowest-scored bead
confirmed) and a warm re-alignment, with every vector and untouched gap in memory.

    python -m align.review.bench /work/shared/data/mac-dev [--encoder use-m3] [--confirm 20]
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from align.beads import Alignment, Bead, parse_beads
from align.encoders import load_encoder
from align.errors import InputError
from align.evaluate import score_alignments
from align.io import non_blank_lines, read_text
from align.review.realign import Realigner


@dataclass(frozen=True, slots=True)
class Chapter:
    name: str
    beads: int
    confirmed: int  # gold beads confirmed
    wrong_before: int  # output beads not in the gold
    wrong_after: int  # beads not in the gold after re-alignment (confirmed ones are right)
    first_s: float  # the first constrained re-alignment (vectors warm, gaps new)
    edit_s: float  # re-alignment after one more edit (everything warm)
    gaps_aligned: int  # gaps the DP ran on after that edit (the others came from the cache)


@dataclass(frozen=True, slots=True)
class BenchResult:
    f1_before: float
    f1_after: float
    chapters: tuple[Chapter, ...]

    def format(self) -> str:
        rows = [
            f"{c.name}: {c.beads} beads, {c.confirmed} gold beads confirmed, wrong beads "
            f"{c.wrong_before} -> {c.wrong_after}; re-align "
            f"{c.first_s:.3f} s first, {c.edit_s:.3f} s after one edit ({c.gaps_aligned} gaps)"
            for c in self.chapters
        ]
        edits = [c.edit_s for c in self.chapters]
        return "\n".join(
            [
                *rows,
                f"wrong beads {sum(c.wrong_before for c in self.chapters)} -> "
                f"{sum(c.wrong_after for c in self.chapters)}; "
                f"strict F1 {self.f1_before:.4f} -> {self.f1_after:.4f} "
                f"({self.f1_after - self.f1_before:+.4f})",
                f"warm re-align after one edit: median {statistics.median(edits):.3f} s, "
                f"max {max(edits):.3f} s",
            ]
        )


def overlapping(gold: Sequence[Bead], beads: Sequence[Bead]) -> set[int]:
    """Which gold beads share a source or target sentence with one of ``beads``."""
    src = {i for b in beads for i in b.src}
    tgt = {j for b in beads for j in b.tgt}
    return {k for k, g in enumerate(gold) if src.intersection(g.src) or tgt.intersection(g.tgt)}


def anchored(gold: Sequence[Bead], keep: set[int]) -> tuple[list[Bead], list[bool]]:
    """The gold beads ``keep`` (fixed) and, for each run of the others, one bead holding their
    sentences (not fixed: re-alignment replaces it)."""
    beads: list[Bead] = []
    flags: list[bool] = []
    src: tuple[int, ...] = ()
    tgt: tuple[int, ...] = ()
    for k, bead in enumerate([*gold, None]):
        if bead is None or k in keep:
            if src or tgt:
                beads.append(Bead(src, tgt, 0.0))
                flags.append(False)
            src = tgt = ()
            if bead is not None:
                beads.append(bead)
                flags.append(True)
        else:
            src, tgt = src + bead.src, tgt + bead.tgt
    return beads, flags


def wrong(gold: Sequence[Bead], beads: Sequence[Bead]) -> int:
    """How many of ``beads`` are not gold beads (ids compared, scores not)."""
    right = {(g.src, g.tgt) for g in gold}
    return sum(1 for b in beads if (b.src, b.tgt) not in right)


def lowest(beads: Sequence[Bead], n: int) -> list[Bead]:
    """The ``n`` lowest-scored beads (NaN first), ties in document order."""
    order = sorted(
        range(len(beads)), key=lambda k: (beads[k].score == beads[k].score, beads[k].score, k)
    )
    return [beads[k] for k in order[:n]]


def constrained(
    realigner: Realigner, alignment: Alignment, gold: Sequence[Bead], keep: set[int]
) -> tuple[list[Bead], float]:
    """Re-align ``alignment`` with the gold beads ``keep`` confirmed; the beads and the seconds
    it took."""
    beads, flags = anchored(gold, keep)
    start = Alignment(alignment.src, alignment.tgt, tuple(beads), "zh", "en")
    started = time.perf_counter()
    result, _ = realigner.realign(start, flags)
    return list(result.beads), time.perf_counter() - started


def run_bench(data_dir: Path, encoder: str = "default", confirm: int = 20) -> BenchResult:
    sources = sorted((data_dir / "zh").glob("*.txt"))
    if not sources:
        raise InputError(f"{data_dir}: no zh/*.txt; expected zh/, en/ and gold/ NNN files")
    realigner = Realigner(load_encoder(encoder, cache=True))
    before, after, chapters = [], [], []
    for path in sources:
        gold_path = data_dir / "gold" / f"{path.stem}.align"
        gold = parse_beads(read_text(gold_path), gold_path)
        src = tuple(non_blank_lines(read_text(path)))
        tgt = tuple(non_blank_lines(read_text(data_dir / "en" / path.name)))
        output = realigner.align_gap(src, tgt, ("zh", "en"))
        alignment = Alignment(src, tgt, tuple(output))
        low = lowest(output, len(output))
        fixed = overlapping(gold, low[:confirm])
        corrected, first_s = constrained(realigner, alignment, gold, fixed)
        # The edit: the gold of the next low bead that adds a confirmed bead.
        extra = next((new for b in low[confirm:] if (new := overlapping(gold, [b]) - fixed)), set())
        aligned = realigner.aligned
        _, edit_s = constrained(realigner, alignment, gold, fixed | extra)
        before.append((gold, output))
        after.append((gold, corrected))
        chapters.append(
            Chapter(
                path.stem,
                len(output),
                len(fixed),
                wrong(gold, output),
                wrong(gold, corrected),
                first_s,
                edit_s,
                realigner.aligned - aligned,
            )
        )
    return BenchResult(
        score_alignments(before).f1_strict, score_alignments(after).f1_strict, tuple(chapters)
    )


def main(
    data_dir: Annotated[Path, typer.Argument(help="Folder with zh/, en/ and gold/ NNN files.")],
    encoder: Annotated[str, typer.Option("--encoder", "-e")] = "default",
    confirm: Annotated[int, typer.Option("--confirm", min=0, help="Low beads a chapter.")] = 20,
) -> None:
    """Strict F1 before/after confirming the gold of the lowest-scored beads; re-align latency."""
    try:
        typer.echo(run_bench(data_dir, encoder, confirm).format())
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


if __name__ == "__main__":
    typer.run(main)
