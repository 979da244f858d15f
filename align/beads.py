"""Beads: the unit of an alignment, and the interchange format ``[0,1]:[2]:0.873``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from align.errors import InputError


@dataclass(frozen=True, slots=True)
class Bead:
    """Source ids ↔ target ids (zero-based, consecutive in monotonic mode) and a score in [0, 1].

    An insertion has ``src == ()``, a deletion ``tgt == ()``. In paraphrase mode a bead is a
    single link ``(i,) ↔ (j,)``.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def kind(self) -> str:
        """Bead type such as ``"1-2"`` (source count, target count)."""
        return f"{len(self.src)}-{len(self.tgt)}"


_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*([-+0-9.eE]+|nan))?\s*$")


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.replace(" ", "").split(",") if x)


def parse_beads(text: str, name: str | Path = "<beads>") -> list[Bead]:
    """Parse one bead a line; blank lines are skipped. The score is optional (default 1.0)."""
    beads = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _BEAD.match(line)
        if not m:
            raise InputError(
                f"{name}:{lineno}: not a bead line: {line.strip()[:60]!r}; "
                "expected e.g. [0,1]:[2] or [0,1]:[2]:0.873"
            )
        score = float(m.group(3)) if m.group(3) else 1.0
        beads.append(Bead(_ids(m.group(1)), _ids(m.group(2)), score))
    return beads


def format_bead(bead: Bead, with_score: bool = True) -> str:
    ids = f"[{','.join(map(str, bead.src))}]:[{','.join(map(str, bead.tgt))}]"
    return f"{ids}:{bead.score:.3f}" if with_score else ids


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


Lang = Literal["en", "zh"]
Mode = Literal["monotonic", "paraphrase"]


def join_sentences(texts: Iterable[str], lang: Lang) -> str:
    """Join consecutive sentences as running text: Chinese without a space, English with one."""
    return ("" if lang == "zh" else " ").join(texts)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two segmented documents and the beads (or paraphrase links) between them.

    ``units``: for an alignment read from a bilingual CAT-tool file (``align.readers.
    bilingual``), one id per bead, the file's own (XLIFF ``unit/mid``, TMX ``tuid``, PO
    ``msgctxt``...); empty otherwise.
    """

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    beads: tuple[Bead, ...]
    src_lang: Lang = "zh"
    tgt_lang: Lang = "en"
    mode: Mode = "monotonic"
    units: tuple[str, ...] = ()

    def src_text(self, bead: Bead) -> str:
        return join_sentences((self.src[i] for i in bead.src), self.src_lang)

    def tgt_text(self, bead: Bead) -> str:
        return join_sentences((self.tgt[j] for j in bead.tgt), self.tgt_lang)
