"""The session file (``<stem>.review.json``): the last state of a review, written atomically
after every change, read back and checked on start.

JSON: ``{"version": 2, "original_src", "original_tgt"`` (the documents as opened, which say
whose session it is), ``"src", "tgt"`` (the sentences now), ``"beads": [[src ids, tgt ids,
score, status, crossing], ...], "cuts": [[a, b], ...], "blocks": [[...], [...]] | null,
"terms": {source: "accepted" | "rejected"}, "revision"`` (the page's version counter, kept
across restarts), ``"applied"`` (the ids of the last edits applied, so a page that resends an
edit after a restart does not apply it twice) and ``"server": {"port", "token"}`` (so a
restarted server answers the open page). Version 1 files (no sentence edits) are read too.

A file that is not such a record, or whose beads do not cover the sentences exactly once in
order (a hand-edited or truncated file), is refused with one line: serving it would fail on
every request.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from align.beads import Alignment, Bead, check_beads
from align.errors import InputError
from align.io import read_text
from align.review.edits import State, Status

FILE_VERSION = 2
STATUSES: tuple[Status, ...] = ("", "confirmed", "edited")
MAX_APPLIED = 64


@dataclass(frozen=True, slots=True)
class Saved:
    """What a session file holds besides the documents' identity."""

    state: State
    terms: dict[str, str]
    revision: int
    applied: tuple[str, ...]
    server: tuple[int, str] | None


def record(
    state: State, base: Alignment, terms: dict[str, str], revision: int,
    applied: tuple[str, ...], server: tuple[int, str] | None,
) -> str:  # fmt: skip
    a = state.alignment
    data = {
        "version": FILE_VERSION,
        "original_src": list(base.src),
        "original_tgt": list(base.tgt),
        "src": list(a.src),
        "tgt": list(a.tgt),
        "beads": [
            [list(b.src), list(b.tgt), None if math.isnan(b.score) else b.score, s, b.crossing]
            for b, s in zip(a.beads, state.status, strict=True)
        ],
        "cuts": sorted(map(list, state.cuts)),
        "blocks": None if state.blocks is None else [list(x) for x in state.blocks],
        "terms": terms,
        "revision": revision,
        "applied": list(applied[-MAX_APPLIED:]),
        "server": None if server is None else {"port": server[0], "token": server[1]},
    }
    return json.dumps(data, ensure_ascii=False) + "\n"


def belongs(path: Path, base: Alignment) -> dict[str, Any] | None:
    """The session file's record when it is a session of the documents of ``base``; None
    when it holds another documents' session. InputError when it is no session file."""
    try:
        data = json.loads(read_text(path))
    except (ValueError, RecursionError):
        raise _bad(path, "not JSON") from None
    if not isinstance(data, dict) or data.get("version") not in (1, FILE_VERSION):
        raise _bad(path, "not a version 1 or 2 record")
    original_src = data.get("original_src", data.get("src"))
    if original_src != list(base.src) or data.get("original_tgt") != list(base.tgt):
        return None
    return data


def restore(path: Path, base: State, data: dict[str, Any]) -> Saved:
    """The state a session file of ``base``'s documents holds, checked."""
    try:
        return _restore(path, base, data)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise _bad(path, str(exc)[:80] or type(exc).__name__) from None


def _restore(path: Path, base: State, data: dict[str, Any]) -> Saved:
    src, tgt = _texts(data["src"]), _texts(data["tgt"])
    beads, status = [], []
    for raw in data["beads"]:
        s, t, score, flag, *rest = raw
        crossing = bool(rest and rest[0] is True)
        beads.append(Bead(_ids(s), _ids(t), math.nan if score is None else float(score), crossing))
        if flag not in STATUSES or (crossing and flag != "confirmed"):
            raise ValueError(f"bead status {flag!r}")
        status.append(flag)
    _check_cover(beads, len(src), len(tgt), path)
    cuts = frozenset((int(a), int(b)) for a, b in data.get("cuts", []))
    blocks = data.get("blocks")
    if blocks is None and (len(src), len(tgt)) == tuple(map(len, base.blocks or ((), ()))):
        blocks = base.blocks  # a version 1 file: the sentences are the documents' own
    elif blocks is not None:
        blocks = (_ids(blocks[0]), _ids(blocks[1]))
        if (len(blocks[0]), len(blocks[1])) != (len(src), len(tgt)):
            raise ValueError("a paragraph per sentence")
    alignment = replace(base.alignment, src=src, tgt=tgt, beads=tuple(beads))
    state = State(alignment, tuple(status), cuts, blocks)
    terms = {str(k): str(v) for k, v in data.get("terms", {}).items()}
    server = data.get("server")
    port_token = None
    if isinstance(server, dict) and isinstance(server.get("token"), str):
        port_token = (int(server["port"]), server["token"])
    applied = tuple(str(x) for x in data.get("applied", []))
    return Saved(state, terms, int(data.get("revision", 0)), applied, port_token)


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ValueError("sentences must be a list of strings")
    return tuple(value)


def _ids(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(
        isinstance(x, int) and not isinstance(x, bool) and 0 <= x < 10**9 for x in value
    ):
        raise ValueError("ids must be lists of small non-negative integers")
    return tuple(value)


def _check_cover(beads: list[Bead], n_src: int, n_tgt: int, path: Path) -> None:
    """Every sentence of both sides in exactly one bead, the beads in order."""
    for side, n, ids in (
        ("source", n_src, [i for b in beads for i in b.src]),
        ("target", n_tgt, [j for b in beads for j in b.tgt]),
    ):
        if sorted(ids) != list(range(n)):
            raise ValueError(f"the beads do not hold the {n} {side} sentences once each")
    if any(not (b.src or b.tgt) for b in beads):
        raise ValueError("an empty bead")
    try:
        mode = check_beads(beads, path, range(1, len(beads) + 1))
    except InputError as exc:
        raise ValueError(str(exc).split(": ", 2)[-1]) from None
    if mode != "monotonic":
        raise ValueError("the beads are out of order")


def _bad(path: Path, why: str) -> InputError:
    return InputError(
        f"{path}: not a usable review session file ({why}); move it away to start afresh"
    )
