"""``glossalign batch``: options -> ``align.batch.corpus.run_batch`` -> console lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from align.errors import InputError, errors, fail
from align.formats import FORMATS, Format
from align.options import (
    MAX_WORKERS,
    EncoderOption,
    EncodingOption,
    FromOption,
    GlossaryOption,
    LowConfidenceOption,
    ModeOption,
    NoCacheOption,
    SplitOption,
    ThresholdOption,
    whole_number,
)

if TYPE_CHECKING:
    from align.batch.corpus import BatchReport

CorpusArgument = Annotated[
    Path,
    typer.Argument(
        help="A folder of NAME.zh.EXT + NAME.en.EXT, or zh/ + en/ folders of same-named files, "
        "or a CSV of source,target[,name].",
        metavar="INPUT",
    ),
]
# -o/--output as in every command; --out as issue 19 and the README first spelled it.
OutOption = Annotated[
    Path, typer.Option("--output", "-o", "--out", help="Folder for every output.")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        callback=whole_number(1, MAX_WORKERS),
        help=f"Local worker processes (default: the cores; at most {MAX_WORKERS}).",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Run on this Dask cluster, e.g. tcp://host:8786 (default: "
        "$DASK_SCHEDULER_ADDRESS, else a local cluster).",
    ),
]
FormatsOption = Annotated[
    str,
    typer.Option(
        "--format",
        help="Per-pair alignment files, comma-separated, of beads, tsv, jsonl, tmx; tmx is "
        "always written (the corpus TMX is merged from it).",
    ),
]


@errors
def batch_command(
    corpus: CorpusArgument,
    out: OutOption,
    glossary: GlossaryOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    formats: FormatsOption = "beads,tsv,tmx",
    split: SplitOption = "auto",
    fmt: FromOption = "auto",
    encoder: EncoderOption = "default",
    mode: ModeOption = "monotonic",
    threshold: ThresholdOption = None,
    encoding: EncodingOption = "utf-8",
    no_cache: NoCacheOption = False,
    low_confidence: LowConfidenceOption = 0.5,
) -> None:
    """Align every document pair of a corpus, locally or on a Dask cluster, resumably.

    Writes pairs/NAME.align, .tsv, .tmx (and .glossary.csv) for each pair, corpus.tmx (each
    tu names its document), summary.csv and summary.html (worst pairs first) and, with a
    glossary, consistency.csv (terms rendered differently across documents). A second run
    skips the pairs whose outputs are up to date.
    """
    from align.batch.corpus import Cluster, run_batch
    from align.batch.job import Settings
    from align.pipeline import DocumentOptions

    document = DocumentOptions(split, fmt, encoding, mode, threshold)
    settings = Settings(
        encoder=encoder, cache=not no_cache, document=document, formats=_formats(formats),
        low_confidence=low_confidence,
    )  # fmt: skip
    try:
        report = run_batch(
            corpus, out, settings, glossary=glossary, cluster=Cluster(workers, scheduler),
            log=_log,
        )  # fmt: skip
    except KeyboardInterrupt:
        _log("glossalign: interrupted; every finished pair is kept: run again to resume")
        raise typer.Exit(130) from None
    _print(report)


def _log(line: str) -> None:
    typer.echo(line, err=True)


def _print(report: BatchReport) -> None:
    """Totals and corpus files on stdout; each failed pair on stderr, then exit 1."""
    from align.batch.outputs import totals

    typer.echo(totals(report.pairs))
    for path in report.written:
        typer.echo(f"  {path}")
    failed = [p for p in report.pairs if p.status == "failed"]
    for row in failed:
        _log(f"glossalign: {row.pair.name} failed: {row.error}")
    if failed:
        raise fail(f"{len(failed)} of {len(report.pairs)} pairs failed (listed above)")


def _formats(given: str) -> tuple[Format, ...]:
    """The formats named in ``--format``, in order, with tmx added when missing."""
    chosen: list[Format] = []
    for name in [n.strip() for n in given.split(",") if n.strip()] + ["tmx"]:
        fmt = next((f for f in FORMATS if f == name), None)
        if fmt is None:
            raise InputError(
                f"--format {given}: unknown format {name!r}; choose among {', '.join(FORMATS)}"
            )
        if fmt not in chosen:
            chosen.append(fmt)
    return tuple(chosen)
