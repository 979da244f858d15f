"""``glossalign bench-tm CORPUS_DIR``: align each site of a real-corpus folder with
``glossalign batch`` (no list of pairs) and check the translation memory it makes.

``CORPUS_DIR`` holds one folder per site, as ``tests/realcorpus/build.py`` extracts them, each
with a ``bench.json``: ``{"generator": "VitePress", "args": [batch arguments, paths relative
to the site folder], "src_lang": "zh-CN", "tgt_lang": "en"}``. For each site, in name order:
``glossalign batch ARGS -o CORPUS_DIR/SITE.out`` runs in the site folder on a fresh output
folder (the embedding cache is the user's, ``GLOSSALIGN_CACHE_DIR``), timed from start to
exit; then ``summary.csv`` and ``corpus.tmx`` give the pairs, the files unpaired, the units
and those left out by reason, and ``align.bench.tmcheck`` the units still carrying markup or
chrome and those whose ``xml:lang`` contradicts the site's declared languages, and
``align.bench.tmsegments`` the conjunctions cut from a paragraph and the cuts inside a
quotation (all goal 0), and the paragraphs that are only a conjunction (the page's own text).
Inline code of the Markdown sources is set aside by the markup check (``tmcheck.code_spans``).
Every unit with markup is listed in ``SITE.out/markup.tsv`` (kinds, document, both texts),
every segmentation case in ``SITE.out/segments.tsv``.
When ``glossalign batch`` takes ``--src-lang``/``--tgt-lang``, the site's languages are passed.
"""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from align.bench.tmcheck import Hit, check_tmx, code_spans
from align.bench.tmsegments import SegmentCheck, check_pair
from align.errors import InputError
from align.tmclean import REASONS

BENCH_FILE = "bench.json"


@dataclass(frozen=True, slots=True)
class Site:
    """A site folder and how to align it."""

    name: str
    folder: Path
    generator: str
    args: tuple[str, ...]
    langs: tuple[str, str]


@dataclass(frozen=True, slots=True)
class SiteResult:
    """One site's figures (``left``: units left out by reason, duplicates included)."""

    site: str
    generator: str
    exit_code: int
    seconds: float
    pairs: int
    failed: int
    unpaired: int
    units: int
    left: dict[str, int]
    markup_units: int
    markup_kinds: dict[str, int]
    wrong_lang: int
    examples: list[str] = field(default_factory=list)
    conjunctions: int = 0
    quote_splits: int = 0
    conjunction_paragraphs: int = 0


def load_sites(corpus: Path) -> list[Site]:
    """The sites of ``corpus``: its folders holding a ``bench.json``."""
    if not corpus.is_dir():
        raise InputError(f"{corpus}: no such folder; build it with tests/realcorpus/build.py")
    sites = []
    for folder in sorted(p for p in corpus.iterdir() if (p / BENCH_FILE).is_file()):
        try:
            spec = json.loads((folder / BENCH_FILE).read_text(encoding="utf-8"))
            sites.append(Site(folder.name, folder, str(spec["generator"]),
                              tuple(map(str, spec["args"])),
                              (str(spec["src_lang"]), str(spec["tgt_lang"]))))  # fmt: skip
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{folder / BENCH_FILE}: not a site description ({exc})") from None
    if not sites:
        raise InputError(f"{corpus}: no site folder with a {BENCH_FILE}")
    return sites


def batch_command(site: Site, out: Path, workers: int, encoder: str) -> list[str]:
    """The ``glossalign batch`` command line for ``site``."""
    from align.batch.cli import batch_command as command

    line = [str(Path(sys.executable).with_name("glossalign")), "batch", *site.args, "-o", str(out)]
    line += ["--workers", str(workers), "--encoder", encoder]
    if "src_lang" in inspect.signature(command).parameters:  # declared languages, once merged
        line += ["--src-lang", site.langs[0], "--tgt-lang", site.langs[1]]
    return line


