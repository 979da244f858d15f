"""Beads: the unit of an alignment, and the interchange format ``[0,1]:[2]:0.873``."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from align.errors import InputError, shorten, warn
from align.scripts import script_of

#: Longer sentence ids are refused when read (a document of 10^12 sentences is no document).
MAX_ID_DIGITS = 12
#: The mark of a crossing bead in a bead file: ``[101]:[100]:1.000:crossing``.
CROSSING = "crossing"
Lang = Literal["en", "zh"]
Mode = Literal["monotonic", "paraphrase"]


@dataclass(frozen=True, slots=True)
class Bead:
    """Source ids ↔ target ids (zero-based, consecutive in monotonic mode) and a score in [0, 1].

    An insertion has ``src == ()``, a deletion ``tgt == ()``. In paraphrase mode a bead is a
    single link ``(i,) ↔ (j,)``. ``crossing``: a link a translator made out of order (a swapped
    footnote) in a monotonic alignment; the other beads take their ids in order around it.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0
    crossing: bool = False

    @property
    def kind(self) -> str:
        """Bead type such as ``"1-2"`` (source count, target count)."""
        return f"{len(self.src)}-{len(self.tgt)}"


# ASCII digits only: str.isdigit() and \d also accept "²" or "٣", which int() rejects or reads.
_ID = f"[0-9]{{1,{MAX_ID_DIGITS}}}"
_ID_LIST = rf"\s*(?:{_ID}\s*(?:,\s*{_ID}\s*)*)?"
_IDS = re.compile(_ID_LIST, re.ASCII)
_SCORE = re.compile(r"\s*(?:[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|nan)\s*", re.I)
_BEAD = re.compile(rf"\[({_ID_LIST})\]\s*:\s*\[({_ID_LIST})\]\s*(?::(.*))?", re.ASCII)
_CROSSING = re.compile(rf"\s*:\s*{CROSSING}\s*$")


def parse_ids(text: str) -> tuple[int, ...] | None:
    """``"0, 1"`` -> ``(0, 1)``, ``""`` -> ``()``; None when ``text`` is not such a list of
    ASCII numbers of at most MAX_ID_DIGITS digits."""
    if not _IDS.fullmatch(text):
        return None
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x.strip())


def parse_score(text: str) -> float | None:
    """A bead score: a finite decimal number or ``nan`` (no score); None for anything else
    (``..``, ``e``, ``inf``, ``1e400`` and overlong numbers, which overflow to infinity)."""
    if len(text) > 64 or not _SCORE.fullmatch(text):
        return None
    score = float(text)
    return None if math.isinf(score) else score


def parse_beads(text: str, name: str | Path = "<beads>", *, any_order: bool = False) -> list[Bead]:
    """Parse one bead a line; blank lines are skipped. The score is optional (default 1.0);
    a trailing ``:crossing`` marks a crossing bead. The beads are validated by
    :func:`check_beads` (``any_order``: as a gold file)."""
    beads, lines = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        text, crossing = _CROSSING.subn("", line.strip())
        m = _BEAD.fullmatch(text)
        if not m:
            raise InputError(
                f"{name}:{lineno}: not a bead line: {shorten(line.strip())!r}; "
                "expected e.g. [0,1]:[2] or [0,1]:[2]:0.873"
            )
        score = 1.0 if m.group(3) is None else parse_score(m.group(3))
        if score is None:
            raise InputError(
                f"{name}:{lineno}: score {shorten(m.group(3).strip(), 20)!r} is not a finite "
                "number; expected e.g. 0.873 (or nan)"
            )
        src, tgt = parse_ids(m.group(1)), parse_ids(m.group(2))
        assert src is not None and tgt is not None  # the line matched _ID_LIST
        beads.append(Bead(src, tgt, score, bool(crossing)))
        lines.append(lineno)
    check_beads(beads, name, lines, any_order=any_order)
    return beads


def check_beads(
    beads: Sequence[Bead],
    name: str | Path,
    lines: Sequence[int],
    *,
    gaps: bool = False,
    any_order: bool = False,
) -> Mode:
    """The mode of beads read from ``name`` (``lines``: where each was read), or InputError
    naming the line: an id twice in a bead, a bead repeated, or -- when a bead is not a
    one-to-one link, which only monotonic alignments have -- beads that do not take the next
    ids of both sides in order (``gaps``: ids may be skipped, as a TMX skips insertions and
    deletions). One-to-one links out of order are paraphrase links. ``any_order``: beads out of
    order are taken as they are, with one warning naming the first (a gold file: published
    gold holds beads a translator's reordering made cross)."""
    seen: dict[tuple[tuple[int, ...], tuple[int, ...]], int] = {}
    for bead, line in zip(beads, lines, strict=True):
        for side, ids in (("source", bead.src), ("target", bead.tgt)):
            if len(set(ids)) != len(ids):
                raise InputError(
                    f"{name}:{line}: {side} ids {_ids_text(ids)} repeat an id; a sentence is "
                    "listed once"
                )
        first = seen.setdefault((bead.src, bead.tgt), line)
        if first != line:
            raise InputError(
                f"{name}:{line}: bead {format_bead(bead, False)} repeats line {first}; remove one"
            )
    held = _crossing_ids(beads, name, lines)
    next_ids = [0, 0]
    for bead, line in zip(beads, lines, strict=True):
        if bead.crossing:
            continue
        if not all(
            _takes_next(ids, next_ids, side, gaps, held[side])
            for side, ids in enumerate((bead.src, bead.tgt))
        ):
            if any_order:
                warn(
                    f"{name}:{line}: bead {format_bead(bead, False)} crosses the beads before it; "
                    "scored as it is (no monotonic alignment can match it)"
                )
                return "monotonic"
            if all(len(b.src) == len(b.tgt) == 1 for b in beads):
                return "paraphrase"
            raise InputError(
                f"{name}:{line}: bead {format_bead(bead, False)} is out of order: beads that "
                "are not one-to-one links are monotonic and take the next sentences in order "
                f"(here source {next_ids[0]}, target {next_ids[1]}"
                + (" or later)" if gaps else ")")
            )
    return "monotonic"


