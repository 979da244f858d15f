"""``glossalign batch``: options -> ``align.batch.corpus.run_batch`` -> console lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from align.console import info, printable
from align.errors import InputError, errors, fail
from align.formats import FORMATS, Format
from align.options import (
    MAX_WORKERS,
    CodeOption,
    EncoderOption,
    EncodingOption,
    FailOnFindingsOption,
    FromOption,
    GlossaryEncodingOption,
    GlossaryOption,
    HtmlOption,
    KeepIdenticalOption,
    LowConfidenceOption,
    MinScoreOption,
    ModeOption,
    NoCacheOption,
    SplitOption,
    SrcLangOption,
    TgtLangOption,
    ThresholdOption,
    example,
    exit_for_findings,
    whole_number,
)

#: The --help epilog (the command is declared in align/cli.py).
EXAMPLE = example("glossalign batch tests/data/realcorpus -o tm/ --min-score 0.5")

if TYPE_CHECKING:
    from align.batch.corpus import BatchReport

CorpusArgument = Annotated[
    Path | None,
    typer.Argument(
        help="A folder, walked recursively: files and folders marked by language are paired "
        "(NAME.zh.md + NAME.en.md, NAME_zh.md, X.html.zh-cn.utf8, zh/ + en/ or zh_CN/ + en/ "
        "trees...); or a CSV of source,target[,name]. Not with --src-root/--tgt-root.",
        metavar="INPUT",
        show_default=False,
    ),
]
SrcRootOption = Annotated[
    Path | None,
    typer.Option(
        "--src-root",
        help="The Chinese tree (e.g. i18n/zh-Hans/docusaurus-plugin-content-docs/current), "
        "paired with --tgt-root by relative path.",
    ),
]
TgtRootOption = Annotated[
    Path | None, typer.Option("--tgt-root", help="The English tree (e.g. docs/).")
]
PatternOption = Annotated[
    str | None,
    typer.Option(
        "--pattern",
        help="SOURCE=TARGET: two path templates under INPUT; {name} (which may hold folders) "
        "names the pair, * is any characters within a name, e.g. "
        "'i18n/zh/{name}.md=docs/{name}.md'.",
    ),
]
OutOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Folder for every output (required).")
]
# --out, as issue 19 and the README first spelled -o/--output: still accepted, unlisted.
OldOutOption = Annotated[Path | None, typer.Option("--out", hidden=True)]
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


def _positive(ctx: typer.Context, param: typer.CallbackParam, value: float) -> float:
    if not value > 0:
        raise fail(f"{param.opts[0]} {value:g}: give a number of seconds above 0")
    return value


SchedulerTimeoutOption = Annotated[
    float,
    typer.Option(
        "--scheduler-timeout",
        callback=_positive,
        help="Seconds to wait for the --scheduler to answer before giving up.",
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
    corpus: CorpusArgument = None,
    out: OutOption = None,
    src_root: SrcRootOption = None,
    tgt_root: TgtRootOption = None,
    pattern: PatternOption = None,
    glossary: GlossaryOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    scheduler_timeout: SchedulerTimeoutOption = 10.0,
    formats: FormatsOption = "beads,tsv,tmx",
    split: SplitOption = "auto",
    fmt: FromOption = "auto",
    encoder: EncoderOption = "default",
    mode: ModeOption = "monotonic",
    threshold: ThresholdOption = None,
    encoding: EncodingOption = "utf-8",
    no_cache: NoCacheOption = False,
    low_confidence: LowConfidenceOption = 0.5,
    min_score: MinScoreOption = 0.0,
    keep_identical: KeepIdenticalOption = False,
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

    Writes pairs/NAME.align, .tsv, .tmx (.glossary.csv), corpus.tmx (identical, wordless or
    repeated units left out or merged), summary.csv/.xlsx/.html and consistency.csv/.xlsx.
    Pairs up to date are skipped. Exit: 0 done; 3 findings (--no-fail-on-findings: 0); 1 a
    pair failed or bad input."""
    from align.batch.corpus import Cluster, run_batch
    from align.batch.inputs import Layout
    from align.batch.job import Settings
    from align.pipeline import DocumentOptions
    from align.readers import ReadOptions
    from align.tmclean import TmFilter
    from glossary.io import GlossaryOptions

    reading = ReadOptions(code, html)
    document = DocumentOptions(split, fmt, encoding, mode, threshold, src_lang, tgt_lang, reading)
    settings = Settings(
        encoder=encoder, cache=not no_cache, document=document, formats=_formats(formats),
        low_confidence=low_confidence, units=TmFilter(min_score, keep_identical),
    )  # fmt: skip
    try:
        report = run_batch(
            Layout(corpus, src_root, tgt_root, pattern), _folder(out, old_out), settings,
            glossary=glossary, cluster=Cluster(workers, scheduler, scheduler_timeout), log=info,
            warn=_log, glossary_options=GlossaryOptions(glossary_encoding, src_lang, tgt_lang),
            force=force,
        )  # fmt: skip
    except KeyboardInterrupt:
        raise _interrupted() from None
    _print(report, fail_on_findings)


def _interrupted() -> typer.Exit:
    _log("glossalign: interrupted; every finished pair is kept: run again to resume")
    return typer.Exit(130)


def _folder(out: Path | None, old_out: Path | None) -> Path:
    """The output folder, given once as -o/--output or as the unlisted --out."""
    folder = out if old_out is None else old_out
    if folder is None or (out is not None and old_out is not None):
        raise typer.BadParameter("give the output folder with -o/--output (once)")
    return folder


def _log(line: str) -> None:
    typer.echo(printable(line, lines=True), err=True)


def _print(report: BatchReport, fail_on_findings: bool) -> None:
    """Totals and corpus files on stdout (not under --quiet); each failed pair on stderr,
    then exit 1; else exit 3 on glossary findings (``fail_on_findings``)."""
    from align.batch.summary import totals

    lines = [totals(report.pairs, len(report.unpaired)), *(f"  {p}" for p in report.written)]
    info("\n".join(lines), stdout=True)
    failed = [p for p in report.pairs if p.status == "failed"]
    for row in failed:
        _log(f"glossalign: {row.pair.name} failed: {row.error}")
    if failed:
        raise fail(f"{len(failed)} of {len(report.pairs)} pairs failed (listed above)")
    exit_for_findings(sum(r.result.findings for r in report.pairs if r.result), fail_on_findings)


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
