"""TBX termbases: TBX-Basic v3 (ISO 30042:2019, ``tbx``/``conceptEntry``/``langSec``/``termSec``,
DCA style) written by default, v2 (``martif``/``termEntry``/``langSet``/``tig``) on request; both
read, with v2's ``ntig`` and any namespace.

One concept per entry: the Chinese terms (source synonyms) in the ``zh*`` language section,
the English renderings in the ``en*`` one (``--src-lang``/``--tgt-lang`` pick others of a
multilingual termbase: see glossary.languages; one without either language is refused).
Each English term carries its status in ``termNote type="administrativeStatus"``:

=====================  ==========================================================
glossalign             TBX administrativeStatus
=====================  ==========================================================
target, ``preferred``  ``preferredTerm-admn-sts``
target, ``admitted``   ``admittedTerm-admn-sts``
target, ``deprecated`` ``deprecatedTerm-admn-sts`` (variants too)
target, no status      none (unmarked, also on import: nothing is invented)
target, ``proposed``   none, and ``<note>glossalign:status=proposed</note>``
variants               ``admittedTerm-admn-sts``
forbidden              ``deprecatedTerm-admn-sts`` (what translate-toolkit and Weblate
                       read as do-not-use); in a deprecated entry with a term note
                       ``glossalign:forbidden``. ``supersededTerm-admn-sts`` reads as forbidden.
=====================  ==========================================================

Chinese terms are unmarked. ``note`` lines are ``<note>``s, ``definition`` and ``subject`` are
``<descrip type="definition">``/``<descrip type="subjectField">`` of the concept (definitions
of a language section are read too; notes of a term are read as ``term: note``); a non-default
case is ``<note>glossalign:case=sensitive</note>``. Whitespace runs in notes (raw XML line
breaks and tabs) read as one space. An entry without a Chinese or an English term, or with an
unknown status, is skipped and reported (an error in strict mode).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from lxml import etree

from align.errors import InputError
from align.formats import xml_text
from align.readers.segments import parse_xml
from glossary.languages import Role, canonical_lang, is_role, missing_language
from glossary.model import Case, Entry, Glossary, Status, default_case

TbxVersion = Literal[2, 3]
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PREFERRED, _ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
_DEPRECATED, _SUPERSEDED = "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"
_STATUS_TBX = {"preferred": _PREFERRED, "admitted": _ADMITTED, "deprecated": _DEPRECATED}
_CASE_NOTE, _STATUS_NOTE, _FORBIDDEN_NOTE = (
    "glossalign:case=",
    "glossalign:status=",
    "glossalign:forbidden",
)
_LANG_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
#: The two sides of an entry: the Chinese terms (source) and the English renderings (target).
_SIDES: tuple[tuple[str, Role], ...] = (("zh", "source"), ("en", "target"))
__all__ = ["TBX3_NS", "Skipped", "TbxVersion", "canonical_lang", "format_tbx", "language_codes",
           "parse_tbx"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Skipped:
    """An entry left out on import: its id (``id`` attribute, else ``#n``), its 1-based
    number among the file's entries, and why."""

    entry: str
    number: int
    reason: str

    def format(self, name: str) -> str:
        return f"{name}: entry {self.entry}: skipped: {self.reason}"


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: a term may repeat
class _Term:
    text: str
    status: str | None
    forbidden_mark: bool


class _Skip(Exception):
    pass


# --- reading -------------------------------------------------------------------------------


def parse_tbx(
    data: bytes,
    path: Path,
    strict: bool = False,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> tuple[Glossary, tuple[Skipped, ...]]:
    """The entries of a TBX v2 or v3 file, and the entries skipped (InputError if strict).

    ``src_lang``/``tgt_lang`` pick the language sections (glossary.languages.is_role); a file
    without a section in either language is an InputError naming the languages it has."""
    root = parse_xml(data, path, "the terminology tool")
    concepts = [el for el in root.iter() if _local(el) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(f"{path}: no termEntry/conceptEntry elements; is this a TBX file?")
    wanted = {"zh": src_lang, "en": tgt_lang}
    found = [_lang(s) for c in concepts for s in _children(c, "langSet", "langSec")]
    for key, role in _SIDES:
        if not any(is_role(code, role, wanted[key]) for code in found):
            raise missing_language(path, found, role, wanted[key])
    entries, skipped = [], []
    langs: dict[str, str] = {}
    for number, concept in enumerate(concepts, 1):
        try:
            entries.append(_concept_entry(concept, number, langs, wanted))
        except _Skip as why:
            skip = Skipped(concept.get("id") or f"#{number}", number, str(why))
            if strict:
                raise InputError(
                    skip.format(str(path)) + " (fix it, or import without --strict)"
                ) from None
            skipped.append(skip)
    glossary = Glossary(tuple(entries), langs.get("zh"), langs.get("en"))
    return glossary, tuple(skipped)


def _lang(section: etree._Element) -> str:
    return section.get(_XML_LANG) or section.get("lang") or ""


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: etree._Element, *names: str) -> Iterator[etree._Element]:
    return (child for child in el if _local(child) in names)


def _text(el: etree._Element) -> str:
    """The element's text with inline markup, whitespace runs (raw newlines, tabs) as one space."""
    return " ".join("".join(map(str, el.itertext())).split())


def _descrips(el: etree._Element, kind: str) -> list[str]:
    """``<descrip type=kind>`` children of ``el``, directly or in a ``descripGrp``."""
    found = [d for d in _children(el, "descrip") if d.get("type") == kind]
    for group in _children(el, "descripGrp"):
        found.extend(d for d in _children(group, "descrip") if d.get("type") == kind)
    return [t for t in map(_text, found) if t]


def _concept_entry(
    concept: etree._Element, number: int, langs: dict[str, str], wanted: dict[str, str | None]
) -> Entry:
    """The entry of a concept; ``langs`` collects the first code read of each side (zh, en)."""
    terms: dict[str, list[_Term]] = {"zh": [], "en": []}
    notes = [_text(n) for n in _children(concept, "note")]
    definitions = _descrips(concept, "definition")
    for section in _children(concept, "langSet", "langSec"):
        code = _lang(section)
        side = next((k for k, role in _SIDES if is_role(code, role, wanted[k])), None)
        if side is None:
            continue
        langs.setdefault(side, canonical_lang(code))
        definitions += _descrips(section, "definition")
        for holder in _children(section, "tig", "ntig", "termSec"):
            term = next((t for t in holder.iter() if _local(t) == "term"), None)
            text = _text(term) if term is not None else ""
            if not text:
                continue
            status = next(
                (_text(n) for n in holder.iter() if _local(n) == "termNote"
                 and n.get("type") == "administrativeStatus"),
                None,
            )  # fmt: skip
            term_notes = [_text(n) for n in holder.iter() if _local(n) == "note"]
            notes += [f"{text}: {n}" for n in term_notes if n and n != _FORBIDDEN_NOTE]
            terms[side].append(_Term(text, status, _FORBIDDEN_NOTE in term_notes))
    if not terms["zh"] or not terms["en"]:
        missing = " and ".join(lang for lang in ("zh", "en") if not terms[lang])
        raise _Skip(f"no {missing} term (a langSec/langSet with xml:lang={missing}…)")
    return _entry(terms["zh"], terms["en"], notes, definitions, _descrips(concept, "subjectField"),
                  number)  # fmt: skip


def _entry(
    zh: Sequence[_Term],
    en: Sequence[_Term],
    notes: list[str],
    definitions: list[str],
    subjects: list[str],
    number: int,
) -> Entry:
    known = (_PREFERRED, _ADMITTED, _DEPRECATED, _SUPERSEDED, None)
    for term in en:
        if term.status not in known:
            raise _Skip(
                f"term {term.text!r}: unknown administrativeStatus {term.status!r}; use one of "
                f"{', '.join(cast(tuple[str], known[:-1]))}"
            )
    allowed = [t for t in en if t.status in (_PREFERRED, _ADMITTED, None) and not t.forbidden_mark]
    if allowed:
        target = next((t for t in allowed if t.status == _PREFERRED), allowed[0])
        variants = [t for t in allowed if t is not target]
        forbidden = [t for t in en if t not in allowed]
    else:  # a deprecated entry: its renderings are deprecated, its forbidden ones marked
        kept = [t for t in en if t.status == _DEPRECATED and not t.forbidden_mark]
        if not kept:
            raise _Skip("every English term is forbidden; no rendering is left")
        target, variants = kept[0], kept[1:]
        forbidden = [t for t in en if t not in kept]
    case_notes = [n for n in notes if n.startswith(_CASE_NOTE)]
    case = case_notes[0][len(_CASE_NOTE) :] if case_notes else default_case(target.text)
    if case not in ("sensitive", "insensitive"):
        raise _Skip(f"bad note {case_notes[0]!r}; use {_CASE_NOTE}sensitive")
    status: str | None = {v: k for k, v in _STATUS_TBX.items()}.get(target.status or "")
    if status is None and f"{_STATUS_NOTE}proposed" in notes:
        status = "proposed"
    return Entry(
        sources=tuple(dict.fromkeys(t.text for t in zh)),
        target=target.text,
        variants=tuple(t.text for t in variants),
        forbidden=tuple(t.text for t in forbidden),
        case=cast(Case, case),
        status=cast(Status | None, status),
        note="\n".join(n for n in notes if n and not n.startswith((_CASE_NOTE, _STATUS_NOTE))),
        row=number,
        definition="\n".join(definitions),
        subject="\n".join(subjects),
    )


# --- writing -------------------------------------------------------------------------------


def language_codes(
    glossary: Glossary, src_lang: str | None = None, tgt_lang: str | None = None
) -> tuple[str, str]:
    """The codes to write: as given, else as read, else ``zh-TW`` for Traditional source terms
    (``zh-CN`` otherwise) and ``en``. InputError for a code that is not zh… / en…."""
    src = src_lang or glossary.src_lang or _detect_zh(glossary)
    tgt = tgt_lang or glossary.tgt_lang or "en"
    for code, primary, option in ((src, "zh", "--src-lang"), (tgt, "en", "--tgt-lang")):
        if not _LANG_CODE.fullmatch(code) or canonical_lang(code).split("-")[0] != primary:
            raise InputError(
                f"{option} {code!r}: not a {primary} language code; use e.g. "
                + (
                    "zh-CN, zh-TW, zh-Hans, zh-Hant, zh-HK"
                    if primary == "zh"
                    else "en, en-US, en-GB"
                )
            )
    return src, tgt


def _detect_zh(glossary: Glossary) -> str:
    """``zh-TW`` when the source terms hold more Traditional-only than Simplified-only
    characters (those OpenCC's t2s, resp. s2t, changes), else ``zh-CN``."""
    text = "".join(s for e in glossary.entries for s in e.sources)
    to_simplified, to_traditional = _opencc()
    traditional = sum(a != b for a, b in zip(text, to_simplified.convert(text), strict=False))
    simplified = sum(a != b for a, b in zip(text, to_traditional.convert(text), strict=False))
    return "zh-TW" if traditional > simplified else "zh-CN"


@functools.cache
def _opencc() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def format_tbx(
    glossary: Glossary,
    version: TbxVersion = 3,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> str:
    """TBX-Basic text, v3 (``tbx``, DCA style) or v2 (``martif``); see the module's table."""
    src, tgt = language_codes(glossary, src_lang, tgt_lang)
    v3 = version == 3
    ns = f"{{{TBX3_NS}}}" if v3 else ""

    def sub(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        el = etree.SubElement(parent, ns + tag, attrs)
        el.text = None if text is None else xml_text(text)  # a glossary built in code may hold NUL
        return el

    attrs = {"type": "TBX-Basic", "style": "dca"} if v3 else {"type": "TBX-Basic"}
    root = etree.Element(
        ns + ("tbx" if v3 else "martif"),
        attrs,
        nsmap={None: TBX3_NS} if v3 else None,
    )
    root.set(_XML_LANG, src)
    header = sub(sub(root, "tbxHeader" if v3 else "martifHeader"), "fileDesc")
    sub(sub(header, "sourceDesc"), "p", "glossalign glossary export")
    body = sub(sub(root, "text"), "body")
    for number, entry in enumerate(glossary.entries, 1):
        concept = sub(body, "conceptEntry" if v3 else "termEntry", id=f"c{number}")
        for kind, value in (("subjectField", entry.subject), ("definition", entry.definition)):
            for line in filter(None, value.split("\n")):
                sub(concept, "descrip", line, type=kind)
        for line in _concept_notes(entry):
            sub(concept, "note", line)
        zh = sub(concept, "langSec" if v3 else "langSet")
        zh.set(_XML_LANG, src)
        for source in entry.sources:
            sub(sub(zh, "termSec" if v3 else "tig"), "term", source)
        en = sub(concept, "langSec" if v3 else "langSet")
        en.set(_XML_LANG, tgt)
        for term, status, mark in _renderings(entry):
            holder = sub(en, "termSec" if v3 else "tig")
            sub(holder, "term", term)
            if status:
                sub(holder, "termNote", status, type="administrativeStatus")
            if mark:
                sub(holder, "note", _FORBIDDEN_NOTE)
    etree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"
    )


def _concept_notes(entry: Entry) -> list[str]:
    lines = [line for line in entry.note.split("\n") if line.strip()]
    if entry.case != default_case(entry.target):
        lines.append(_CASE_NOTE + entry.case)
    if entry.status == "proposed":
        lines.append(_STATUS_NOTE + "proposed")
    return lines


def _renderings(entry: Entry) -> list[tuple[str, str | None, bool]]:
    """(term, administrativeStatus or None, forbidden mark) of each English term."""
    deprecated = entry.status == "deprecated"
    return (
        [(entry.target, _STATUS_TBX.get(entry.status or ""), False)]
        + [(v, _DEPRECATED if deprecated else _ADMITTED, False) for v in entry.variants]
        + [(f, _DEPRECATED, deprecated) for f in entry.forbidden]
    )
