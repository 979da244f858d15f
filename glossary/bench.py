"""Synthetic data for `glossalign glossary bench-check`: a glossary and a 1-1 alignment.

Each pair is ~40 Chinese characters and ~25 English words with two glossary terms; about
one rendering in ten is left out and one in twenty inflected, so every check has work.
"""

from __future__ import annotations

import random

from align.beads import Alignment, Bead
from glossary.model import Entry, Glossary

_CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "gu", "fe", "li", "zo"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic(pairs: int, terms: int, seed: int = 0) -> tuple[Glossary, Alignment]:
    rng = random.Random(seed)
    entries: list[Entry] = []
    sources: set[str] = set()
    while len(entries) < terms:
        source = "".join(rng.choices(_CJK, k=rng.randint(2, 4)))
        if source in sources:
            continue
        sources.add(source)
        words = [_word(rng) for _ in range(rng.randint(1, 3))]
        entries.append(
            Entry(
                sources=(source,),
                target=" ".join(words),
                variants=("-".join(words) + "x",) if rng.random() < 0.3 else (),
                forbidden=(_word(rng) + "q",) if rng.random() < 0.2 else (),
            )
        )
    filler = [_word(rng) for _ in range(2000)]
    src, tgt = [], []
    for _ in range(pairs):
        picked = rng.sample(entries, 2)
        zh = "".join(rng.choices(_CJK, k=36))
        en = rng.choices(filler, k=22)
        for entry in picked:
            cut = rng.randrange(len(zh))
            zh = zh[:cut] + entry.sources[0] + zh[cut:]
            roll = rng.random()
            if roll < 0.1:
                continue
            rendering = entry.target + ("s" if roll < 0.15 else "")
            en.insert(rng.randrange(len(en)), rendering)
        src.append(zh + "。")
        tgt.append(" ".join(en).capitalize() + ".")
    beads = tuple(Bead((i,), (i,)) for i in range(pairs))
    return Glossary(tuple(entries)), Alignment(tuple(src), tuple(tgt), beads)
