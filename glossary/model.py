"""The termbase: one Entry per concept, a Glossary of entries, and its polars table form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast, get_args

if TYPE_CHECKING:
    import polars as pl

Case = Literal["sensitive", "insensitive"]
#: ``proposed``: suggested by ``glossary extract``, not yet approved (checked like ``preferred``).
#: An entry without a status (``None``, an empty cell) is unmarked and checked like ``preferred``.
Status = Literal["preferred", "admitted", "deprecated", "proposed"]
CASES: tuple[Case, ...] = get_args(Case)
STATUSES: tuple[Status, ...] = get_args(Status)

#: The CSV header, in order. `source` and `target` are required, the rest optional.
COLUMNS = (
    "source", "target", "variants", "forbidden", "case", "status", "note", "definition", "subject",
)  # fmt: skip
REQUIRED = ("source", "target")
#: Separator of several terms inside one cell (source synonyms, variants, forbidden).
SEP = "|"


def split_cell(cell: str) -> tuple[str, ...]:
    """``"a | b||c"`` → ``("a", "b", "c")``: trimmed, empty parts dropped."""
    return tuple(part.strip() for part in cell.split(SEP) if part.strip())


def join_cell(parts: Iterable[str]) -> str:
    return SEP.join(parts)


def default_case(target: str) -> Case:
    """All-caps acronyms (``WMC``, ``IPBE``, ``G13``) are case-sensitive, everything else not."""
    acronym = target.upper() == target and any(c.isalpha() for c in target)
    return "sensitive" if acronym and sum(c.isalnum() for c in target) >= 2 else "insensitive"


@dataclass(frozen=True, slots=True)
class Entry:
    """One concept: Chinese source synonyms and its English renderings.

    ``row`` is where the entry was read: the 1-based line of a CSV/TSV file (the header is
    line 1) or the 1-based ``termEntry`` number of a TBX file; 0 for entries built in code.
    """

    sources: tuple[str, ...]
    target: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    case: Case = "insensitive"
    status: Status | None = None
    note: str = ""
    row: int = 0
    definition: str = ""
    subject: str = ""

    @property
    def allowed(self) -> tuple[str, ...]:
        """The preferred rendering followed by the acceptable variants."""
        return (self.target, *self.variants)

    @property
    def label(self) -> str:
        """The first source term, which names the entry in findings."""
        return self.sources[0]


@dataclass(frozen=True, slots=True)
class Glossary:
    """Entries in file order; ``src_lang``/``tgt_lang`` are the language codes a termbase was
    read with (e.g. ``zh-TW``, ``en-GB``), None when the file had none (CSV, TSV, xlsx)."""

    entries: tuple[Entry, ...] = ()
    src_lang: str | None = field(default=None, compare=False)
    tgt_lang: str | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.entries)

    def to_frame(self) -> pl.DataFrame:
        """One row per entry, multi-term cells joined with ``|``, plus the ``row`` column."""
        import polars as pl

        records = [
            {
                "source": join_cell(e.sources),
                "target": e.target,
                "variants": join_cell(e.variants),
                "forbidden": join_cell(e.forbidden),
                "case": e.case,
                "status": e.status or "",
                "note": e.note,
                "definition": e.definition,
                "subject": e.subject,
                "row": e.row,
            }
            for e in self.entries
        ]
        schema = {c: pl.String for c in COLUMNS} | {"row": pl.Int64}
        return pl.DataFrame(records, schema=schema)

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> Glossary:
        """Inverse of :meth:`to_frame`; values must already be valid (see glossary.io)."""
        entries = []
        for rec in frame.iter_rows(named=True):
            target = (rec.get("target") or "").strip()
            case = (rec.get("case") or "").strip() or default_case(target)
            status = (rec.get("status") or "").strip() or None
            if case not in CASES or (status is not None and status not in STATUSES):
                raise ValueError(f"row {rec.get('row')}: bad case {case!r} or status {status!r}")
            entries.append(
                Entry(
                    sources=split_cell(rec.get("source") or ""),
                    target=target,
                    variants=split_cell(rec.get("variants") or ""),
                    forbidden=split_cell(rec.get("forbidden") or ""),
                    case=cast(Case, case),
                    status=cast(Status | None, status),
                    note=rec.get("note") or "",
                    row=int(rec.get("row") or 0),
                    definition=rec.get("definition") or "",
                    subject=rec.get("subject") or "",
                )
            )
        return cls(tuple(entries))
