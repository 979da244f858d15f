"""`glossalign glossary …`: lint, export, check, extract, bench-check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from align.console import info, printable
from align.errors import InputError, errors, warn
from align.io import emit
from align.options import (
    FailOnFindingsOption,
    OutputOption,
    exit_for_findings,
    glossary_path,
    whole_number,
)  # fmt: skip
from align.output import to_stdout

if TYPE_CHECKING:
    from glossary.model import Glossary

TableEncodingValue = Literal["auto", "utf-8", "utf-16", "gb18030", "big5"]

glossary_app = typer.Typer(
    help="Glossary: validate it, export it (CSV, TSV, TBX), check a translation against it, "
    "propose new terms.",
    no_args_is_help=True,
)


GlossaryFile = Annotated[
    Path, typer.Argument(metavar="FILE", help="Glossary: CSV, TSV, TBX or XLSX.")
]
AlignmentFile = Annotated[
    Path | None,
    typer.Argument(
        metavar="ALIGNMENT",
        help="Alignment: TSV or JSONL written by `glossalign align` or `run`, or a translator's "
        "bilingual file (XLIFF 1.2/2.x, SDLXLIFF, TMX, PO).",
    ),
]
Source = Annotated[
    Path | None, typer.Option("--source", help="Chinese text; with --target and --beads.")
]
Target = Annotated[Path | None, typer.Option("--target", help="English text.")]
Beads = Annotated[
    Path | None, typer.Option("--beads", help="Beads file (.align), one bead a line.")
]
TableEncoding = Annotated[
    Literal["auto", "utf-8", "utf-16", "gb18030", "big5"],
    typer.Option(
        "--encoding",
        help="CSV/TSV glossary encoding; auto: a BOM, else UTF-8, else the more plausible of "
        "GB18030 and Big5 (Chinese Excel saves GB18030 or UTF-16).",
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict", help="A TBX entry without a Chinese or an English term is an error (exit 1)."
    ),
]
NoBom = Annotated[
    bool,
    typer.Option(
        "--no-bom",
        help="Write CSV without the UTF-8 byte-order mark (spreadsheets need it to read Chinese).",
    ),
]


def _load(path: Path, strict: bool, encoding: TableEncodingValue) -> Glossary:
    """The glossary at ``path``; each TBX entry left out is one warning line."""
    from glossary.io import load_glossary

    loaded = load_glossary(path, strict=strict, encoding=encoding)
    for skipped in loaded.skipped:
        warn(skipped.format(str(path)))
    return loaded.glossary


@glossary_app.command(
    help="Validate a glossary: exit 1 on errors, 0 with warnings only.\n\n"
    "Each problem names its row (CSV/TSV line, or TBX termEntry number) and column. Errors: "
    "empty source/target, a term without a letter or digit, unknown case/status, a control "
    "character, a source term in two rows, a rendering both allowed and forbidden. Warnings: a "
    "source term containing another, formula-like cells. Every command that reads a glossary "
    "refuses one with errors the same way."
)
@errors
def lint(file: GlossaryFile, encoding: TableEncoding = "auto") -> None:
    from glossary.io import lint_file

    problems = lint_file(file, encoding)
    for problem in problems:
        typer.echo(printable(problem.format(str(file))))
    n_errors = sum(p.severity == "error" for p in problems)
    info(f"{file}: {n_errors} error(s), {len(problems) - n_errors} warning(s)")
    if n_errors:
        raise typer.Exit(1)


@glossary_app.command(
    "export",
    help="Export a glossary as CSV, TSV or TBX (CSV/TSV cells that look like formulas get a "
    "leading ').",
)
@errors
def export(
    file: GlossaryFile,
    to: Annotated[
        Literal["csv", "tsv", "tbx"],
        typer.Option("--to", help="csv, tsv (for CAT tools) or tbx (TBX-Basic)."),
    ],
    output: OutputOption = None,
    tbx_version: Annotated[
        int,
        typer.Option(
            "--tbx-version",
            min=2,
            max=3,
            help="3: TBX-Basic v3 (ISO 30042:2019, root tbx); 2: TBX v2 (martif), what "
            "translate-toolkit and Weblate read.",
        ),
    ] = 3,
    src_lang: Annotated[
        str | None,
        typer.Option("--src-lang", help="Chinese language code (zh-CN, zh-TW, zh-Hant...)."),
    ] = None,
    tgt_lang: Annotated[
        str | None, typer.Option("--tgt-lang", help="English language code (en, en-US, en-GB).")
    ] = None,
    no_bom: NoBom = False,
    strict: Strict = False,
    encoding: TableEncoding = "auto",
) -> None:
    from glossary.io import format_glossary

    version: Literal[2, 3] = 2 if tbx_version == 2 else 3
    text = format_glossary(
        _load(file, strict, encoding), to, bom=not no_bom, tbx_version=version,
        src_lang=src_lang, tgt_lang=tgt_lang,
    )  # fmt: skip
    emit(text, output)


@glossary_app.command(
    help="Check a translation against the glossary: missing, forbidden, inconsistent, "
    "count_mismatch and deprecated terms, and (bilingual files) untranslated segments.\n\n"
    "One finding per row, columns bead, check, source_term, expected, found, source_text, "
    "target_text, start, end (character offsets in target_text), unit (the segment's id in a "
    "bilingual file); a summary table goes to the terminal (stderr when the findings go to "
    "stdout). --ignore: the review editor's ignore list (findings judged fine) is applied.\n\n"
    "Exit codes: 0 no findings (or --no-fail-on-findings); 3 findings were written; 1 bad "
    "input (one error line on stderr, nothing written); 2 usage error."
)
@errors
def check(
    glossary: Annotated[
        Path,
        typer.Option(
            "--glossary",
            "-g",
            parser=glossary_path,
            metavar="FILE",
            help="Glossary: CSV, TSV, TBX or XLSX.",
        ),
    ],
    alignment: AlignmentFile = None,
    output: OutputOption = None,
    fmt: Annotated[
        Literal["csv", "json"], typer.Option("--format", "-f", help="Findings format.")
    ] = "csv",
    source: Source = None,
    target: Target = None,
    beads: Beads = None,
    ignore: Annotated[
        Path | None,
        typer.Option(
            "--ignore",
            help="Ignore list written by `glossalign review` (<stem>.ignore.json): findings "
            "judged fine are left out.",
        ),
    ] = None,
    fail_on_findings: FailOnFindingsOption = True,
    no_bom: NoBom = False,
    strict: Strict = False,
    encoding: TableEncoding = "auto",
) -> None:
    from align.formats import load_alignment
    from align.review.ignores import apply_ignores, read_ignores
    from glossary.checks import check_alignment, summarize
    from glossary.io import format_findings

    terms = _load(glossary, strict, encoding)
    aligned = load_alignment(alignment, source, target, beads)
    findings = check_alignment(aligned, terms)
    if ignore is not None:
        if not ignore.is_file():
            raise InputError(
                f"{ignore}: no such file; give the ignore list `glossalign review` wrote"
            )
        findings = apply_ignores(findings, aligned, read_ignores(ignore))
    emit(format_findings(findings, fmt, bom=not no_bom), output)
    counts = summarize(findings)
    lines = [f"{'check':<16}{'findings':>8}"] + [f"{c:<16}{n:>8}" for c, n in counts.items()]
    lines.append(
        f"{'total':<16}{len(findings):>8}  ({len(aligned.beads)} beads, {len(terms)} terms)"
    )
    (info if to_stdout(output) else typer.echo)("\n".join(lines))
    exit_for_findings(len(findings), fail_on_findings)


@glossary_app.command(
    help="Propose new glossary entries from aligned text, best first.\n\n"
    "The CSV has exactly the glossary's columns, so accepted rows paste into the glossary as "
    "they are: target is the best English candidate and note holds the evidence (frequency, "
    "score, the next candidates with their scores, example beads)."
)
@errors
def extract(
    alignment: AlignmentFile = None,
    glossary: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            "-g",
            parser=glossary_path,
            metavar="FILE",
            help="Existing glossary: its terms are not proposed.",
        ),
    ] = None,
    output: OutputOption = None,
    top: Annotated[int, typer.Option("--top", min=1, help="At most this many rows.")] = 100,
    min_freq: Annotated[
        int,
        typer.Option("--min-freq", min=1, help="Chinese words in fewer beads are skipped."),
    ] = 2,
    source: Source = None,
    target: Target = None,
    beads: Beads = None,
    no_bom: NoBom = False,
) -> None:
    from align.formats import load_alignment
    from glossary.extract import extract_terms
    from glossary.io import format_glossary
    from glossary.model import Glossary

    aligned = load_alignment(alignment, source, target, beads)
    known = _load(glossary, False, "auto") if glossary else Glossary()
    proposals = extract_terms(aligned, known, min_freq=min_freq)[:top]
    proposed = Glossary(tuple(p.entry() for p in proposals))
    emit(format_glossary(proposed, "csv", bom=not no_bom), output)
    info(f"{len(proposals)} proposal(s) from {len(aligned.beads)} beads")


@glossary_app.command("bench-check", help="Time check on generated data (generation is not timed).")
@errors
def bench_check(
    pairs: Annotated[
        int,
        typer.Option(
            "--pairs",
            callback=whole_number(1, 100_000),
            help="Aligned pairs (at most 100,000: with 10,000 terms, 47 s and 0.9 GB).",
        ),
    ] = 100_000,
    terms: Annotated[
        int,
        typer.Option(
            "--terms", callback=whole_number(1, 10_000), help="Glossary entries (at most 10,000)."
        ),
    ] = 2_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
) -> None:
    import time

    from glossary.bench import synthetic
    from glossary.checks import check_alignment
    from glossary.matching import TermMatcher

    generated, aligned = synthetic(pairs, terms, seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    matcher = TermMatcher(generated)
    built = time.perf_counter()
    findings = check_alignment(aligned, generated, matcher)
    done, cpu_done = time.perf_counter(), time.process_time()
    chars = sum(map(len, aligned.src)) + sum(map(len, aligned.tgt))
    typer.echo(
        f"{pairs} pairs ({chars / 1e6:.1f}M chars), {terms} terms: matcher built in "
        f"{built - started:.2f} s, check in {done - built:.2f} s; total {done - started:.2f} s "
        f"wall, {cpu_done - cpu_started:.2f} s CPU; {len(findings)} findings"
    )
