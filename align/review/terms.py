"""The glossary of a review: the terms checked, the candidates ``glossary extract`` proposes,
and the translator's decisions on them.

Accepting a candidate adds one row to the glossary file, written as the file is written
(``glossary.append``: its encoding, line ends, delimiter and columns; a TBX or xlsx glossary
gets a CSV beside it); without ``--glossary``, to ``<stem>.terms.csv``. The entry is
``status=admitted`` until a person promotes it. Decisions are kept in the session file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from align.beads import Alignment
from align.review.edits import EditError
from glossary.append import append_entry, sidecar
from glossary.extract import Proposal, extract_terms
from glossary.io import GlossaryOptions, glossary_format, read_glossary
from glossary.matching import TermMatcher
from glossary.model import Glossary, default_case


def load_terms(path: Path, options: GlossaryOptions | None = None) -> Glossary:
    """The glossary ``path`` (read as ``options`` say), with the terms accepted beside a TBX
    or xlsx one."""
    glossary = read_glossary(path, options)
    extra = sidecar(path)
    if glossary_format(path) in ("tbx", "xlsx") and extra.exists():
        glossary = replace(glossary, entries=glossary.entries + read_glossary(extra).entries)
    return glossary


class Terms:
    def __init__(
        self, glossary: Glossary | None, path: Path | None, stem: Path, alignment: Alignment
    ) -> None:
        self.glossary = glossary if glossary is not None else Glossary()
        self.matcher = TermMatcher(self.glossary)
        self.path = path or stem.with_name(stem.name + ".terms.csv")
        self.alignment = alignment  # as opened: the candidates come from it
        self.decided: dict[str, str] = {}  # term source -> "accepted" | "rejected"
        self._proposals: list[Proposal] | None = None

    def proposals(self) -> list[Proposal]:
        """Term candidates (``glossary extract``) not yet accepted or rejected."""
        if self._proposals is None:
            self._proposals = extract_terms(self.alignment, self.glossary)
        return [p for p in self._proposals if p.source not in self.decided]

    def decide(self, source: str, target: str | None) -> None:
        """Accept the candidate ``source`` rendered as ``target``, or reject it (None)."""
        proposal = next((p for p in self.proposals() if p.source == source), None)
        if proposal is None:
            raise EditError(f"no open term candidate {source!r}")
        if target is not None:
            target = " ".join(target.split())
            if not target:
                raise EditError("give the English rendering of the term")
            entry = replace(
                proposal.entry(), target=target, case=default_case(target), status="admitted"
            )
            append_entry(self.path, entry, (self.glossary.src_lang, self.glossary.tgt_lang))
            self.glossary = replace(self.glossary, entries=(*self.glossary.entries, entry))
            self.matcher = TermMatcher(self.glossary)
        self.decided[source] = "rejected" if target is None else "accepted"
