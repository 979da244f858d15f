"""The session as the page sees it: one JSON-ready dict (texts stay plain strings; the page
puts them in the DOM with ``textContent``). Ids are zero-based here as in the files; the page
numbers beads and sentences from 1."""

from __future__ import annotations

import math
import re
from typing import Any

from align.report.html import HIT_CODES, finding_message
from align.review.session import Session
from glossary.matching import TermHit

MAX_TERMS = 40


_BEAD_LIST = re.compile(r"\(beads? [0-9, ]+")
_NUMBER = re.compile(r"[0-9]+")


def from_one(message: str) -> str:
    """A finding's message with the bead numbers it lists counted from 1, as the page counts
    (``glossary.checks`` lists zero-based bead ids, as the files do)."""
    return _BEAD_LIST.sub(lambda m: _NUMBER.sub(lambda n: str(int(n[0]) + 1), m[0]), message)


def _hits(hits: list[TermHit]) -> list[list[Any]]:
    return [[h.start, h.end, HIT_CODES[h.kind]] for h in hits]


def snapshot(session: Session) -> dict[str, Any]:
    """Everything the page shows, for the current version of the session."""
    with session.lock:
        return _snapshot(session)


def _snapshot(session: Session) -> dict[str, Any]:
    state, matcher = session.state, session.terms.matcher
    alignment = state.alignment
    return {
        "version": session.version,
        "langs": [alignment.src_lang, alignment.tgt_lang],
        "src": list(alignment.src),
        "tgt": list(alignment.tgt),
        "beads": [
            {
                "src": list(b.src),
                "tgt": list(b.tgt),
                "score": None if math.isnan(b.score) else round(b.score, 3),
                "status": s,
                "crossing": b.crossing,
            }
            for b, s in zip(alignment.beads, state.status, strict=True)
        ],
        "hits": {
            "src": [_hits(matcher.find_source(t)) for t in alignment.src],
            "tgt": [_hits(matcher.find_target(t)) for t in alignment.tgt],
        },
        "findings": [
            {
                "bead": f.bead,
                "check": f.check,
                "message": from_one(finding_message(f)),
                "span": f.span,
            }
            for f in session.findings()
        ],
        "ignored": len(session.all_findings()) - len(session.findings()),
        "terms": [
            {
                "source": p.source,
                "target": p.renderings[0].text if p.renderings else "",
                "beads": len(p.beads),
            }
            for p in session.terms.proposals()[:MAX_TERMS]
        ],
        "counts": session.counts(),
        "canUndo": session.at > 0,
        "canRedo": session.at + 1 < len(session.history),
        "canRealign": session.realigner is not None,
        "job": session.background.progress(),
        "output": str(session.paths.stem),
    }


def progress(session: Session) -> dict[str, Any]:
    """What the page polls while a re-alignment runs: the job and the session's version."""
    return {"version": session.version, "job": session.background.progress()}
