"""The `glossalign` command line: options -> ``align.pipeline`` -> console output.

Commands parse their options, call one pipeline (or benchmark) function and print; errors are
InputError, reported on one line by ``align.errors.errors``. Shared options live in
``align.options``; the benchmark commands in ``align.bench.cli``, the glossary commands in
``glossary.cli``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from align import __version__
from align.batch.cli import EXAMPLE as BATCH_EXAMPLE
from align.batch.cli import batch_command
from align.bench.cli import register as register_bench
from align.console import Verbosity, detail, info, set_verbosity
from align.errors import InputError, errors, warn
from align.formats import Format
from align.io import emit
from align.options import (
    CodeOption,
    EncoderOption,
    EncodingOption,
    FailOnFindingsOption,
    FromOption,
    GlossaryEncodingOption,
    GlossaryOption,
    HtmlOption,
    JsonOption,
    KeepIdenticalOption,
    LangOption,
    LowConfidenceOption,
    MinScoreOption,
    ModeOption,
    NoCacheOption,
    NoGlossaryOption,
    OutputDirOption,
    OutputOption,
    ReportFormatOption,
    RunGlossaryOption,
    RunSourceArgument,
    RunTargetArgument,
    SourceArgument,
    SplitOption,
    SrcLangOption,
    TargetArgument,
    TgtLangOption,
    ThresholdOption,
    WorkersOption,
    example,
    exit_for_findings,
    report_format,
)
from align.review.cli import EXAMPLE as REVIEW_EXAMPLE
from align.review.cli import review_command
from glossary.cli import glossary_app


class _Group(TyperGroup):
    """The command group; typer's own check that a path argument is readable is turned off
    (it exits 2 with the usage text): our readers name an unreadable file, exit 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _unchecked_paths(self)


def _unchecked_paths(command: Any) -> None:
    for param in command.params:
        info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
        if info is not None and getattr(info, "readable", False):
            info.readable = False
    for sub in getattr(command, "commands", {}).values():
        _unchecked_paths(sub)


app = typer.Typer(
    cls=_Group,
    name="glossalign",
    help="Align Chinese-English translations and check them against a glossary.",
    epilog=example("glossalign -q run -o quiet/"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: texts like [default: …] and glossalign[st] are not read as rich markup.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glossalign {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="No progress bars, no informational lines (summaries, counts, files "
            "written); results, warnings and errors stay.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Also print how long each stage and the command took."
        ),
    ] = False,
) -> None:
    """Align Chinese-English translations and check them against a glossary.

    Global options go before the command: glossalign -q run. Exit codes: 0 done, 1 bad input,
    2 usage error, 3 glossary findings (see --fail-on-findings).
    """
    if quiet and verbose:
        raise typer.BadParameter("give --quiet or --verbose, not both")
    level: Verbosity = "quiet" if quiet else "verbose" if verbose else "normal"
    set_verbosity(level)
    ctx.call_on_close(lambda: set_verbosity("normal"))  # registered first, so it runs last
    if verbose:
        started = time.perf_counter()
        name = ctx.invoked_subcommand or "glossalign"
        ctx.call_on_close(lambda: detail(f"{name} command: {time.perf_counter() - started:.2f} s"))


@app.command(
    "segment", epilog=example("glossalign segment seeds/letter.en.txt -o letter.sentences.txt")
)
@errors
def segment_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Document to split into sentences.")],
    lang: LangOption = "auto",
    fmt: Annotated[
        Literal["lines", "jsonl"],
        typer.Option(
            "--format",
            "-f",
            help="lines: one sentence a line; jsonl: one JSON object a line, {id, paragraph, "
            "start, end, text} for plain text, {id, block, kind, block_start, block_end, start, "
            "end, text} for the other formats.",
        ),
    ] = "lines",
    from_: FromOption = "auto",
    encoding: EncodingOption = "utf-8",
    output: OutputOption = None,
    code: CodeOption = "drop",
    html: HtmlOption = "main",
) -> None:
    """Split a document into sentences; no sentence crosses a block (paragraph, heading, list
    item, table cell...). start/end: character offsets into the decoded text (plain text) or
    into the block's text (other formats, whose block_start/block_end point into the file)."""
    from align.readers import ReadOptions, code_summary, format_document, read_document

    reading = ReadOptions(code, html)
    doc = read_document(file, from_, encoding, reading)
    emit(format_document(doc, None if lang == "auto" else lang, fmt), output)
    summary = code_summary(doc, reading)
    if summary is not None:
        info(summary)


AlignFormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="beads: [0,1]:[2]:0.873; tsv; jsonl; tmx (TMX 1.4). Default: from the "
        "--output extension (.align, .tsv, .jsonl, .tmx), else beads.",
    ),
]


@app.command(
    "align",
    epilog=example("glossalign align seeds/letter.zh.txt seeds/letter.en.txt -o letter.jsonl"),
)
@errors
def align_command(
    source: SourceArgument,
    target: TargetArgument,
    split: SplitOption = "auto",
    encoder: EncoderOption = "default",
    fmt: AlignFormatOption = None,
    output: OutputOption = None,
    no_cache: NoCacheOption = False,
    from_: FromOption = "auto",
    encoding: EncodingOption = "utf-8",
    mode: ModeOption = "monotonic",
    threshold: ThresholdOption = None,
    min_score: MinScoreOption = 0.0,
    keep_identical: KeepIdenticalOption = False,
    workers: WorkersOption = 1,
    code: CodeOption = "drop",
    html: HtmlOption = "main",
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
) -> None:
    """Align a source text with its translation: sentence ids (from 0) and a score per bead.
    How many sentences are left unaligned, and the longest such stretches, go to stderr."""
    from align.encoders import close_encoder, load_encoder
    from align.formats import format_for_path, render
    from align.pipeline import DocumentOptions, align_documents
    from align.progress import stderr_progress
    from align.readers import ReadOptions
    from align.stretches import unaligned_summary
    from align.tmclean import TmFilter

    chosen = fmt or (format_for_path(output) if output else None) or "beads"
    if (min_score or keep_identical) and chosen != "tmx":
        option = "--min-score" if min_score else "--keep-identical"
        raise InputError(f"{option} applies to TMX output only, not {chosen}")
    reading = ReadOptions(code, html)
    options = DocumentOptions(split, from_, encoding, mode, threshold, src_lang, tgt_lang, reading)
    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress, workers=workers)
        try:
            alignment = align_documents(
                source, target, model, options=options, progress=progress, log=info,
                on_warning=warn,
            )  # fmt: skip
        finally:
            close_encoder(model)
    emit(render(alignment, chosen, units=TmFilter(min_score, keep_identical)), output)
    for line in unaligned_summary(alignment):
        info(line)


@app.command(epilog=example("glossalign evaluate seeds/letter.gold.align letter.jsonl"))
@errors
def evaluate(
    gold: Annotated[
        Path,
        typer.Argument(
            metavar="GOLD", help="Gold .align (or TSV/JSONL) file, or a folder of NNN.align."
        ),
    ],
    test: Annotated[
        Path,
        typer.Argument(
            metavar="TEST", help="Test .align (or TSV/JSONL) file, or a folder of NNN.align."
        ),
    ],
    fmt: ReportFormatOption = "text",
    output: OutputOption = None,
    as_json: JsonOption = False,
) -> None:
    """Strict and lax precision, recall and F1 of TEST beads against GOLD (micro-averaged)."""
    import dataclasses
    import json

    from align.evaluate import read_bead_pairs, score_alignments, scores_table

    pairs = read_bead_pairs(gold, test)
    scores = score_alignments(pairs)
    if report_format(fmt, as_json) == "json":
        emit(json.dumps({"documents": len(pairs), **dataclasses.asdict(scores)}) + "\n", output)
    else:
        emit(f"{len(pairs)} document(s)\n{scores_table(scores)}", output)


@app.command(epilog=example("glossalign report letter.jsonl -g seeds/glossary.csv -o letter.html"))
@errors
def report(
    alignment: Annotated[
        Path,
        typer.Argument(
            metavar="ALIGNMENT",
            help="Alignment: TSV or JSONL written by `align` or `run`, or a bilingual file "
            "(XLIFF, SDLXLIFF, TMX, PO).",
        ),
    ],
    glossary: GlossaryOption = None,
    output: OutputOption = None,
    screenshot: Annotated[
        Path | None,
        typer.Option("--screenshot", help="Also write a PNG screenshot (needs chromium)."),
    ] = None,
    low_confidence: LowConfidenceOption = 0.5,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
    glossary_encoding: GlossaryEncodingOption = "auto",
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
) -> None:
    """Write one self-contained HTML page to review an alignment and its glossary findings."""
    from align.pipeline import check_report_outputs, render_review, write_report
    from glossary.io import GlossaryOptions

    check_report_outputs(output, screenshot)
    page = render_review(
        alignment, glossary, title=title, low_confidence=low_confidence,
        glossary_options=GlossaryOptions(glossary_encoding, src_lang, tgt_lang),
    )  # fmt: skip
    write_report(page, output, screenshot)


