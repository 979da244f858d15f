"""Glossary checks over an alignment: missing, forbidden, inconsistent, count_mismatch,
deprecated, untranslated. Pure: an Alignment and a Glossary in, a list of Findings out.

Per bead, for every entry whose source term occurs in the bead's Chinese (``n`` times):

- a deprecated entry (``status=deprecated``) whose rendering is used → **deprecated**
  (``expected``: the rendering of a non-deprecated entry with the same source, if any);
- a forbidden rendering of the entry → **forbidden** (``expected``: the preferred rendering);
- no allowed rendering, no forbidden one and no deprecated one for the same source →
  **missing** (``found`` empty, ``span`` None), unless the bead has no target sentence (a
  Chinese sentence with no English counterpart is not a missing term);
- fewer renderings (allowed + forbidden + deprecated) than ``n`` → **count_mismatch**
  (``expected`` ``"<target> ×n"``, ``found`` the renderings used ``"… ×m"``).

A forbidden rendering is reported only in a bead whose Chinese holds its entry's source term:
elsewhere (an English-only bead, or a bead about something else) the same words may be right,
so nothing is reported. A span that is both forbidden for one entry and allowed for another
entry whose source occurs in the bead is taken as the allowed rendering.

Document level: **inconsistent** when one entry is rendered by more than one of its allowed
renderings (forms of one rendering count as that rendering) across the beads where its source
occurs. The majority rendering wins (ties: the preferred one, then glossary order); each
occurrence of another rendering is one finding in its bead, ``found`` the rendering used
(as in the glossary) and ``expected`` the majority rendering followed by the distribution,
e.g. ``"global lock — global lock ×5 (beads 1, 4, 9, 12, 30); global block ×1 (bead 17)"``.

Bilingual files (``Alignment.units`` set, see ``align.readers.bilingual``): a segment whose
translation is empty is one **untranslated** finding (source term, expected and found empty)
and gets no other check, rather than a **missing** finding per term; every finding carries
its bead's ``unit`` (the file's own segment id), empty for other alignments.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from align.beads import Alignment
from glossary.matching import TermHit, TermMatcher
from glossary.model import Glossary
from glossary.normalize import normalize_zh

Check = Literal[
    "missing", "forbidden", "inconsistent", "count_mismatch", "deprecated", "untranslated"
]
CHECKS: tuple[Check, ...] = (
    "missing", "forbidden", "inconsistent", "count_mismatch", "deprecated", "untranslated",
)  # fmt: skip
FINDING_COLUMNS = (
    "bead", "check", "source_term", "expected", "found", "source_text", "target_text", "start",
    "end", "unit",
)  # fmt: skip
"""Columns of a findings file: ``span`` is written as two integers (a spreadsheet reads
``27:47`` as a time), empty for a missing term; ``unit`` last, empty unless the alignment came
from a bilingual file, so that the columns before it keep their places."""
_LISTED_BEADS = 10


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. ``span`` is ``(start, end)`` of ``found`` in ``target_text``; ``unit`` is
    the bead's id in the bilingual file it was read from (empty otherwise)."""

    bead: int | None
    check: Check
    source_term: str
    expected: str
    found: str
    source_text: str
    target_text: str
    span: tuple[int, int] | None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class _Use:
    """An allowed rendering of an entry used in a bead where its source term occurs."""

    bead: int
    rendering: str
    hit: TermHit


@dataclass(frozen=True, slots=True)
class BeadTerms:
    """The glossary terms found in one bead: hits in its Chinese and in its English."""

    source: tuple[TermHit, ...]
    target: tuple[TermHit, ...]


@dataclass(frozen=True, slots=True)
class Review:
    """An alignment checked against a glossary: the findings (ordered by bead, then position)
    and the terms found in each bead (one ``BeadTerms`` per bead, matched once and reused by
    the report). Without a glossary both are empty."""

    glossary: Glossary | None
    findings: tuple[Finding, ...] = ()
    terms: tuple[BeadTerms, ...] = ()


def find_terms(alignment: Alignment, matcher: TermMatcher) -> list[BeadTerms]:
    """The glossary terms of every bead, in bead order."""
    return [
        BeadTerms(
            tuple(matcher.find_source(alignment.src_text(b))),
            tuple(matcher.find_target(alignment.tgt_text(b))),
        )
        for b in alignment.beads
    ]


def check_alignment(
    alignment: Alignment,
    glossary: Glossary,
    matcher: TermMatcher | None = None,
    terms: Sequence[BeadTerms] | None = None,
) -> list[Finding]:
    """All findings, ordered by bead then position; see the module docstring. ``terms``: the
    beads' terms when already found (``find_terms`` with ``matcher``)."""
    matcher = matcher or TermMatcher(glossary)
    if terms is None:
        terms = find_terms(alignment, matcher)
    siblings = _siblings(glossary)
    empty = _untranslated(alignment)
    findings: list[Finding] = []
    uses: dict[int, list[_Use]] = defaultdict(list)
    texts: dict[int, tuple[str, str]] = {}
    for index, (bead, hits) in enumerate(zip(alignment.beads, terms, strict=True)):
        src, tgt = alignment.src_text(bead), alignment.tgt_text(bead)
        texts[index] = (src, tgt)
        if index in empty:
            findings.append(Finding(index, "untranslated", "", "", "", src, tgt, None))
            continue
        found = _BeadText(index, src, tgt, hits, bool(bead.tgt))
        findings.extend(_check_bead(found, glossary, matcher, siblings, uses))
    for entry_index, entry_uses in uses.items():
        findings.extend(_inconsistent(entry_index, entry_uses, glossary, texts))
    findings.sort(key=lambda f: (f.bead if f.bead is not None else -1, f.span or (-1, -1)))
    if alignment.units:
        units = alignment.units
        return [f if f.bead is None else replace(f, unit=units[f.bead]) for f in findings]
    return findings


