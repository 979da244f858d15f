"""The project's ignore list: glossary findings a translator has judged fine, with a reason.

An ignore names a finding by its check, its source term and a hash of its bead's source text,
so it still applies after the beads are re-aligned or the English is edited, as long as the
Chinese of the bead is the same. The file is JSON: ``{"version": 1, "ignores": [{"check",
"source_term", "text_hash", "reason"}, ...]}``; ``glossary check --ignore FILE`` and the
review editor apply the same list (``apply_ignores``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from align.beads import Alignment
from align.errors import InputError
from align.io import atomic_write_text, read_text
from glossary.checks import CHECKS, Finding

_FIELDS = ("check", "source_term", "text_hash", "reason")


@dataclass(frozen=True, slots=True)
class Ignore:
    check: str
    source_term: str
    text_hash: str  # text_hash() of the bead's source text
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return self.check, self.source_term, self.text_hash


def text_hash(text: str) -> str:
    """16 hex digits of the SHA-256 of ``text`` with its whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def finding_key(finding: Finding, alignment: Alignment) -> tuple[str, str, str]:
    """What an ``Ignore`` matches: check, source term, hash of the bead's source text."""
    bead = alignment.beads[finding.bead] if finding.bead is not None else None
    source = alignment.src_text(bead) if bead is not None else ""
    return finding.check, finding.source_term, text_hash(source)


def ignore_for(finding: Finding, alignment: Alignment, reason: str) -> Ignore:
    return Ignore(*finding_key(finding, alignment), reason=reason)


def apply_ignores(
    findings: Sequence[Finding], alignment: Alignment, ignores: Iterable[Ignore]
) -> list[Finding]:
    """The findings that no ignore matches, in their order."""
    keys = {i.key for i in ignores}
    return [f for f in findings if finding_key(f, alignment) not in keys]


def read_ignores(path: Path) -> tuple[Ignore, ...]:
    """The ignores in ``path``; none if it does not exist yet. InputError on a bad file."""
    if not Path(path).exists():
        return ()
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except (RecursionError, ValueError):  # 100,000 nested arrays; a 5,000-digit number
        raise InputError(
            f"{path}: not an ignore list (JSON nested too deeply or too long)"
        ) from None
    records = data.get("ignores") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise InputError(f'{path}: expected {{"version": 1, "ignores": [...]}}')
    out = []
    for n, rec in enumerate(records, 1):
        if not (isinstance(rec, dict) and all(isinstance(rec.get(f), str) for f in _FIELDS)):
            raise InputError(f"{path}: ignore {n} needs the string fields {', '.join(_FIELDS)}")
        if rec["check"] not in CHECKS:
            raise InputError(f"{path}: ignore {n}: unknown check {rec['check']!r}")
        out.append(Ignore(*(rec[f] for f in _FIELDS)))
    return tuple(out)


def format_ignores(ignores: Iterable[Ignore]) -> str:
    records = [asdict(i) for i in ignores]
    return json.dumps({"version": 1, "ignores": records}, ensure_ascii=False, indent=1) + "\n"


def write_ignores(path: Path, ignores: Iterable[Ignore]) -> None:
    atomic_write_text(path, format_ignores(ignores))
