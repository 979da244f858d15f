"""``glossalign batch``: options -> ``align.batch.corpus.run_batch`` -> console lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from align.console import info
from align.errors import InputError, errors, fail
from align.formats import FORMATS, Format
from align.options import (
    CodeOption,
    EncoderOption,
    EncodingOption,
    FailOnFindingsOption,
    FromOption,
    GlossaryEncodingOption,
    GlossaryOption,
    HtmlOption,
    LowConfidenceOption,
    ModeOption,
    NoCacheOption,
    SplitOption,
    SrcLangOption,
    TgtLangOption,
    ThresholdOption,
    exit_for_findings,
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
OutOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Folder for every output (required).")
]
# --out, as issue 19 and the README first spelled -o/--output: still accepted, unlisted.
OldOutOption = Annotated[Path | None, typer.Option("--out", hidden=True)]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Local worker processes (default: the cores)."),
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
        "-f",
        help="Per-pair alignment files, comma-separated, of beads, tsv, jsonl, tmx; tmx is "
        "always written (the corpus TMX is merged from it).",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Align again the pairs reviewed in glossalign review (kept otherwise)."
    ),
]


@errors
def batch_command(
    corpus: CorpusArgument,
    out: OutOption = None,
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
    fail_on_findings: FailOnFindingsOption = True,
    glossary_encoding: GlossaryEncodingOption = "auto",
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
    code: CodeOption = "drop",
    html: HtmlOption = "main",
    old_out: OldOutOption = None,
    force: ForceOption = False,
) -> None:
    """Align every document pair of a corpus, locally or on a Dask cluster, resumably.

    Writes pairs/NAME.align, .tsv, .tmx (and .glossary.csv) for each pair, corpus.tmx (each
    tu names its document), summary.csv, .xlsx and .html (worst pairs first) and, with a
    glossary, consistency.csv and .xlsx (terms rendered differently across documents). A second run
    skips the pairs whose outputs are up to date. Exit codes: 0 done; 3 glossary findings in
    some pair (--no-fail-on-findings: 0); 1 a pair failed or bad input.
    """
    from align.batch.corpus import Cluster, run_batch
    from align.batch.job import Settings
    from align.pipeline import DocumentOptions
    from align.readers import ReadOptions
    from glossary.io import GlossaryOptions

    folder = out if old_out is None else old_out
    if folder is None or (out is not None and old_out is not None):
        raise typer.BadParameter("give the output folder with -o/--output (once)")
    document = DocumentOptions(split, fmt, encoding, mode, threshold, ReadOptions(code, html))
    settings = Settings(
        encoder=encoder, cache=not no_cache, document=document, formats=_formats(formats),
        low_confidence=low_confidence,
    )  # fmt: skip
    terms = GlossaryOptions(glossary_encoding, src_lang, tgt_lang)
    try:
        report = run_batch(
            corpus, folder, settings, glossary=glossary, cluster=Cluster(workers, scheduler),
            log=info, glossary_options=None if terms == GlossaryOptions() else terms,
            force=force,
        )  # fmt: skip
    except KeyboardInterrupt:
        _log("glossalign: interrupted; every finished pair is kept: run again to resume")
        raise typer.Exit(130) from None
    _print(report)
    exit_for_findings(sum(r.result.findings for r in report.pairs if r.result), fail_on_findings)


def _log(line: str) -> None:
    typer.echo(line, err=True)


def _print(report: BatchReport) -> None:
    """Totals and corpus files on stdout (not under --quiet); each failed pair on stderr,
    then exit 1."""
    from align.batch.outputs import totals

    info("\n".join([totals(report.pairs), *(f"  {path}" for path in report.written)]), stdout=True)
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
