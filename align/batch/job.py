"""The task a Dask worker runs on one pair: align it through ``align.pipeline``, check the
glossary, and return every output as text for the client to write.

Each worker process loads an encoder once (``_ENCODERS``, keyed by its spec) and keeps it for
every pair it is given; the embedding cache is the worker's own (its ``GLOSSALIGN_CACHE_DIR``,
a WAL-mode SQLite store that processes on one machine share safely). Tasks on one worker run
one at a time (``_LOCK``): the model and its SQLite connection are not shared across threads,
and ``texts_encoded`` then counts exactly the texts one pair sent to the model.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from align.batch.inputs import Pair
from align.beads import Alignment
from align.errors import InputError
from align.formats import Format, render, tmx_units
from align.languages import side_tags
from align.pipeline import DocumentOptions
from align.tmclean import DEFAULT_UNITS, NO_UNITS, TmFilter, UnitCounts

if TYPE_CHECKING:
    from align.encoders import CountingEncoder
    from glossary.checks import Review
    from glossary.model import Glossary

#: Suffix of each per-pair alignment file, as ``glossalign run`` names them.
SUFFIXES: dict[Format, str] = {"beads": ".align", "tsv": ".tsv", "jsonl": ".jsonl", "tmx": ".tmx"}
FINDINGS_SUFFIX = ".glossary.csv"

#: The command line's document options: UTF-8 input, as ``glossalign batch`` reads it.
CLI_DOCUMENT = DocumentOptions(encoding="utf-8")

_ENCODERS: dict[tuple[str, bool], CountingEncoder] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything besides the pair and the glossary that changes a pair's outputs."""

    encoder: str = "default"
    cache: bool = True
    document: DocumentOptions = CLI_DOCUMENT
    formats: tuple[Format, ...] = ("beads", "tsv", "tmx")
    low_confidence: float = 0.5
    units: TmFilter = DEFAULT_UNITS


@dataclass(frozen=True, slots=True)
class TermUse:
    """An allowed rendering of a glossary entry used ``count`` times in one document, in beads
    whose Chinese holds the entry's source term."""

    entry: int
    source_term: str
    rendering: str
    count: int


@dataclass(frozen=True, slots=True)
class PairResult:
    """One aligned pair: its files as ``(suffix, text)``, its figures, the model's cache id
    (name and version) on the worker, the texts it sent through the model, the units of its
    TMX (written and left out by reason; duplicates are counted when the corpus is merged),
    the language codes of its TMX and its warnings."""

    name: str
    outputs: tuple[tuple[str, str], ...]
    src_sentences: int
    tgt_sentences: int
    beads: int
    low: int
    findings: int
    uses: tuple[TermUse, ...]
    seconds: float
    texts_encoded: int
    model: str
    units: UnitCounts = NO_UNITS
    src_lang: str = ""
    tgt_lang: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PairFailure:
    """A pair that could not be aligned: bad input, reported in one line naming the file.
    Returned rather than raised, so that workers log no traceback for a user's bad file."""

    name: str
    reason: str


def worker_encoder(spec: str, cache: bool) -> CountingEncoder:
    """This process's encoder for ``spec``, loaded on first use and kept."""
    from align.encoders import load_encoder

    key = (spec, cache)
    if key not in _ENCODERS:
        _ENCODERS[key] = load_encoder(spec, cache=cache)
    return _ENCODERS[key]


def model_id(encoder: CountingEncoder) -> str:
    """The name and version the embedding cache files ``encoder``'s vectors under."""
    return str(getattr(encoder, "cache_id", encoder.name))


def align_pair(
    pair: Pair, settings: Settings, glossary: Glossary | None
) -> PairResult | PairFailure:
    """Align ``pair`` and render its outputs (run on a worker); bad input is a failure."""
    try:
        return _align_pair(pair, settings, glossary)
    except InputError as exc:
        return PairFailure(pair.name, str(exc))


def _align_pair(pair: Pair, settings: Settings, glossary: Glossary | None) -> PairResult:
    from align.pipeline import align_documents, review

    with _LOCK:
        started = time.perf_counter()
        encoder = worker_encoder(settings.encoder, settings.cache)
        before = encoder.texts_encoded
        warned: list[str] = []
        alignment = align_documents(
            pair.source, pair.target, encoder, options=settings.document, on_warning=warned.append
        )
        checked = review(alignment, glossary)
        outputs = pair_outputs(alignment, checked, settings)
        low = sum(1 for b in alignment.beads if not b.score >= settings.low_confidence)
        units = tmx_units(alignment, settings.units)[1]
        return PairResult(
            pair.name, outputs, len(alignment.src), len(alignment.tgt), len(alignment.beads),
            low, len(checked.findings), term_uses(checked), time.perf_counter() - started,
            encoder.texts_encoded - before, model_id(encoder), units,
            *side_tags(alignment), (*warned, *pair_warnings(units, low, len(alignment.beads))),
        )  # fmt: skip


def pair_warnings(units: UnitCounts, low: int, beads: int) -> tuple[str, ...]:
    """What a pair's figures suggest checking: most units identical or without words on both
    sides (an untranslated page), most beads low-scoring (not a translation of each other)."""
    warnings = []
    two_sided = beads - units.one_sided
    if two_sided and (units.identical + units.no_letters) * 2 > two_sided:
        share = (units.identical + units.no_letters) / two_sided
        warnings.append(f"{share:.0%} of the units are identical or hold no words: untranslated?")
    if beads and low * 2 > beads:
        warnings.append(f"{low / beads:.0%} of the beads score low: not a translation of it?")
    return tuple(warnings)


def pair_outputs(
    alignment: Alignment, checked: Review, settings: Settings
) -> tuple[tuple[str, str], ...]:
    """Each alignment format as ``glossalign align --format`` renders it, then the findings
    CSV as ``glossalign run`` writes it (with a glossary)."""
    outputs = [
        (SUFFIXES[fmt], render(alignment, fmt, units=settings.units)) for fmt in settings.formats
    ]
    if checked.glossary is not None:
        from glossary.io import format_findings

        outputs.append((FINDINGS_SUFFIX, format_findings(checked.findings, "csv")))
    return tuple(outputs)


def term_uses(checked: Review) -> tuple[TermUse, ...]:
    """How each entry's source term was rendered in this document: the allowed renderings of
    the non-deprecated entries present in a bead's Chinese, counted (what the document-level
    ``inconsistent`` check compares, here kept for the corpus-wide one)."""
    if checked.glossary is None:
        return ()
    from collections import Counter

    from glossary.matching import TermMatcher

    glossary, matcher = checked.glossary, TermMatcher(checked.glossary)
    counts: Counter[tuple[int, str]] = Counter()
    for terms in checked.terms:
        present = {hit.entry for hit in terms.source}
        for hit in terms.target:
            entry = glossary.entries[hit.entry]
            if hit.entry in present and hit.kind != "forbidden" and entry.status != "deprecated":
                counts[hit.entry, matcher.rendering_of(hit)] += 1
    return tuple(
        TermUse(entry, glossary.entries[entry].label, rendering, n)
        for (entry, rendering), n in sorted(counts.items())
    )
