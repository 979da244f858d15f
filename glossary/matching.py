"""Find glossary terms in Chinese source text and English target text.

Both finders return leftmost-longest, non-overlapping spans (``全域封禁令`` yields the term
``全域封禁`` and not also ``封禁``; ``global bans`` yields ``global ban`` and not also
``ban``), with offsets into the original text. When one span is a rendering of several
entries, one hit per entry is returned for that span.

Chinese: an Aho-Corasick automaton (pyahocorasick) over normalised text (glossary.normalize);
a term that starts or ends with a Latin letter or digit must not touch another one (``IP``
does not fire inside ``IPBE``). English: text is split into words (letter/digit runs); a term
matches a run of words whose concatenation, lowercased, equals the concatenation of one of
its forms (glossary.inflect), with only spaces, hyphens and apostrophes between them. So
``edit-a-thon``, ``edit a thon`` and ``editathon`` match each other, and word boundaries come
for free. Any other punctuation of a term is part of its spelling (its ``_Shape``): it must
stand in the text at the same place, so ``C++`` matches neither ``C`` nor ``C#``, ``(x)`` no
bare ``x`` and ``a.b`` not ``a b``; the hit then covers it (``C++``, ``(x)``). Entries with
``case=sensitive`` also need the letters to match in case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from glossary.inflect import term_forms
from glossary.model import Entry, Glossary
from glossary.normalize import WORD, compact, normalize_en, normalize_zh

Kind = Literal["source", "target", "variant", "forbidden"]


@dataclass(frozen=True, slots=True)
class TermHit:
    """``text[start:end] == surface`` in the original text; ``entry`` indexes glossary.entries."""

    start: int
    end: int
    entry: int
    surface: str
    kind: Kind


#: Between the words of a term, these are interchangeable (``edit-a-thon`` = ``edit a thon``).
_SOFT = re.compile(r"[\s'-]+")


@dataclass(frozen=True, slots=True)
class _Shape:
    """A term's punctuation beside its words (spaces, hyphens, apostrophes left out): right
    before its first word, between words (at an offset of its compact key) and after its last
    word. ``C++``: ("", (), "++"); ``a.b``: ("", ((1, "."),), ""); ``(x)``: ("(", (), ")")."""

    lead: str
    inner: tuple[tuple[int, str], ...]
    trail: str

    def fits(self, span: _Shape) -> bool:
        """Whether a span of text of shape ``span`` (its lead and trail: the runs of non-space
        characters touching it) has this punctuation."""
        return (
            span.inner == self.inner
            and span.lead.endswith(self.lead)
            and span.trail.startswith(self.trail)
        )

    @property
    def extent(self) -> int:
        return len(self.lead) + len(self.trail)

    def __bool__(self) -> bool:
        return bool(self.lead or self.inner or self.trail)


def _shape_of(norm: str, words: list[tuple[int, int]], i: int, j: int) -> _Shape:
    """The shape of words ``i..j`` of ``norm``: the punctuation runs touching the span (cut at
    whitespace and the neighbouring words) and, between its words, what is not soft."""
    before = norm[words[i - 1][1] if i else 0 : words[i][0]]
    after = norm[words[j][1] : words[j + 1][0] if j + 1 < len(words) else len(norm)]
    inner, offset = [], 0
    for k in range(i, j):
        offset += words[k][1] - words[k][0]
        hard = _SOFT.sub("", norm[words[k][1] : words[k + 1][0]])
        if hard:
            inner.append((offset, hard))
    lead = before.split()[-1] if before[-1:].strip() else ""
    return _Shape(lead, tuple(inner), after.split()[0] if after[:1].strip() else "")


@dataclass(frozen=True, slots=True)
class _Rendering:
    entry: int
    kind: Kind
    rendering: str  # as written in the glossary
    cased: frozenset[str] | None  # compact forms with their case, for case-sensitive entries
    spelled: frozenset[str]  # forms as spelled (see spelling()), to prefer an exact spelling
    shape: _Shape  # its punctuation, which the text must have too (false when it has none)


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


class TermMatcher:
    """Built once per glossary; ``find_source``/``find_target`` are then cheap per text."""

    def __init__(self, glossary: Glossary) -> None:
        import ahocorasick

        self.glossary = glossary
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[int]] = {}
        for index, entry in enumerate(glossary.entries):
            for source in entry.sources:
                key = normalize_zh(source.strip())
                if key and index not in by_key.setdefault(key, []):
                    by_key[key].append(index)
        for key, entries in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        if by_key:
            self._automaton.make_automaton()

        self._forms: dict[str, list[_Rendering]] = {}
        gap_chars = {"-", "'"}
        for index, entry in enumerate(glossary.entries):
            for kind, renderings in _renderings(entry):
                for rendering in renderings:
                    gap_chars |= {c for c in normalize_en(rendering) if not c.isalnum()}
                    self._add_rendering(index, entry, kind, rendering)
        self._prefixes = {key[:i] for key in self._forms for i in range(1, len(key) + 1)}
        self._punctuated = {k for k, slot in self._forms.items() if any(r.shape for r in slot)}
        self._hard_gaps = any(not _SOFT.fullmatch(c) for c in gap_chars)
        self._gap = re.compile("(?:\\s|[" + re.escape("".join(sorted(gap_chars))) + "])+")

    def _add_rendering(self, index: int, entry: Entry, kind: Kind, rendering: str) -> None:
        norm = normalize_en(rendering).strip()
        words = [m.span() for m in WORD.finditer(norm)]
        if not words:  # punctuation only: lint refuses it, and no word could match it
            return
        shape = _shape_of(norm, words, 0, len(words) - 1)
        forms = term_forms(norm)
        sensitive = entry.case == "sensitive"
        cased = frozenset("".join(WORD.findall(f)) for f in forms) if sensitive else None
        spelled = frozenset(spelling(form, sensitive) for form in forms)
        for form in forms:
            key = compact(form)
            if not key:
                continue
            slot = self._forms.setdefault(key, [])
            if all((r.entry, r.kind, r.rendering) != (index, kind, rendering) for r in slot):
                slot.append(_Rendering(index, kind, rendering, cased, spelled, shape))

    def rendering_of(self, hit: TermHit) -> str:
        """The glossary rendering (as written) that a target-side hit is a form of."""
        norm = normalize_en(hit.surface)
        words = [m.span() for m in WORD.finditer(norm)]
        found = _fitting(self._forms[compact(hit.surface)], norm, words, 0, len(words) - 1)
        return next(r.rendering for r in found if r.entry == hit.entry)

    def find_source(self, text: str) -> list[TermHit]:
        if not len(self._automaton):
            return []
        norm = normalize_zh(text)
        candidates = []
        for last, (length, entries) in self._automaton.iter(norm):
            start, end = last - length + 1, last + 1
            if _is_ascii_alnum(norm[start]) and start > 0 and _is_ascii_alnum(norm[start - 1]):
                continue
            if _is_ascii_alnum(norm[last]) and end < len(norm) and _is_ascii_alnum(norm[end]):
                continue
            candidates.append((start, -end, entries))
        candidates.sort()
        hits: list[TermHit] = []
        position = 0
        for start, neg_end, entries in candidates:
            if start >= position:
                position = -neg_end
                surface = text[start:position]
                hits.extend(TermHit(start, position, e, surface, "source") for e in entries)
        return hits

    def find_target(self, text: str) -> list[TermHit]:
        norm = normalize_en(text)
        words = [m.span() for m in WORD.finditer(norm)]
        lower = norm.lower()
        if len(lower) != len(norm):  # rare characters whose lowercase is longer
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in norm)
        prefixes, forms, gap = self._prefixes, self._forms, self._gap
        hits: list[TermHit] = []
        i, n = 0, len(words)
        while i < n:
            key = ""
            best: tuple[int, list[_Rendering]] | None = None
            j = i
            while j < n:
                start, end = words[j]
                if j > i and not gap.fullmatch(norm, words[j - 1][1], start):
                    break
                key += lower[start:end]
                if key not in prefixes:
                    break
                found = forms.get(key)
                if found:
                    if key in self._punctuated or (j > i and self._hard_gaps):
                        valid = _fitting(found, norm, words, i, j)
                    else:  # no punctuation the span could have: the common case, fast
                        valid = _valid(found, norm[words[i][0] : end])
                    if valid:
                        best = (j, valid)
                j += 1
            if best is None:
                i += 1
                continue
            j, found = best
            for r in found:
                start, end = words[i][0] - len(r.shape.lead), words[j][1] + len(r.shape.trail)
                hits.append(TermHit(start, end, r.entry, text[start:end], r.kind))
            i = j + 1
        return hits


def spelling(text: str, sensitive: bool) -> str:
    """A term as spelled: normalised, runs of spaces as one, lowercased unless ``sensitive``."""
    spelled = " ".join(normalize_en(text).split())
    return spelled if sensitive else spelled.lower()


def _fitting(
    found: list[_Rendering], norm: str, words: list[tuple[int, int]], i: int, j: int
) -> list[_Rendering]:
    """The renderings that words ``i..j`` of ``norm`` match, punctuation (see ``_Shape``) and
    case included (``_valid``); where several fit, those spelled with the most punctuation
    around (``C++`` rather than ``C`` at ``C++``)."""
    text = norm[words[i][0] : words[j][1]]
    span = _shape_of(norm, words, i, j)
    fit = [r for r in found if r.shape.fits(span)]
    widest = max((r.shape.extent for r in fit), default=0)
    return _valid([r for r in fit if r.shape.extent == widest], text)


def _valid(found: list[_Rendering], span: str) -> list[_Rendering]:
    """The renderings that ``span`` matches in case, one per entry: the one spelled exactly
    like the span if any (``Wiki Media`` forbidden beside ``Wikimedia`` allowed), else the
    first (target before variants before forbidden renderings)."""
    cased = "".join(WORD.findall(span)) if any(r.cased for r in found) else ""
    valid: dict[int, _Rendering] = {}
    for r in found:
        if r.cased is not None and cased not in r.cased:
            continue
        if r.entry not in valid:
            valid[r.entry] = r
        elif spelling(span, r.cased is not None) in r.spelled:
            first = valid[r.entry]
            if spelling(span, first.cased is not None) not in first.spelled:
                valid[r.entry] = r
    return list(valid.values())


def _renderings(entry: Entry) -> tuple[tuple[Kind, tuple[str, ...]], ...]:
    return (
        ("target", (entry.target,)),
        ("variant", entry.variants),
        ("forbidden", entry.forbidden),
    )
