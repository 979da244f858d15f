import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from strategies import glossary_entries, glossary_terms

from align.errors import InputError
from glossary.io import GlossaryOptions, format_glossary, load_glossary, read_glossary
from glossary.model import Entry, Glossary
from glossary.tbx import TBX3_NS, canonical_lang, format_tbx, language_codes, parse_tbx

DATA = Path(__file__).parent / "data"
NS = {"t": TBX3_NS}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMN_STS = {
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
    "supersededTerm-admn-sts",
}
SAMPLE = Glossary(
    (
        Entry(("全域封禁",), "global ban", ("globally ban",), ("global lock",), status="preferred",
              note="n1\nn2", definition="A ban from every wiki.", subject="Wiki governance"),
        Entry(("全域锁定",), "global lock", status="admitted"),
        Entry(("维基媒体中国",), "Wikimedia China", ("WMCN",), ("WM China",), status="deprecated"),
        Entry(("编辑松",), "edit-a-thon", status="proposed"),
        Entry(("元维基",), "Meta-Wiki", case="sensitive"),  # no status: stays unmarked
    )
)  # fmt: skip


def find(el: etree._Element, path: str) -> list[etree._Element]:
    found = el.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [f for f in found if isinstance(f, etree._Element)]


def tbx_tree(glossary: Glossary = SAMPLE, **options: object) -> etree._Element:
    return etree.fromstring(format_glossary(glossary, "tbx", **options).encode())  # type: ignore[arg-type]


def test_v3_follows_the_tbx_basic_structure_rules() -> None:
    root = tbx_tree()
    assert root.tag == f"{{{TBX3_NS}}}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == (
        "TBX-Basic",
        "dca",
        "zh-CN",
    )
    assert root.xpath("count(//*[local-name()='martif' or local-name()='termEntry'])") == 0
    assert len(find(root, "t:tbxHeader/t:fileDesc/t:sourceDesc/t:p")) == 1
    concepts = find(root, "t:text/t:body/t:conceptEntry")
    assert len(concepts) == len(SAMPLE)
    assert len({c.get("id") for c in concepts}) == len(SAMPLE)  # required, unique (xs:ID)
    for concept in concepts:
        langs = find(concept, "t:langSec")
        assert [s.get(XML_LANG) for s in langs] == ["zh-CN", "en"]
        # auxiliary information of the concept comes before its language sections
        tags = [etree.QName(c).localname for c in concept]
        assert tags == sorted(tags, key=lambda t: t == "langSec")
        for term_sec in find(concept, "t:langSec/t:termSec"):
            assert etree.QName(term_sec[0]).localname == "term"  # term first, then its notes
    # every element is in the TBX namespace (DCA style: no dialect namespaces)
    assert {etree.QName(el).namespace for el in root.iter()} == {TBX3_NS}
    notes = find(root, "//t:termNote")
    assert notes and all(etree.QName(n.getparent()).localname == "termSec" for n in notes)
    assert {n.get("type") for n in notes} == {"administrativeStatus"}
    assert {n.text for n in notes} <= ADMN_STS
    for kind in ("subjectField", "definition"):
        [descrip] = find(root, f"//t:descrip[@type='{kind}']")
        assert etree.QName(descrip.getparent()).localname == "conceptEntry"


def statuses(concept: etree._Element) -> list[tuple[str, str | None, bool]]:
    """(term, administrativeStatus, glossalign:forbidden mark) of the English terms."""
    return [
        (
            ts[0].text or "",  # the term comes first
            next((n.text for n in ts if etree.QName(n).localname == "termNote"), None),
            any(n.text == "glossalign:forbidden" for n in ts if etree.QName(n).localname == "note"),
        )
        for ts in concept[-1]
    ]


@pytest.mark.parametrize("version", [3, 2])
def test_status_mapping(version: int) -> None:
    root = tbx_tree(tbx_version=version)
    concepts = [
        el for el in root.iter() if etree.QName(el).localname in ("conceptEntry", "termEntry")
    ]
    assert [statuses(c) for c in concepts] == [
        [("global ban", "preferredTerm-admn-sts", False),
         ("globally ban", "admittedTerm-admn-sts", False),
         ("global lock", "deprecatedTerm-admn-sts", False)],
        [("global lock", "admittedTerm-admn-sts", False)],
        [("Wikimedia China", "deprecatedTerm-admn-sts", False),
         ("WMCN", "deprecatedTerm-admn-sts", False),
         ("WM China", "deprecatedTerm-admn-sts", True)],
        [("edit-a-thon", None, False)],
        [("Meta-Wiki", None, False)],
    ]  # fmt: skip
    assert "glossalign:status=proposed" in etree.tostring(concepts[3], encoding="unicode")


def test_v2_on_request() -> None:
    root = tbx_tree(tbx_version=2)
    assert (root.tag, root.get("type")) == ("martif", "TBX-Basic")
    assert root.xpath("count(//termEntry/langSet/tig/term)") == 14
    assert root.xpath("count(//*[local-name()='conceptEntry'])") == 0


