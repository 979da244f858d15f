"""The benchmark commands (``bench``, ``bench-partial``, ``bench-segment``, ``bench-paraphrase``,
``bench-tm``), registered on the main app by ``register``: options -> benchmark -> printed
result."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from align.errors import errors
from align.io import emit
from align.options import (
    EncoderOption,
    JsonOption,
    NoCacheOption,
    OutputOption,
    ReportFormat,
    ReportFormatOption,
    ThresholdOption,
    example,
    report_format,
    unit_interval,
)

#: A gold corpus: what ``bench``, ``bench-partial`` and ``bench-paraphrase`` read.
GoldCorpus = Annotated[
    Path,
    typer.Argument(metavar="DATA_DIR", help="Folder with zh/NNN.txt, en/NNN.txt, gold/NNN.align."),
]


def register(app: typer.Typer) -> None:
    """Add the benchmark commands to ``app``."""
    gold = "../shared/data/mac-dev"
    app.command("bench", epilog=example(f"glossalign bench {gold} --format json"))(errors(bench))
    app.command("bench-partial", epilog=example(f"glossalign bench-partial {gold} --seed 1"))(
        errors(bench_partial)
    )
    app.command("bench-segment", epilog=example(f"glossalign bench-segment {gold}"))(
        errors(bench_segment)
    )
    app.command(
        "bench-paraphrase", epilog=example(f"glossalign bench-paraphrase {gold} --keep 0.5")
    )(errors(bench_paraphrase))
    app.command("bench-tm", epilog=example("glossalign bench-tm realcorpus/ --workers 1"))(
        errors(bench_tm)
    )
    app.command("bench-startup", epilog=example("glossalign bench-startup --repeats 1"))(
        errors(bench_startup)
    )


def bench(
    data_dir: GoldCorpus,
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    fmt: ReportFormatOption = "text",
    output: OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """Align every zh/NNN.txt to en/NNN.txt (--split lines), score against gold/NNN.align."""
    from align.bench.alignment import bench_alignment
    from align.encoders import load_encoder
    from align.progress import stderr_progress

    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
        result = bench_alignment(data_dir, model, progress)
    _emit(result.as_json(), result.format() + "\n", report_format(fmt, as_json), output)


def bench_partial(
    data_dir: GoldCorpus,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the middle cuts and the spliced sentences.")
    ] = 0,
    encoder: EncoderOption = "default",
    no_cache: NoCacheOption = False,
    fmt: ReportFormatOption = "text",
    output: OutputOption = None,
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
    _emit(report_dict(result), format_bench(result), report_format(fmt, as_json), output)


def bench_segment(
    data_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DATA_DIR",
            help="Directory with en/*.txt and zh/*.txt, one gold sentence a line.",
        ),
    ],
    fmt: ReportFormatOption = "text",
    output: OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """Sentence-boundary precision, recall and F1 of the segmenter against gold files."""
    from align.bench.segment import bench_segmentation, format_report, report_dict

    by_lang, docs = bench_segmentation(data_dir)
    report = report_dict(by_lang, docs)
    _emit(report, format_report(by_lang, docs), report_format(fmt, as_json), output)


def bench_paraphrase(
    data_dir: GoldCorpus,
    seed: Annotated[
        int, typer.Option("--seed", help="Shuffle seed (document d uses seed + d).")
    ] = 0,
    threshold: ThresholdOption = None,
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
    fmt: ReportFormatOption = "text",
    output: OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """Paraphrase links on mac-dev with the English shuffled in blocks of 3-8 sentences:
    precision and recall (over gold sentence pairs) at the threshold and over thresholds."""
    from align.bench.paraphrase import format_bench, run_bench
    from align.encoders import load_encoder
    from align.paraphrase import DEFAULT_THRESHOLD

    cut = DEFAULT_THRESHOLD if threshold is None else threshold
    result = run_bench(data_dir, load_encoder(encoder, cache=not no_cache), seed, cut, keep)
    _emit(dataclasses.asdict(result), format_bench(result), report_format(fmt, as_json), output)


def bench_tm(
    corpus: Annotated[
        Path,
        typer.Argument(
            metavar="CORPUS_DIR",
            help="Folder of site folders with a bench.json each (tests/realcorpus/build.py).",
        ),
    ],
    workers: Annotated[int, typer.Option("--workers", min=1, help="batch --workers.")] = 2,
    examples: Annotated[
        int, typer.Option("--examples", min=0, help="Units shown per kind of markup.")
    ] = 2,
    encoder: EncoderOption = "default",
    fmt: ReportFormatOption = "text",
    output: OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """Align every site with `glossalign batch` (no pair list) and check its TMX: pairs, files
    unpaired, units, units left out by reason, wall time, units still carrying markup or
    chrome, units whose xml:lang contradicts the declared languages."""
    from align.bench import tm

    results = tm.bench_tm(corpus, workers, encoder, examples)
    records = [dataclasses.asdict(r) for r in results]
    _emit(records, tm.format_results(results), report_format(fmt, as_json), output)


def bench_startup(
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="Runs a row.")] = 3,
    fmt: ReportFormatOption = "text",
    output: OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """Start-up: wall seconds of one-sentence align (first run, cold, warm), run on the letter,
    review until its URL, and a batch worker's first pair against its second, each a new
    process in a private cache folder; with the targets."""
    from align.bench.startup import format_rows, run_startup_bench

    rows = run_startup_bench(repeats)
    records = [row.as_json() for row in rows]
    _emit(records, format_rows(rows), report_format(fmt, as_json), output)


def _emit(record: Any, text: str, fmt: ReportFormat, output: Path | None) -> None:
    """The result as one JSON object (a line) or as its text table, to ``output`` or stdout."""
    emit(json.dumps(record, ensure_ascii=False) + "\n" if fmt == "json" else text, output)