def _untranslated(alignment: Alignment) -> frozenset[int]:
    if not alignment.units:  # not a bilingual file: nothing to import
        return frozenset()
    from align.readers.bilingual import untranslated

    return untranslated(alignment)


@dataclass(frozen=True, slots=True)
class _BeadText:
    bead: int
    src: str
    tgt: str
    hits: BeadTerms
    has_target: bool  # the bead holds a target sentence


def _siblings(glossary: Glossary) -> list[tuple[int, ...]]:
    """For each entry, the other entries that share one of its source terms."""
    by_source: dict[str, set[int]] = defaultdict(set)
    for index, entry in enumerate(glossary.entries):
        for source in entry.sources:
            by_source[normalize_zh(source)].add(index)
    return [
        tuple(sorted({o for s in e.sources for o in by_source[normalize_zh(s)]} - {i}))
        for i, e in enumerate(glossary.entries)
    ]


def _check_bead(
    text: _BeadText,
    glossary: Glossary,
    matcher: TermMatcher,
    siblings: Sequence[tuple[int, ...]],
    uses: dict[int, list[_Use]],
) -> Iterable[Finding]:
    bead, src, tgt = text.bead, text.src, text.tgt
    present = Counter(hit.entry for hit in text.hits.source)
    target_hits = text.hits.target
    allowed_spans = {
        (h.start, h.end) for h in target_hits if h.kind != "forbidden" and h.entry in present
    }
    by_entry: dict[int, list[TermHit]] = defaultdict(list)
    for hit in target_hits:
        if hit.kind == "forbidden" and (hit.start, hit.end) in allowed_spans:
            continue  # allowed for another term of this bead
        by_entry[hit.entry].append(hit)

    def finding(check: Check, entry: int, expected: str, found: str = "",
                span: tuple[int, int] | None = None) -> Finding:  # fmt: skip
        return Finding(bead, check, glossary.entries[entry].label, expected, found, src, tgt, span)

    for index, count in present.items():
        entry = glossary.entries[index]
        hits = by_entry.get(index, [])
        allowed = [h for h in hits if h.kind != "forbidden"]
        if entry.status == "deprecated":
            preferred = _preferred(glossary, siblings[index])
            for hit in allowed:
                yield finding("deprecated", index, preferred, hit.surface, (hit.start, hit.end))
            continue
        forbidden = [h for h in hits if h.kind == "forbidden"]
        deprecated = _deprecated_hits(glossary, siblings[index], by_entry)
        for hit in forbidden:
            yield finding("forbidden", index, entry.target, hit.surface, (hit.start, hit.end))
        rendered = allowed + forbidden + deprecated
        if not rendered:
            if text.has_target:
                yield finding("missing", index, entry.target)
        elif len(rendered) < count:
            first = min(rendered, key=lambda h: h.start)
            yield finding(
                "count_mismatch", index, f"{entry.target} ×{count}",
                f"{' | '.join(h.surface for h in rendered)} ×{len(rendered)}",
                (first.start, first.end),
            )  # fmt: skip
        uses[index].extend(_Use(bead, matcher.rendering_of(h), h) for h in allowed)


def _preferred(glossary: Glossary, siblings: Sequence[int]) -> str:
    """The rendering of the first non-deprecated entry among ``siblings``, else ``""``."""
    preferred = [
        glossary.entries[s].target for s in siblings if glossary.entries[s].status != "deprecated"
    ]
    return preferred[0] if preferred else ""


def _deprecated_hits(
    glossary: Glossary, siblings: Sequence[int], by_entry: dict[int, list[TermHit]]
) -> list[TermHit]:
    """The allowed renderings of the deprecated entries among ``siblings`` used in the bead."""
    return [
        h
        for s in siblings
        if glossary.entries[s].status == "deprecated"
        for h in by_entry.get(s, [])
        if h.kind != "forbidden"
    ]


def _inconsistent(
    entry_index: int, uses: Sequence[_Use], glossary: Glossary, texts: dict[int, tuple[str, str]]
) -> Iterable[Finding]:
    entry = glossary.entries[entry_index]
    counts = Counter(use.rendering for use in uses)
    if len(counts) < 2:
        return
    order = {r: i for i, r in enumerate(entry.allowed)}
    majority = max(counts, key=lambda r: (counts[r], r == entry.target, -order.get(r, 99)))
    where: dict[str, list[int]] = defaultdict(list)
    for use in uses:
        if use.bead not in where[use.rendering]:
            where[use.rendering].append(use.bead)
    distribution = "; ".join(
        f"{r} ×{counts[r]} ({_beads(where[r])})"
        for r in sorted(counts, key=lambda r: (-counts[r], order.get(r, 99)))
    )
    for use in uses:
        if use.rendering != majority:
            src, tgt = texts[use.bead]
            yield Finding(
                use.bead, "inconsistent", entry.label, f"{majority} — {distribution}",
                use.hit.surface, src, tgt, (use.hit.start, use.hit.end),
            )  # fmt: skip


def _beads(beads: Sequence[int]) -> str:
    shown = ", ".join(map(str, beads[:_LISTED_BEADS]))
    more = f", … {len(beads) - _LISTED_BEADS} more" if len(beads) > _LISTED_BEADS else ""
    return f"bead{'s' if len(beads) > 1 else ''} {shown}{more}"


def summarize(findings: Iterable[Finding]) -> dict[Check, int]:
    """Number of findings per check, every check listed."""
    counts = Counter(f.check for f in findings)
    return {check: counts.get(check, 0) for check in CHECKS}