def run_site(site: Site, workers: int, encoder: str, examples: int) -> SiteResult:
    """Align ``site`` afresh into ``SITE.out`` beside it and read the figures back."""
    import polars as pl

    out = site.folder.with_name(f"{site.name}.out")
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    # The command's stdout (its totals, the files written) goes to stderr, with its progress:
    # stdout is the bench's table.
    done = subprocess.run(batch_command(site, out.resolve(), workers, encoder), cwd=site.folder,
                          stdout=subprocess.PIPE, text=True, check=False)  # fmt: skip
    sys.stderr.write(done.stdout)
    seconds = time.perf_counter() - started
    if not (out / "summary.csv").is_file():
        return SiteResult(site.name, site.generator, done.returncode, seconds, 0, 0, 0, 0, {},
                          0, {}, 0)  # fmt: skip
    table = pl.read_csv(out / "summary.csv", infer_schema=False)
    pairs = table.filter(pl.col("status") != "unpaired")
    left: dict[str, int] = {
        reason: int(pairs[f"left_{reason.replace('-', '_').replace(' ', '_')}"].cast(int).sum())
        for reason in REASONS
    }
    aligned = [
        (str(row["name"]), str(row["source"]), str(row["target"]))
        for row in pairs.filter(pl.col("status") != "failed").iter_rows(named=True)
    ]
    check = check_tmx(out / "corpus.tmx", site.langs, _code(site.folder, aligned))
    _write_hits(out / "markup.tsv", check.hits)
    segments = _segments(site, aligned, out / "segments.tsv")
    shown = _examples(check.hits, examples) + list(check.wrong_lang_examples)
    shown += [f"conjunction-only | {c}" for c in segments.conjunctions[:examples]]
    shown += [f"quote split | {c}" for c in segments.quote_splits[:examples]]
    return SiteResult(
        site.name, site.generator, done.returncode, seconds, pairs.height,
        pairs.filter(pl.col("status") == "failed").height, table.height - pairs.height,
        check.units, left, check.markup_units, dict(check.by_kind.most_common()),
        check.wrong_lang, shown, len(segments.conjunctions), len(segments.quote_splits),
        len(segments.conjunction_paragraphs),
    )  # fmt: skip


def _code(folder: Path, aligned: list[tuple[str, str, str]]) -> dict[str, frozenset[str]]:
    """The code spans of each pair's Markdown sources, by document name."""
    markdown = (".md", ".mdx", ".markdown")
    return {
        name: frozenset().union(*(
            code_spans((folder / path).read_text(encoding="utf-8", errors="replace"))
            for path in (source, target) if Path(path).suffix.lower() in markdown
        ))
        for name, source, target in aligned
    }  # fmt: skip


def _segments(site: Site, aligned: list[tuple[str, str, str]], tsv: Path) -> SegmentCheck:
    """The segmentation figures of the aligned pairs, each case a row of ``tsv``."""
    from align.csvsafe import format_table

    total, rows = SegmentCheck(), []
    for name, source, target in aligned:
        check = check_pair(site.folder, source, target, site.langs)
        cases = {
            "conjunction-only": check.conjunctions,
            "quote split": check.quote_splits,
            "conjunction paragraph": check.conjunction_paragraphs,
        }
        rows += [(kind, name, c) for kind, found in cases.items() for c in found]
        named = (tuple(f"{name} | {c}" for c in found) for found in cases.values())
        total += SegmentCheck(check.sentences, *named)
    tsv.write_text(format_table(("kind", "document", "sentences"), rows, "\t"), "utf-8")
    return total


def _write_hits(path: Path, hits: tuple[Hit, ...]) -> None:
    from align.csvsafe import format_table

    rows = ([", ".join(h.kinds), h.document, h.src, h.tgt] for h in hits)
    path.write_text(format_table(("kinds", "document", "src", "tgt"), rows, "\t"), "utf-8")


def _examples(hits: tuple[Hit, ...], per_kind: int) -> list[str]:
    """Up to ``per_kind`` units for each kind of markup: ``kind | document | src | tgt``."""
    shown: Counter[str] = Counter()
    lines = []
    for hit in hits:
        for kind in hit.kinds:
            if shown[kind] < per_kind:
                shown[kind] += 1
                lines.append(f"{kind} | {hit.document} | {hit.src[:90]} | {hit.tgt[:90]}")
    return sorted(lines)


def bench_tm(
    corpus: Path, workers: int = 2, encoder: str = "default", examples: int = 2
) -> list[SiteResult]:
    return [run_site(site, workers, encoder, examples) for site in load_sites(corpus)]


def format_results(results: list[SiteResult]) -> str:
    """A Markdown table of the figures, then the examples of each site."""
    head = ["site", "generator", "pairs", "failed", "unpaired", "units", *REASONS, "seconds",
            "markup units", "wrong xml:lang", "conjunction-only", "quote splits",
            "conjunction paragraphs", "exit"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in results:
        cells = [r.site, r.generator, r.pairs, r.failed, r.unpaired, r.units,
                 *(r.left.get(reason, 0) for reason in REASONS), f"{r.seconds:.0f}",
                 r.markup_units, r.wrong_lang, r.conjunctions, r.quote_splits,
                 r.conjunction_paragraphs, r.exit_code]  # fmt: skip
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    for r in results:
        kinds = ", ".join(f"{kind} {n}" for kind, n in r.markup_kinds.items()) or "none"
        lines += ["", f"{r.site}: markup by kind: {kinds}", *(f"  {e}" for e in r.examples)]
    return "\n".join(lines) + "\n"