def test_translate_toolkit_reads_our_forbidden_terms_as_deprecated() -> None:
    """translate-toolkit (hence Weblate) reads TBX v2 only (3.20: it rejects a ``tbx`` root)."""
    from translate.storage.tbx import tbxfile

    store = tbxfile.parsestring(format_glossary(SAMPLE, "tbx", tbx_version=2).encode())
    terms = {u.source: {t.text: t.deprecated for t in u.get_target_terms()} for u in store.units}
    assert terms["全域封禁"] == {"global ban": False, "globally ban": False, "global lock": True}
    assert terms["维基媒体中国"] == dict.fromkeys(("Wikimedia China", "WMCN", "WM China"), True)
    assert not any(terms["元维基"].values())


@pytest.mark.parametrize("version", [3, 2])
def test_round_trip_keeps_statuses_notes_definitions_and_languages(version: int) -> None:
    text = format_tbx(SAMPLE, version, "zh-Hant", "en-GB")  # type: ignore[arg-type]
    glossary, skipped = parse_tbx(text.encode(), Path("g.tbx"))
    assert skipped == ()
    assert [replace(e, row=0) for e in glossary.entries] == list(SAMPLE.entries)
    assert (glossary.src_lang, glossary.tgt_lang) == ("zh-Hant", "en-GB")
    # written again, the codes read are kept
    assert tbx_tree(glossary).get(XML_LANG) == "zh-Hant"


def test_ltac_style_v3_example_imports() -> None:
    loaded = load_glossary(DATA / "tbx_basic_v3_sample.tbx")
    ban, editathon, wikimedia = loaded.glossary.entries
    assert (ban.sources, ban.target, ban.variants, ban.forbidden, ban.status) == (
        ("全域封禁", "全局封禁"), "global ban", ("foundation ban",), ("global lock",), "preferred"
    )  # fmt: skip
    # raw line breaks and tabs of the XML read as single spaces; term notes name their term
    assert ban.note == (
        "G-Source: the Foundation's policy page\n"
        "global lock: A lock disables the account; it is not a ban."
    )
    assert ban.definition == "A ban from editing every wiki of the Foundation."
    assert ban.subject == "Wiki governance"
    assert (editathon.target, editathon.status) == ("edit-a-thon", None)  # unmarked stays so
    assert (wikimedia.sources, wikimedia.forbidden) == (("维基媒体",), ("Wiki Media",))
    assert [(s.entry, s.number) for s in loaded.skipped] == [("c3", 3)]
    assert "no zh term" in loaded.skipped[0].reason
    assert (loaded.glossary.src_lang, loaded.glossary.tgt_lang) == ("zh-Hans", "en-GB")
    assert [e.row for e in loaded.glossary.entries] == [1, 2, 4]


def test_microsoft_style_v2_file_imports() -> None:
    loaded = load_glossary(DATA / "microsoft_style_v2.tbx")
    assert [(e.sources, e.target, e.status) for e in loaded.glossary.entries] == [
        (("快顯封鎖程式",), "pop-up blocker", None),
        (("工作列",), "taskbar", None),
    ]
    assert loaded.glossary.entries[0].definition == (
        "A feature that stops pop-up windows from opening."
    )
    assert [s.entry for s in loaded.skipped] == ["4467_1438300"]
    assert (loaded.glossary.src_lang, loaded.glossary.tgt_lang) == ("zh-TW", "en-US")
    with pytest.raises(InputError, match="entry 4467_1438300: skipped: no zh term"):
        read_glossary(DATA / "microsoft_style_v2.tbx", GlossaryOptions(strict=True))


@pytest.mark.parametrize(
    ("sources", "expected"),
    [(("全域封禁", "管理员"), "zh-CN"), (("全域封鎖", "管理員"), "zh-TW"), (("封禁",), "zh-CN")],
)
def test_traditional_source_terms_default_to_zh_tw(sources: tuple[str, ...], expected: str) -> None:
    glossary = Glossary(tuple(Entry((s,), f"t{i}") for i, s in enumerate(sources)))
    assert language_codes(glossary) == (expected, "en")


@pytest.mark.parametrize(
    ("code", "canonical"),
    [("zh-cn", "zh-CN"), ("zh_TW", "zh-TW"), ("ZH-hant", "zh-Hant"), ("zh-Hans-CN", "zh-Hans-CN"),
     ("zh-HK", "zh-HK"), ("en-us", "en-US"), ("en-GB", "en-GB"), ("EN", "en")],
)  # fmt: skip
def test_regional_codes(code: str, canonical: str) -> None:
    assert canonical_lang(code) == canonical


@pytest.mark.parametrize(("src", "tgt"), [("en-US", "zh-CN"), ("zh CN", "en"), ("zh", "fr")])
def test_a_wrong_language_code_is_refused(src: str, tgt: str) -> None:
    with pytest.raises(InputError, match=r"not a (zh|en) language code"):
        format_tbx(SAMPLE, 3, src, tgt)


