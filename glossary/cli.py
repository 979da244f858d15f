"""`glossalign glossary …`: lint, export, check, extract, bench-check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from align.console import info, printable
from align.errors import InputError, errors
from align.io import emit
from align.options import (
    EncodingOption,
    FailOnFindingsOption,
    GlossaryEncodingOption,
    OutputOption,
    SrcLangOption,
    TgtLangOption,
    example,
    exit_for_findings,
    glossary_path,
    output_format,
    whole_number,
)
from align.output import to_stdout
from align.workbook import write_xlsx

if TYPE_CHECKING:
    from align.io import Encoding
    from glossary.io import GlossaryOptions
    from glossary.model import Glossary

glossary_app = typer.Typer(
    help="Glossary: validate it, export it (CSV, TSV, TBX, XLSX), check a translation against "
    "it, propose new terms.",
    epilog=example("glossalign glossary export seeds/glossary.csv --format tsv -o glossary.tsv"),
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
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="A TBX entry without a term in either language is an error (exit 1), not skipped.",
    ),
]
NoBom = Annotated[
    bool,
    typer.Option(
        "--no-bom",
        help="Write CSV without the UTF-8 byte-order mark (spreadsheets need it to read Chinese).",
    ),
]
CheckedGlossary = Annotated[
    Path,
    typer.Option(
        "--glossary",
        "-g",
        parser=glossary_path,
        metavar="FILE",
        help="Glossary (CSV, TSV, TBX or XLSX): check the translation.",
    ),
]
FindingsFormatOption = Annotated[
    Literal["csv", "json", "xlsx"] | None,
    typer.Option(
        "--format",
        "-f",
        help="csv (scripts), json or xlsx (spreadsheets). Default: from the --output "
        "extension, else csv.",
    ),
]
IgnoreOption = Annotated[
    Path | None,
    typer.Option(
        "--ignore",
        help="Ignore list written by `glossalign review` (<stem>.ignore.json): findings "
        "judged fine are left out.",
    ),
]
TableFormat = Literal["csv", "xlsx"]
_TABLE_SUFFIXES: dict[str, TableFormat] = {".csv": "csv", ".xlsx": "xlsx"}
ExportFormat = Literal["csv", "tsv", "tbx", "xlsx"]
_EXPORT_SUFFIXES: dict[str, ExportFormat] = {
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".tbx": "tbx", ".xlsx": "xlsx",
}  # fmt: skip


def _options(
    encoding: Encoding, src_lang: str | None, tgt_lang: str | None, strict: bool = False
) -> GlossaryOptions:
    from glossary.io import GlossaryOptions

    return GlossaryOptions(encoding, src_lang, tgt_lang, strict)


def _load(path: Path, options: GlossaryOptions) -> Glossary:
    """The glossary at ``path``; entries left out are reported (glossary.io.read_glossary)."""
    from glossary.io import read_glossary

    return read_glossary(path, options)


@glossary_app.command(
    epilog=example("glossalign glossary lint seeds/glossary.csv"),
    help="Validate a glossary: exit 1 on errors, 0 with warnings only.\n\n"
    "Each problem names its row (CSV/TSV line, or TBX termEntry number) and column. Errors: "
    "empty source/target, a term without a letter or digit, unknown case/status, a control "
    "character, a source term in two rows, a rendering both allowed and forbidden. Warnings: a "
    "source term containing another, formula-like cells. Every command that reads a glossary "
    "refuses one with errors the same way.",
)
@errors
def lint(
    file: GlossaryFile,
    output: OutputOption = None,
    glossary_encoding: GlossaryEncodingOption = "auto",
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
) -> None:
    from glossary.io import lint_file

    problems = lint_file(file, _options(glossary_encoding, src_lang, tgt_lang))
    emit("".join(printable(problem.format(str(file))) + "\n" for problem in problems), output)
    n_errors = sum(p.severity == "error" for p in problems)
    info(f"{file}: {n_errors} error(s), {len(problems) - n_errors} warning(s)")
    if n_errors:
        raise typer.Exit(1)


@glossary_app.command(
    "export",
    epilog=example("glossalign glossary export seeds/glossary.csv -o glossary.tbx"),
    help="Export a glossary as CSV, TSV (for CAT tools), TBX or XLSX (for spreadsheets). "
    "CSV cells that look like formulas get a leading '; TSV and XLSX cells are written as "
    "they are.",
)
@errors
def export(
    file: GlossaryFile,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv (scripts), tsv (CAT tools), tbx (TBX-Basic) or xlsx (spreadsheets). "
            "Default: from the --output extension, else csv.",
        ),
    ] = None,
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
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
    no_bom: NoBom = False,
    strict: Strict = False,
    glossary_encoding: GlossaryEncodingOption = "auto",
    to: Annotated[ExportFormat | None, typer.Option("--to", hidden=True)] = None,
) -> None:
    from glossary.io import format_glossary, glossary_xlsx

    if fmt and to and fmt != to:
        raise typer.BadParameter("give --format or its old name --to, not both")
    chosen = output_format(fmt or to, output, _EXPORT_SUFFIXES, "csv")
    glossary = _load(file, _options(glossary_encoding, src_lang, tgt_lang, strict))
    if chosen == "xlsx":
        write_xlsx(glossary_xlsx(glossary), output)
        return
    version: Literal[2, 3] = 2 if tbx_version == 2 else 3
    text = format_glossary(
        glossary, chosen, bom=not no_bom, tbx_version=version, src_lang=src_lang,
        tgt_lang=tgt_lang,
    )  # fmt: skip
    emit(text, output)


@glossary_app.command(
    epilog=example("glossalign glossary check letter.jsonl -g seeds/glossary.csv -o findings.xlsx"),
    help="Check a translation against the glossary: missing, forbidden, inconsistent, "
    "count_mismatch and deprecated terms, and (bilingual files) untranslated segments.\n\n"
    "One finding per row, columns bead, check, source_term, expected, found, source_text, "
    "target_text, start, end (character offsets in target_text), unit (the segment's id in a "
    "bilingual file); a summary table goes to the terminal (stderr when the findings go to "
    "stdout). --ignore: the review editor's ignore list (findings judged fine) is applied.\n\n"
    "Exit codes: 0 no findings (or --no-fail-on-findings); 3 findings were written; 1 bad "
    "input (one error line on stderr, nothing written); 2 usage error.",
)
@errors
def check(
    glossary: CheckedGlossary,
    alignment: AlignmentFile = None,
    output: OutputOption = None,
    fmt: FindingsFormatOption = None,
    source: Source = None,
    target: Target = None,
    beads: Beads = None,
    ignore: IgnoreOption = None,
    fail_on_findings: FailOnFindingsOption = True,
    no_bom: NoBom = False,
    strict: Strict = False,
    encoding: EncodingOption = "utf-8",
    glossary_encoding: GlossaryEncodingOption = "auto",
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
) -> None:
    from align.formats import load_alignment
    from align.review.ignores import apply_ignores, read_ignores
    from glossary.checks import check_alignment, summarize
    from glossary.io import FindingsFileFormat, findings_xlsx, format_findings

    suffixes: dict[str, FindingsFileFormat] = {".csv": "csv", ".json": "json", ".xlsx": "xlsx"}
    chosen = output_format(fmt, output, suffixes, "csv")
    terms = _load(glossary, _options(glossary_encoding, src_lang, tgt_lang, strict))
    aligned = load_alignment(alignment, source, target, beads, encoding=encoding)
    findings = check_alignment(aligned, terms)
    if ignore is not None:
        if not ignore.is_file():
            raise InputError(
                f"{ignore}: no such file; give the ignore list `glossalign review` wrote"
            )
        findings = apply_ignores(findings, aligned, read_ignores(ignore))
    if chosen == "xlsx":
        write_xlsx(findings_xlsx(findings), output)
    else:
        emit(format_findings(findings, chosen, bom=not no_bom), output)
    counts = summarize(findings)
    lines = [f"{'check':<16}{'findings':>8}"] + [f"{c:<16}{n:>8}" for c, n in counts.items()]
    lines.append(
        f"{'total':<16}{len(findings):>8}  ({len(aligned.beads)} beads, {len(terms)} terms)"
    )
    info("\n".join(lines), stdout=not to_stdout(output))
    exit_for_findings(len(findings), fail_on_findings)


@glossary_app.command(
    epilog=example(
        "glossalign glossary extract letter.jsonl -g seeds/glossary.csv -o proposals.csv"
    ),
    help="Propose new glossary entries from aligned text, best first.\n\n"
    "The CSV has exactly the glossary's columns, so accepted rows paste into the glossary as "
    "they are: target is the best English candidate and note holds the evidence (frequency, "
    "score, the next candidates with their scores, example beads).",
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
    fmt: Annotated[
        TableFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv (scripts) or xlsx (spreadsheets). Default: from the --output extension, "
            "else csv.",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="At most this many rows.")] = 100,
    min_freq: Annotated[
        int,
        typer.Option("--min-freq", min=1, help="Chinese words in fewer beads are skipped."),
    ] = 2,
    source: Source = None,
    target: Target = None,
    beads: Beads = None,
    no_bom: NoBom = False,
    encoding: EncodingOption = "utf-8",
    glossary_encoding: GlossaryEncodingOption = "auto",
    src_lang: SrcLangOption = None,
    tgt_lang: TgtLangOption = None,
) -> None:
    from align.formats import load_alignment
    from glossary.extract import extract_terms
    from glossary.io import format_glossary, glossary_xlsx
    from glossary.model import Glossary

    chosen = output_format(fmt, output, _TABLE_SUFFIXES, "csv")
    aligned = load_alignment(alignment, source, target, beads, encoding=encoding)
    options = _options(glossary_encoding, src_lang, tgt_lang)
    known = _load(glossary, options) if glossary else Glossary()
    proposals = extract_terms(aligned, known, min_freq=min_freq)[:top]
    proposed = Glossary(tuple(p.entry() for p in proposals))
    if chosen == "xlsx":
        write_xlsx(glossary_xlsx(proposed), output)
    else:
        emit(format_glossary(proposed, "csv", bom=not no_bom), output)
    info(f"{len(proposals)} proposal(s) from {len(aligned.beads)} beads")


@glossary_app.command(
    "bench-check",
    epilog=example("glossalign glossary bench-check --pairs 10000 --terms 500"),
    help="Time check on generated data (generation is not timed).",
)
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
    output: OutputOption = None,
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
    emit(
        f"{pairs} pairs ({chars / 1e6:.1f}M chars), {terms} terms: matcher built in "
        f"{built - started:.2f} s, check in {done - built:.2f} s; total {done - started:.2f} s "
        f"wall, {cpu_done - cpu_started:.2f} s CPU; {len(findings)} findings\n",
        output,
    )
