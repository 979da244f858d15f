"""Term extraction: propose glossary entries (Chinese term + ranked English renderings) from an
alignment.

Chinese candidates, per bead: Latin acronyms and names inside the Chinese (``IPBE``,
``AffCom``, ``G13``; kept from one occurrence on), and runs of 1–3 jieba words (2–8 Chinese
characters, not starting or ending with a function word) seen in at least ``min_freq`` beads.
A run is dropped when a longer run containing it occurs in as many beads (``锁定`` inside
``全域锁定``), and when it is already a glossary source term.

English candidates: the 1–4 word n-grams of the aligned English (hyphenated words count as one,
plurals and -ed/-ing forms are grouped; none starts or ends with a function word), scored by
the Dice coefficient over beads, plus a CC-CEDICT bonus when the n-gram's words are glosses of
the term or of its jieba words, plus a bonus when a Latin term appears verbatim; ties go to
the n-gram whose word count is closest to the term's jieba word count.

Ranking: a term's score is its best rendering's score weighted by ``log2(1 + beads)``;
ordinary vocabulary (the term is a CC-CEDICT headword and its best rendering is one of its
glosses) counts half, so domain terms and compounds come first.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from align.beads import Alignment
from align.lexicon import (
    EN_FUNCTION_WORDS,
    ZH_FUNCTION_WORDS,
    cedict_definitions,
    fold_inflection,
    jieba_cut,
)
from glossary.model import Entry, Glossary, default_case
from glossary.normalize import normalize_en, normalize_zh

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|[0-9]+[A-Za-z][A-Za-z0-9]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_EN_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_EN_GAP = re.compile(r"[ \t]+")
_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Rendering:
    text: str
    score: float
    beads: int  # beads where the term and this rendering co-occur


@dataclass(frozen=True, slots=True)
class Proposal:
    source: str
    renderings: tuple[Rendering, ...]  # best first
    frequency: int  # occurrences in the Chinese
    beads: tuple[int, ...]  # beads where it occurs
    score: float
    ordinary: bool  # a CC-CEDICT word whose gloss is its best rendering

    def entry(self) -> Entry:
        """A glossary row: the best rendering as target, status ``proposed`` (not yet
        approved), the evidence in ``note``."""
        target = self.renderings[0].text if self.renderings else ""
        others = ", ".join(f"{r.text} ({r.score:.2f})" for r in self.renderings[1:4])
        shown = ", ".join(map(str, self.beads[:8])) + (" …" if len(self.beads) > 8 else "")
        note = (
            f"proposed: frequency {self.frequency}, score {self.score:.2f}"
            + (f"; also {others}" if others else "")
            + f"; beads {shown}"
            + ("; ordinary word" if self.ordinary else "")
        )
        return Entry(
            (self.source,), target, case=default_case(target), status="proposed", note=note
        )


def extract_terms(alignment: Alignment, known: Glossary, min_freq: int = 2) -> list[Proposal]:
    """Proposals best first; terms already in ``known`` (any source synonym) are left out."""
    pairs = [(alignment.src_text(b), alignment.tgt_text(b)) for b in alignment.beads]
    known_keys = {normalize_zh(s) for e in known.entries for s in e.sources}
    terms, parts = _chinese_terms([zh for zh, _ in pairs], min_freq)
    grams, surfaces = _english_ngrams([en for _, en in pairs])
    gram_beads: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for bead, bead_grams in enumerate(grams):
        for gram in bead_grams:
            gram_beads[gram].add(bead)
    proposals = []
    for term, occurrences in terms.items():
        if normalize_zh(term) in known_keys:
            continue
        beads = sorted({b for b in occurrences})
        glosses = _gloss_stems((term, *parts.get(term, ())))
        renderings = _rank(term, set(beads), grams, gram_beads, surfaces, glosses,
                           len(parts.get(term, (term,))))  # fmt: skip
        ordinary = bool(
            renderings and _cedict_has(term) and set(_key(renderings[0].text)) & glosses
        )
        best = renderings[0].score if renderings else 0.0
        score = best * math.log2(1 + len(beads)) * (0.5 if ordinary else 1.0)
        proposals.append(
            Proposal(term, tuple(renderings), len(occurrences), tuple(beads), score, ordinary)
        )
    proposals.sort(key=lambda p: (-p.score, -p.frequency, p.source))
    return proposals


def _chinese_terms(
    texts: Sequence[str], min_freq: int
) -> tuple[dict[str, list[int]], dict[str, tuple[str, ...]]]:
    """term → bead of each occurrence; term → its jieba words."""
    occurrences: dict[str, list[int]] = defaultdict(list)
    parts: dict[str, tuple[str, ...]] = {}
    latin: set[str] = set()
    for bead, text in enumerate(texts):
        for m in _LATIN.finditer(text):
            if len(m.group()) >= 2 and not m.group().isdigit():
                occurrences[m.group()].append(bead)
                latin.add(m.group())
        for run in _CJK.findall(text):
            words = [w for w in jieba_cut(run) if w.strip()]
            for n in (1, 2, 3):
                for i in range(len(words) - n + 1):
                    gram = words[i : i + n]
                    term = "".join(gram)
                    if (
                        2 <= len(term) <= 8
                        and gram[0] not in ZH_FUNCTION_WORDS
                        and gram[-1] not in ZH_FUNCTION_WORDS
                    ):
                        occurrences[term].append(bead)
                        parts.setdefault(term, tuple(gram))
    beads = {t: len(set(o)) for t, o in occurrences.items()}
    kept = {t: o for t, o in occurrences.items() if t in latin or beads[t] >= min_freq}
    subsumed = {
        inner
        for outer in kept
        for inner in _inner_parts(parts.get(outer, ()))
        if inner in kept and beads[inner] <= beads[outer]
    }
    return {t: o for t, o in kept.items() if t not in subsumed}, parts


def _inner_parts(words: Sequence[str]) -> Iterable[str]:
    for n in range(1, len(words)):
        for i in range(len(words) - n + 1):
            yield "".join(words[i : i + n])


def _english_ngrams(
    texts: Sequence[str],
) -> tuple[list[set[tuple[str, ...]]], dict[tuple[str, ...], Counter[str]]]:
    """Per bead the grouped n-gram keys; per key the surface forms seen."""
    grams: list[set[tuple[str, ...]]] = []
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for text in texts:
        norm = normalize_en(text)
        words = list(_EN_WORD.finditer(norm))
        bead_grams: set[tuple[str, ...]] = set()
        for i in range(len(words)):
            for n in range(1, 5):
                chunk = words[i : i + n]
                if len(chunk) < n:
                    break
                if n > 1 and not _EN_GAP.fullmatch(norm, chunk[-2].end(), chunk[-1].start()):
                    break
                low = [w.group().lower() for w in chunk]
                if low[0] in EN_FUNCTION_WORDS or low[-1] in EN_FUNCTION_WORDS or low[-1].isdigit():
                    continue
                key = tuple(fold_inflection(w) for w in low)
                bead_grams.add(key)
                surfaces[key][norm[chunk[0].start() : chunk[-1].end()]] += 1
        grams.append(bead_grams)
    return grams, surfaces


def _rank(
    term: str,
    beads: set[int],
    grams: Sequence[set[tuple[str, ...]]],
    gram_beads: dict[tuple[str, ...], set[int]],
    surfaces: dict[tuple[str, ...], Counter[str]],
    glosses: set[str],
    n_words: int,
) -> list[Rendering]:
    co_occurring: Counter[tuple[str, ...]] = Counter()
    for bead in beads:
        co_occurring.update(grams[bead])
    latin_key = _key(term) if _LATIN.fullmatch(term) else None
    scored = []
    for gram, both in co_occurring.items():
        dice = 2 * both / (len(beads) + len(gram_beads[gram]))
        gloss = sum(w in glosses for w in gram) / len(gram) if glosses else 0.0
        verbatim = 1.0 if latin_key is not None and gram == latin_key else 0.0
        score = dice * (1 + 0.5 * gloss) + verbatim
        scored.append((score, -abs(len(gram) - n_words), both, gram))
    scored.sort(reverse=True)
    top = [(g, b, s) for s, _, b, g in scored[:_CANDIDATES]]
    promoted = True
    while promoted:  # a longer n-gram around the best one, in two thirds of its beads or more
        promoted = False
        best, best_beads, _ = top[0]
        for i, (gram, both, _) in enumerate(top[1:], 1):
            if (
                len(best) < len(gram) <= n_words
                and _contains(gram, best)
                and 3 * both >= 2 * best_beads
            ):
                top.insert(0, top.pop(i))
                promoted = True
                break
    return [Rendering(_display(surfaces[g]), round(s, 4), b) for g, b, s in top]


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


def _display(forms: Counter[str]) -> str:
    """The shortest surface form (the uninflected one when seen), then the most frequent, in
    lowercase unless fewer than a third of the occurrences start lowercase (names)."""
    lower = {f: n for f, n in forms.items() if f[:1].islower()}
    pool = lower if 3 * sum(lower.values()) >= sum(forms.values()) else forms
    return min(pool, key=lambda f: (len(f), -pool[f]))


def _key(text: str) -> tuple[str, ...]:
    return tuple(fold_inflection(w.lower()) for w in _EN_WORD.findall(normalize_en(text)))


def _cedict_has(term: str) -> bool:
    return normalize_zh(term) in cedict_definitions()


def _gloss_stems(words: Iterable[str]) -> set[str]:
    """Content-word stems of the CC-CEDICT definitions of ``words``."""
    stems: set[str] = set()
    for word in words:
        for definition in cedict_definitions().get(normalize_zh(word), ()):
            plain = re.sub(r"\([^)]*\)|CL:.*|\[[^\]]*\]", " ", definition)
            stems |= {
                fold_inflection(w.lower()) for w in _EN_WORD.findall(plain)
            } - EN_FUNCTION_WORDS
    return stems