def test_the_parser_resolves_no_entities_and_fetches_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    tbx = f"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY big "aaaaaaaaaa">]>
<martif type="TBX-Basic"><text><body><termEntry>
<langSet xml:lang="zh"><tig><term>甲</term></tig></langSet>
<langSet xml:lang="en"><tig><term>a&xxe;&big;</term></tig></langSet>
</termEntry></body></text></martif>"""
    # Refused whole, like a bilingual file declaring entities: nothing of the secret is read.
    with pytest.raises(InputError, match="declares XML entities") as refused:
        parse_tbx(tbx.encode(), tmp_path / "g.tbx")
    assert "SECRET" not in str(refused.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<martif><text>", "g.tbx:1: not well-formed XML"),
        ("<martif><text/></martif>", "no termEntry/conceptEntry elements"),
    ],
)
def test_bad_tbx_is_one_clear_error(body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_tbx(body.encode(), Path("g.tbx"))


@pytest.mark.parametrize(
    ("terms", "reason"),
    [
        ("<tig><term>a</term><termNote type='administrativeStatus'>oldTerm</termNote></tig>",
         "unknown administrativeStatus 'oldTerm'"),
        ("<tig><term>a</term><termNote type='administrativeStatus'>supersededTerm-admn-sts"
         "</termNote></tig>", "every English term is forbidden"),
    ],
)  # fmt: skip
def test_an_unusable_entry_is_skipped_with_its_reason(terms: str, reason: str) -> None:
    tbx = f"""<martif><text><body><termEntry id="e9">
    <langSet xml:lang="zh"><tig><term>甲</term></tig></langSet>
    <langSet xml:lang="en">{terms}</langSet></termEntry></body></text></martif>"""
    glossary, [skipped] = parse_tbx(tbx.encode(), Path("g.tbx"))
    assert glossary.entries == () and skipped.entry == "e9" and reason in skipped.reason


# TBX text reads with whitespace runs as one space.
term = glossary_terms(lambda t: " ".join(t.split()))
lines = st.lists(term, max_size=2).map("\n".join)
# A note line starting "glossalign:" reads back as one of the writer's own marks, not a note.
entries = glossary_entries(
    term,
    lines,
    note=lines.filter(lambda n: not any(s.startswith("glossalign:") for s in n.split("\n"))),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries, min_size=1, max_size=4), st.sampled_from([2, 3]))
def test_tbx_round_trip(items: list[Entry], version: int) -> None:
    items = [
        e
        for e in items
        if len({e.target, *e.variants, *e.forbidden}) == 1 + len(e.variants) + len(e.forbidden)
    ] or [Entry(("甲",), "a")]
    glossary = Glossary(tuple(items))
    text = format_tbx(glossary, version)  # type: ignore[arg-type]
    read, skipped = parse_tbx(text.encode(), Path("g.tbx"))
    assert skipped == ()
    assert [replace(e, row=0) for e in read.entries] == list(glossary.entries)


#: Where the documentation describes the TBX export.
GLOSSARY_FILES = Path(__file__).resolve().parents[1] / "docs" / "reference" / "glossary-files.md"


def _docs_tbx() -> tuple[str, str]:
    """The documentation's TBX export paragraph and table: what v3 writes, then what v2
    writes."""
    text = GLOSSARY_FILES.read_text(encoding="utf-8")
    start = text.index("**TBX-Basic** (`glossalign glossary export")
    export = text[start : text.index("Import reads both versions", start)]
    split = export.index("`--tbx-version 2`")
    return export[:split], export[split:]


def test_the_docs_quote_what_an_export_writes() -> None:
    """Issue 26: the README (now docs/reference/glossary-files.md) described TBX v2 and
    supersededTerm while the code writes v3 and deprecatedTerm. Every element name, attribute
    value and status it quotes is in a real export."""
    from glossary.model import COLUMNS, STATUSES

    v3_text, v2_text = _docs_tbx()
    words = set(COLUMNS) | set(STATUSES)

    def quoted(part: str) -> set[str]:
        return set(re.findall(r"`([a-z][A-Za-z]*)`", part)) - words

    def names(root: etree._Element) -> set[str]:
        """Element names and attribute values (``administrativeStatus``, ``en``)."""
        elements = list(root.iter())
        return {etree.QName(el).localname for el in elements} | {
            str(value) for el in elements for value in el.attrib.values()
        }

    v3 = tbx_tree()
    v2 = etree.fromstring(format_glossary(SAMPLE, "tbx", tbx_version=2).encode())
    assert {"tbx", "conceptEntry", "langSec", "termSec", "termNote"} <= quoted(v3_text) <= names(v3)
    assert {"martif", "termEntry", "langSet", "tig"} <= quoted(v2_text) <= names(v2)
    written = {n.text for n in find(v3, "//t:termNote")}
    assert set(re.findall(r"`(\w+Term-admn-sts)`", v3_text)) == written
    [row] = [line for line in v3_text.splitlines() if line.startswith("| `forbidden` |")]
    [concept] = find(v3, "t:text/t:body/t:conceptEntry[1]")
    assert ("global lock", "deprecatedTerm-admn-sts", False) in statuses(concept)
    assert "`deprecatedTerm-admn-sts`" in row and "superseded" not in v3_text + v2_text
