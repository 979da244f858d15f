"""The benchmark commands (``bench``, ``bench-partial``, ``bench-segment``, ``bench-paraphrase``),
registered on the main app by ``register``: options -> benchmark -> printed result."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer

from align.errors import errors
from align.options import EncoderOption, JsonOption, NoCacheOption, unit_interval

#: A gold corpus: what ``bench``, ``bench-partial`` and ``bench-paraphrase`` read.
GoldCorpus = Annotated[
    Path,
    typer.Argument(metavar="DATA_DIR", help="Folder with zh/NNN.txt, en/NNN.txt, gold/NNN.align."),
]


def register(app: typer.Typer) -> None:
    """Add the benchmark commands to ``app``."""
    app.command("bench")(errors(bench))
    app.command("bench-partial")(errors(bench_partial))
    app.command("bench-segment")(errors(bench_segment))
    app.command("bench-paraphrase")(errors(bench_paraphrase))
    app.command("bench-startup")(errors(bench_startup))


def bench(
    data_dir: GoldCorpus,
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Align every zh/NNN.txt to en/NNN.txt (--split lines), score against gold/NNN.align."""
    from align.bench.alignment import bench_alignment
    from align.encoders import load_encoder
    from align.progress import stderr_progress

    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
        result = bench_alignment(data_dir, model, progress)
    typer.echo(json.dumps(result.as_json()) if as_json else result.format())


def bench_partial(
    data_dir: GoldCorpus,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the middle cuts and the spliced sentences.")
    ] = 0,
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Partial documents: each chapter aligned clean and with the Chinese cut after 40 % (tail),
    the English's first 35 % cut (head), a middle 25 % of the Chinese cut (gap), 25 English
    sentences of another chapter spliced in (splice): strict P/R/F1 per kind and the precision
    and recall of the one-sided beads."""
    from align.bench.partial import format_bench, read_chapters, report_dict, run_partial_bench
    from align.encoders import load_encoder
    from align.progress import stderr_progress

    chapters = read_chapters(data_dir)  # bad input fails before the model loads
    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
    result = run_partial_bench(data_dir, model, seed, chapters)
    if as_json:
        typer.echo(json.dumps(report_dict(result)))
    else:
        typer.echo(format_bench(result), nl=False)


def bench_segment(
    data_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DATA_DIR",
            help="Directory with en/*.txt and zh/*.txt, one gold sentence a line.",
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Sentence-boundary precision, recall and F1 of the segmenter against gold files."""
    from align.bench.segment import bench_segmentation, format_report, report_dict

    by_lang, docs = bench_segmentation(data_dir)
    if as_json:
        typer.echo(json.dumps(report_dict(by_lang, docs), ensure_ascii=False))
    else:
        typer.echo(format_report(by_lang, docs), nl=False)


def bench_paraphrase(
    data_dir: GoldCorpus,
    seed: Annotated[
        int, typer.Option("--seed", help="Shuffle seed (document d uses seed + d).")
    ] = 0,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", callback=unit_interval, help="Link score cut (default: 0.5)."),
    ] = None,
    keep: Annotated[
        float,
        typer.Option(
            "--keep",
            callback=unit_interval,
            help="Keep each English block with this probability: below 1, a sparse retelling.",
        ),
    ] = 1.0,
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    as_json: JsonOption = False,
) -> None:
    """Paraphrase links on mac-dev with the English shuffled in blocks of 3-8 sentences:
    precision and recall (over gold sentence pairs) at the threshold and over thresholds."""
    from align.bench.paraphrase import format_bench, run_bench
    from align.encoders import load_encoder
    from align.paraphrase import DEFAULT_THRESHOLD

    cut = DEFAULT_THRESHOLD if threshold is None else threshold
    result = run_bench(data_dir, load_encoder(encoder, cache=not no_cache), seed, cut, keep)
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(result)))
    else:
        typer.echo(format_bench(result), nl=False)


def bench_startup(
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="Runs a row.")] = 3,
    as_json: JsonOption = False,
) -> None:
    """Start-up: wall seconds of one-sentence align (first run, cold, warm), run on the letter,
    review until its URL, and a batch worker's first pair against its second, each a new
    process in a private cache folder; with the targets."""
    from align.bench.startup import format_rows, run_startup_bench

    rows = run_startup_bench(repeats)
    if as_json:
        typer.echo(json.dumps([row.as_json() for row in rows], ensure_ascii=False))
    else:
        typer.echo(format_rows(rows), nl=False)