def _crossing_ids(
    beads: Sequence[Bead], name: str | Path, lines: Sequence[int]
) -> tuple[set[int], set[int]]:
    """The source and target ids the crossing beads hold (the others skip them); InputError
    for a crossing bead with an empty side or an id that another crossing bead holds."""
    held: tuple[set[int], set[int]] = (set(), set())
    for bead, line in zip(beads, lines, strict=True):
        if not bead.crossing:
            continue
        if not (bead.src and bead.tgt) or held[0] & set(bead.src) or held[1] & set(bead.tgt):
            raise InputError(
                f"{name}:{line}: crossing bead {format_bead(bead, False)} must link sentences "
                "of both sides that no other crossing bead holds"
            )
        held[0].update(bead.src)
        held[1].update(bead.tgt)
    return held


def _takes_next(
    ids: tuple[int, ...], next_ids: list[int], side: int, gaps: bool, held: set[int]
) -> bool:
    """Whether ``ids`` are the next ids from ``next_ids[side]`` (or, with ``gaps``, from any
    later id) that crossing beads do not hold (``held``); if so, moves ``next_ids[side]``
    past them."""
    start = ids[0] if ids and gaps and ids[0] >= next_ids[side] else next_ids[side]
    expected = following(start, len(ids), held)
    if ids != expected:
        return False
    if expected:
        next_ids[side] = expected[-1] + 1
    return True


def following(start: int, count: int, held: Set[int]) -> tuple[int, ...]:
    """The ``count`` ids from ``start`` on that are not ``held`` (by crossing beads)."""
    out: list[int] = []
    x = start
    while len(out) < count:
        if x not in held:
            out.append(x)
        x += 1
    return tuple(out)


def _ids_text(ids: Sequence[int]) -> str:
    return ",".join(map(str, ids))


def format_bead(bead: Bead, with_score: bool = True) -> str:
    ids = f"[{_ids_text(bead.src)}]:[{_ids_text(bead.tgt)}]"
    text = f"{ids}:{bead.score:.3f}" if with_score else ids
    return f"{text}:{CROSSING}" if bead.crossing else text


def format_beads(beads: Iterable[Bead], with_score: bool = True) -> str:
    return "".join(format_bead(b, with_score) + "\n" for b in beads)


def check_bounds(beads: Sequence[Bead], n_src: int, n_tgt: int, name: str | Path) -> None:
    """Raise InputError if a bead points past the end of either document."""
    for k, b in enumerate(beads):
        if any(i >= n_src for i in b.src) or any(j >= n_tgt for j in b.tgt):
            raise InputError(
                f"{name}: bead {k} {format_bead(b, False)} points past the documents "
                f"({n_src} source, {n_tgt} target sentences); were they segmented the same way?"
            )


def join_sentences(texts: Iterable[str], lang: Lang) -> str:
    """Join consecutive sentences as running text -- the one rule for every bead text (TSV,
    TMX, JSONL, the report): one space where two Latin-script runs meet (``footer.pl
    AddHandler``), none next to a Chinese character or punctuation (``。下一句``, ``完成。Next``);
    between characters of neither script (digits, symbols: ``1.`` ``2.``), as ``lang`` writes:
    none in Chinese, a space in English. Empty texts add nothing."""
    out: list[str] = []
    for text in texts:
        if not text:
            continue
        if out:
            out.append(_separator(out[-1][-1], text[0], lang))
        out.append(text)
    return "".join(out)


def _separator(before: str, after: str, lang: Lang) -> str:
    scripts = {script_of(before), script_of(after)}
    if "zh" in scripts:
        return ""
    if "en" in scripts:
        return " "
    return "" if lang == "zh" else " "


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two segmented documents and the beads (or paraphrase links) between them.

    ``units``: for an alignment read from a bilingual CAT-tool file (``align.readers.
    bilingual``), one id per bead, the file's own (XLIFF ``unit/mid``, TMX ``tuid``, PO
    ``msgctxt``...); empty otherwise. ``tags``: the BCP 47 tags of the two sides as declared
    (``--src-lang``/``--tgt-lang``) or found when the documents were read; None: each side's
    default (``align.languages.side_tags``).
    """

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    beads: tuple[Bead, ...]
    src_lang: Lang = "zh"
    tgt_lang: Lang = "en"
    mode: Mode = "monotonic"
    units: tuple[str, ...] = ()
    tags: tuple[str, str] | None = None

    def src_text(self, bead: Bead) -> str:
        return join_sentences((self.src[i] for i in bead.src), self.src_lang)

    def tgt_text(self, bead: Bead) -> str:
        return join_sentences((self.tgt[j] for j in bead.tgt), self.tgt_lang)