@app.command(epilog=example("glossalign run seeds/letter.zh.txt seeds/letter.en.txt -o results/"))
@errors
def run(
    source: RunSourceArgument = None,
    target: RunTargetArgument = None,
    glossary: RunGlossaryOption = None,
    no_glossary: NoGlossaryOption = False,
    output: OutputDirOption = Path("output"),
    split: SplitOption = "auto",
    from_: FromOption = "auto",
    encoding: EncodingOption = "utf-8",
    mode: ModeOption = "monotonic",
    threshold: ThresholdOption = None,
    encoder: EncoderOption = "default",
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
    old_source: Annotated[Path | None, typer.Option("--source", hidden=True)] = None,
    old_target: Annotated[Path | None, typer.Option("--target", hidden=True)] = None,
    old_out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
) -> None:
    """Align SOURCE to TARGET, check the glossary, write alignment, findings and review page.

    Outputs, named after the source file (letter.zh.txt -> letter.*): .align, .tsv, .jsonl,
    .tmx, .glossary.csv and .glossary.xlsx (with a glossary), .html and, when Chromium is
    installed, a .png screenshot of the page. Without SOURCE and TARGET: the seeds letter and
    glossary.
    """
    from align.encoders import load_encoder
    from align.pipeline import DocumentOptions, run_job
    from align.progress import stderr_progress
    from align.readers import ReadOptions
    from align.tmclean import TmFilter
    from glossary.io import GlossaryOptions

    source = _deprecated(source, old_source, "--source", "SOURCE")
    target = _deprecated(target, old_target, "--target", "TARGET")
    output = _deprecated(None, old_out, "--out", "-o/--output") or output
    source, target, glossary = _job_inputs(source, target, glossary, no_glossary)
    reading = ReadOptions(code, html)
    options = DocumentOptions(split, from_, encoding, mode, threshold, src_lang, tgt_lang, reading)
    summary: list[str] = []
    findings: list[int] = []
    with stderr_progress() as progress:
        model = load_encoder(encoder, cache=not no_cache, progress=progress)
        written = run_job(
            source, target, glossary, output, model, options=options,
            low_confidence=low_confidence, units=TmFilter(min_score, keep_identical),
            progress=progress, on_warning=warn,
            log=summary.append, on_review=lambda checked: findings.append(len(checked.findings)),
            glossary_options=GlossaryOptions(glossary_encoding, src_lang, tgt_lang),
        )  # fmt: skip
    info("\n".join(summary + [f"  {path}" for path in written]), stdout=True)
    exit_for_findings(sum(findings), fail_on_findings)


def _deprecated(new: Path | None, old: Path | None, flag: str, instead: str) -> Path | None:
    """The value of a renamed option (``--source`` is now SOURCE), still accepted, unlisted
    and silent, so that scripts keep working and an error stays one line."""
    if old is not None and new is not None:
        raise typer.BadParameter(f"give {instead} or {flag}, not both")
    return new if old is None else old


def _job_inputs(
    source: Path | None, target: Path | None, glossary: Path | None, no_glossary: bool
) -> tuple[Path, Path, Path | None]:
    """The job's documents and glossary: both documents given, or neither (the seeds letter
    and, unless --glossary or --no-glossary says otherwise, the seeds glossary)."""
    from align.pipeline import seed_inputs

    if no_glossary and glossary is not None:
        raise InputError("give --glossary or --no-glossary, not both")
    if source is not None and target is not None:
        return source, target, glossary
    if source is not None or target is not None:
        raise typer.BadParameter("give both SOURCE and TARGET, or neither (the seeds letter)")
    return seed_inputs(None, None, glossary, with_glossary=not no_glossary)


register_bench(app)
app.add_typer(glossary_app, name="glossary")
app.command("review", epilog=REVIEW_EXAMPLE)(review_command)
app.command("batch", epilog=BATCH_EXAMPLE)(batch_command)
