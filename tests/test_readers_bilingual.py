"""Bilingual CAT-tool files: hand-checked segments per format, orientation, untranslated
segments, files written by translate-toolkit, our own TMX read back, and hostile XML."""

from __future__ import annotations

import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from align.beads import Alignment, Bead
from align.errors import InputError
from align.formats import to_tmx
from align.readers.bilingual import read_bilingual, untranslated

X12 = 'xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"'
SDL = X12 + ' xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"'
X20 = 'xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"'

Row = tuple[str, str, str]  # unit id, Chinese text, English text


def _read(tmp_path: Path, name: str, text: str) -> Alignment:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_bilingual(path)


def _rows(a: Alignment) -> list[Row]:
    return [(u, a.src_text(b), a.tgt_text(b)) for u, b in zip(a.units, a.beads, strict=True)]


CASES: list[tuple[str, str, list[Row]]] = [
    (
        "plain.xlf",  # XLIFF 1.2: a segment a unit, groups; translate="no" and alt-trans skipped
        f"""<xliff {X12}><file source-language="zh-CN" target-language="en-US" datatype="plaintext"
        original="a.txt"><body><group id="g"><trans-unit id="1"><source>维基媒体基金会</source>
        <target>Wikimedia Foundation</target></trans-unit></group>
        <trans-unit id="2" translate="no"><source>代码</source><target>code</target></trans-unit>
        <trans-unit id="3"><source>全域
        封禁。</source><target state="translated">Global
        ban.</target><alt-trans match-quality="80"><source>全域锁定。</source><target>Global
        lock.</target></alt-trans></trans-unit></body></file></xliff>""",
        [("1", "维基媒体基金会", "Wikimedia Foundation"), ("3", "全域封禁。", "Global ban.")],
    ),
    (
        "codes.xlf",  # inline codes: x/ph placeholders, g/bpt/ept/bx/ex boundaries, native code
        f"""<xliff {X12}><file source-language="zh-CN" target-language="en" datatype="html"
        original="a.html"><body><trans-unit id="t1"><source>阅读<g id="1">维基</g>百科<x id="2"
        />方针<ph id="3">&lt;br/&gt;</ph>。</source><target>Read <g id="1">Wiki</g
        >pedia<x id="2"/> policy<ph id="3">&lt;br/&gt;</ph>.</target></trans-unit><trans-unit
        id="t2"><source><bpt id="1">&lt;b&gt;</bpt>管理员<ept id="1">&lt;/b&gt;</ept><it
        pos="open">&lt;i&gt;</it></source><target><bpt id="1">&lt;b&gt;</bpt>admin<ept
        id="1">&lt;/b&gt;</ept> <bx id="5"/>sysop<ex id="5"/></target></trans-unit></body>
        </file></xliff>""",
        [
            ("t1", "阅读{1}维基{/1}百科{2}方针{3}。", "Read {1}Wiki{/1}pedia{2} policy{3}."),
            ("t2", "{1}管理员{/1}{3}", "{1}admin{/1} {5}sysop{/5}"),  # it: 3rd code
        ],
    ),
    (
        "trados.sdlxliff",  # SDLXLIFF: mrk segments, a tracked deletion, an empty target mrk
        f"""<?xml version="1.0" encoding="utf-8"?><xliff {SDL}><file original="a.docx"
        source-language="zh-CN" target-language="en-US" datatype="x-sdlxliff"><header/><body>
        <trans-unit id="a1b2"><source>甲句。<x id="9"/>乙句。</source><seg-source><mrk
        mtype="seg" mid="1">甲句。</mrk><x id="9"/><g id="4"><mrk mtype="seg" mid="2">乙句。</mrk>
        </g></seg-source><target><mrk mtype="seg" mid="1">First<mrk mtype="x-sdl-deleted"
        sdl:revid="r1"> old</mrk> one.</mrk><x id="9"/><g id="4"><mrk mtype="seg" mid="2"/></g>
        </target><sdl:seg-defs><sdl:seg id="1" conf="Translated"/><sdl:seg id="2" conf="Draft"/>
        </sdl:seg-defs></trans-unit><trans-unit id="s" translate="no"><source>x</source>
        </trans-unit><trans-unit id="c3"><source>丙句。</source><seg-source><mrk mtype="seg"
        mid="3">丙句。</mrk></seg-source></trans-unit></body></file></xliff>""",
        [("a1b2/1", "甲句。", "First one."), ("a1b2/2", "乙句。", ""), ("c3/3", "丙句。", "")],
    ),
    (
        "memoq.mqxliff",  # English source, Chinese target: swapped so that src is Chinese
        f"""<xliff {X12}><file source-language="en-US" target-language="zh-TW" datatype="x-mq"
        original="a"><body><trans-unit id="7"><source>The <bpt id="1">{{b}}</bpt>bot
        <ept id="1">{{/b}}</ept> flag.</source><target>機器人<ph id="2">{{1}}</ph>旗標。</target>
        </trans-unit></body></file></xliff>""",
        [("7", "機器人{2}旗標。", "The {1}bot {/1} flag.")],
    ),
    (
        "two.xlf",  # XLIFF 2.0: segment ids or none, ignorable, codes, an extension's <unit>
        f"""<xliff {X20} srcLang="zh-Hans" trgLang="en"><file id="f"><unit id="u1"><segment
        id="s1"><source>请<pc id="1">登录</pc>。</source><target>Please <pc id="1">log in</pc>.
        </target></segment><ignorable><source> </source></ignorable><segment id="s2"><source>
        共<ph id="2" disp="{{0}}"/>条。</source><target><sc id="3"/>{{0}} items<ec startRef="3"/>
        </target></segment></unit><unit id="u2"><segment><source>谢谢。</source></segment></unit>
        <o:unit xmlns:o="urn:other" id="x"><segment><source>扩展。</source></segment></o:unit>
        <unit id="u3"><segment><source>甲。</source><target>A.</target></segment><segment>
        <source>乙。</source><target>B.</target></segment></unit></file></xliff>""",
        [
            ("u1/s1", "请{1}登录{/1}。", "Please {1}log in{/1}."),
            ("u1/s2", "共{0}条。", "{3}{0} items{/3}"),
            ("u2", "谢谢。", ""),
            ("u3/1", "甲。", "A."),
            ("u3/2", "乙。", "B."),
        ],
    ),
    (
        "tool.tmx",  # TMX from another tool: tuid or position, a third language, codes
        """<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx
        version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence"
        o-tmf="x" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body><tu tuid="42">
        <tuv xml:lang="zh-CN"><seg>编辑<bpt i="1">&lt;b&gt;</bpt>马拉松<ept i="1">&lt;/b&gt;
        </ept></seg></tuv><tuv xml:lang="zh-TW"><seg>編輯馬拉松</seg></tuv><tuv
        xml:lang="en-GB"><seg>edit-<hi type="b">a</hi>-thon<ph x="1">&lt;br&gt;</ph></seg></tuv>
        </tu><tu><tuv xml:lang="ZH-cn"><seg>未译。</seg></tuv></tu></body></tmx>""",
        [("42", "编辑{1}马拉松{/1}", "edit-a-thon{1}"), ("2", "未译。", "")],
    ),
    (
        "variant.tmx",  # the header says zh, the tuvs zh-CN; the XML is namespaced
        """<tmx xmlns="urn:x" version="1.4"><header srclang="zh"/><body><tu><tuv
        xml:lang="en-US"><seg>Sock puppet.</seg></tuv><tuv xml:lang="zh-CN"><seg>傀儡。</seg>
        </tuv></tu></body></tmx>""",
        [("1", "傀儡。", "Sock puppet.")],
    ),
    (
        "all.tmx",  # srclang *all*, English first: languages from the tuvs, swapped
        """<tmx version="1.4"><header srclang="*all*" adminlang="en" segtype="sentence"
        o-tmf="x" datatype="plaintext" creationtool="X" creationtoolversion="1"/><body><tu>
        <tuv lang="en"><seg>Hello.</seg></tuv><tuv lang="zh"><seg>你好。</seg></tuv></tu>
        </body></tmx>""",
        [("1", "你好。", "Hello.")],
    ),
    (
        "app.po",  # PO: English msgid, Chinese msgstr; context, plurals, fuzzy, obsolete
        r"""# Chinese translation
msgid ""
msgstr ""
"Language: zh_CN\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: src/menu.c:12
msgctxt "menu|file"
msgid "Open file"
msgstr "打开文件"

#, fuzzy, c-format
#| msgid "%d page deleted"
msgid "%d page was "
"deleted"
msgid_plural "%d pages were deleted"
msgstr[0] "已删除 %d 个页面"

msgid "Not yet"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "过时"
""",
        [
            ("menu|file", "打开文件", "Open file"),
            ("line 15[0]", "已删除 %d 个页面", "%d page was deleted"),
            ("line 15[1]", "已删除 %d 个页面", "%d pages were deleted"),
            ("line 20", "", "Not yet"),
        ],
    ),
    (
        "zh-en.po",  # PO with Chinese msgid and no Language header: languages told from text
        'msgid "全域封禁"\nmsgstr "global ban"\n\nmsgid "用户"\nmsgstr ""\n',
        [("line 1", "全域封禁", "global ban"), ("line 4", "用户", "")],
    ),
]


TEXT = {name: text for name, text, _ in CASES}


@pytest.mark.parametrize(("name", "text", "rows"), CASES, ids=[c[0] for c in CASES])
def test_hand_checked_segments(tmp_path: Path, name: str, text: str, rows: list[Row]) -> None:
    a = _read(tmp_path, name, text)
    assert _rows(a) == rows
    assert (a.src_lang, a.tgt_lang, a.mode) == ("zh", "en", "monotonic")
    assert untranslated(a) == {k for k, (_, zh, en) in enumerate(rows) if not (zh and en)}


def test_inline_codes_are_readable_markers_and_findings_spans_count_them(
    tmp_path: Path,
) -> None:
    """Issue 26: <x/> and <ph/> read as U+FFFC, a box in the findings CSV. Markers are text:
    the spans of findings point at the term in the text that holds them."""
    from glossary.checks import check_alignment
    from glossary.io import format_findings
    from glossary.model import Entry, Glossary

    aligned = _read(tmp_path, "job.sdlxliff", f"""<xliff {SDL}><file original="a.docx"
        source-language="zh-CN" target-language="en-US" datatype="x-sdlxliff"><body>
        <trans-unit id="1/1"><source>基金会<x id="7"/>实施<g id="8">全域封禁</g>。</source>
        <target>The Foundation<x id="7"/> imposed a <g id="8">global lock</g><ph id="9"
        equiv-text="[br]"/>.</target></trans-unit></body></file></xliff>""")  # fmt: skip
    assert _rows(aligned) == [
        ("1/1", "基金会{7}实施{8}全域封禁{/8}。",
         "The Foundation{7} imposed a {8}global lock{/8}[br]."),
    ]  # fmt: skip
    glossary = Glossary((Entry(("全域封禁",), "global ban", forbidden=("global lock",)),))
    [finding] = check_alignment(aligned, glossary)
    assert finding.span is not None and finding.unit == "1/1"
    assert finding.target_text[slice(*finding.span)] == "global lock"
    csv_text = format_findings([finding], "csv")
    assert "\ufffc" not in csv_text and "{8}global lock{/8}" in csv_text


def test_beads_hold_one_sentence_a_side_and_empty_sides_hold_none(tmp_path: Path) -> None:
    a = _read(tmp_path, "trados.sdlxliff", TEXT["trados.sdlxliff"])
    assert a.src == ("甲句。", "乙句。", "丙句。") and a.tgt == ("First one.",)
    assert a.beads == (Bead((0,), (0,)), Bead((1,), ()), Bead((2,), ()))
    # The swapped PO: an untranslated entry has no Chinese sentence.
    po = _read(tmp_path, "app.po", TEXT["app.po"])
    assert po.beads[3] == Bead((), (3,)) and untranslated(po) == {3}


def test_untranslated_is_empty_for_an_aligned_text() -> None:
    aligned = Alignment(src=("甲。",), tgt=(), beads=(Bead((0,), ()),))
    assert untranslated(aligned) == frozenset()


# --------------------------------------------------------------- files written by other tools


def test_translate_toolkit_xliff_tmx_and_po(tmp_path: Path) -> None:
    from translate.storage import pypo, tmx, xliff, xliff2

    x1: Any = xliff.xlifffile(sourcelanguage="zh-CN", targetlanguage="en-US")
    unit = x1.addsourceunit("维基<&>百科。")
    unit.target, _ = "Wiki<&>pedia.", unit.setid("w")
    x1.addsourceunit("未译。").setid("u")
    x2 = xliff2.Xliff2File(sourcelanguage="en-US", targetlanguage="zh-Hant")
    unit = x2.addsourceunit("Bot flag.")
    unit.target, _ = "機器人旗標。", unit.setid("b")
    memory = tmx.tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    memory.addtranslation("管理员。", "zh-CN", "Administrator.", "en")
    po = pypo.pofile()
    po.updateheader(add=True, Language="zh_TW")
    po.addsourceunit("Edit").target = "編輯"
    plural = pypo.pounit(["%d user", "%d users"])
    plural.target = ["%d 位使用者"]
    po.addunit(plural)

    files = {"a.xlf": x1, "b.xliff": x2, "c.tmx": memory, "d.po": po}
    for name, store in files.items():
        (tmp_path / name).write_bytes(bytes(store))
    read = {name: _rows(read_bilingual(tmp_path / name)) for name in files}
    assert read == {
        "a.xlf": [("w", "维基<&>百科。", "Wiki<&>pedia."), ("u", "未译。", "")],
        "b.xliff": [("b", "機器人旗標。", "Bot flag.")],
        "c.tmx": [("1", "管理员。", "Administrator.")],
        "d.po": [
            ("line 15", "編輯", "Edit"),
            ("line 18[0]", "%d 位使用者", "%d user"),
            ("line 18[1]", "%d 位使用者", "%d users"),
        ],
    }


# ------------------------------------------------------------------------------ our own TMX


def test_our_tmx_reads_back_with_sentence_ids_and_scores(tmp_path: Path) -> None:
    ours = Alignment(
        src=("他来了。", "她走了。", "多余。", "最后。"),
        tgt=("He came.", "She left.", "The end."),
        beads=(
            Bead((0, 1), (0, 1), 0.9123),
            Bead((2,), (), 0.4),  # one-sided: to_tmx leaves it out
            Bead((3,), (2,), float("nan")),
        ),
    )
    a = _read(tmp_path, "ours.tmx", to_tmx(ours))
    assert a.beads[0] == Bead((0, 1), (0, 1), 0.912)
    assert a.beads[1].src == (3,) and a.beads[1].tgt == (2,)
    assert a.src == ("他来了。", "她走了。", "", "最后。") and a.tgt == ours.tgt
    assert a.units == ("1", "2") and untranslated(a) == frozenset()


# ----------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("fr.xlf", f'<xliff {X12}><file source-language="fr" target-language="en"><body>'
         '<trans-unit id="1"><source>Bonjour</source></trans-unit></body></file></xliff>',
         "language 'fr'"),
        ("same.tmx", '<tmx version="1.4"><header srclang="zh-CN"/><body><tu><tuv xml:lang='
         '"zh-CN"><seg>甲</seg></tuv><tuv xml:lang="zh-TW"><seg>甲</seg></tuv></tu></body></tmx>',
         "are variants of one"),
        ("doc.xlf", "<html><body>x</body></html>", "not XLIFF or TMX"),
        ("broken.tmx", "<tmx><body><tu></body></tmx>", "broken.tmx:1: not well-formed XML"),
        ("v3.xlf", '<xliff version="3.0"/>', "XLIFF version '3.0'"),
        ("noid.xlf", f"<xliff {X12}><file><body><trans-unit><source>甲</source></trans-unit>"
         "</body></file></xliff>", "noid.xlf:1: <trans-unit> without an id"),
        ("bad.po", 'msgid "open\nmsgstr ""\n', "not a PO file"),
        ("empty.po", "\n\n", "file is empty"),
    ],
)  # fmt: skip
def test_bad_files_get_one_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        _read(tmp_path, name, text)
    assert "\n" not in str(caught.value) and name in str(caught.value)


def test_same_language_sides_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"are both Chinese \(zh-CN → zh-TW\)"):
        _read(
            tmp_path,
            "same.xlf",
            f'<xliff {X12}><file source-language="zh-CN" target-language="zh-TW"><body>'
            '<trans-unit id="1"><source>甲</source></trans-unit></body></file></xliff>',
        )
    with pytest.raises(InputError, match=r"both English \(told from the text → en\)"):
        _read(tmp_path, "en.po", 'msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    with pytest.raises(InputError, match="no such file"):
        read_bilingual(tmp_path / "missing.xlf")


# ----------------------------------------------------------------------------- hostile XML

BODY_XLF = f"""<xliff {X12}><file source-language="zh-CN" target-language="en"><body>
<trans-unit id="1"><source>甲</source><target>&x;</target></trans-unit></body></file></xliff>"""
BODY_TMX = """<tmx version="1.4"><header srclang="zh-CN"/><body><tu><tuv xml:lang="zh-CN"><seg>甲
</seg></tuv><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>"""
LAUGHS = '<!ENTITY l0 "lol">' + "".join(
    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
)


@pytest.fixture
def listener(monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A real local server a fetched DTD or entity would connect to; and Python-level
    connections fail outright."""
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)

    def refuse(*args: object) -> None:
        raise AssertionError("network connection attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield server
    server.close()


def _hostile(secret: Path, port: int) -> list[tuple[str, str, str]]:
    """(name, DOCTYPE, the start of the expected error or "" for a safe read)."""
    url = f"http://127.0.0.1:{port}/x.dtd"
    return [
        ("file", f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>', "the DOCTYPE declares"),
        ("passwd", '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "the DOCTYPE"),
        ("laughs", f"<!DOCTYPE r [{LAUGHS}<!ENTITY x '&l9;'>]>", "not well-formed XML"),
        ("url-entity", f'<!DOCTYPE r [<!ENTITY x SYSTEM "{url}">]>', "the DOCTYPE declares"),
        ("url-param", f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{url}"> %p;]>', "the DOCTYPE"),
        ("url-dtd", f'<!DOCTYPE r SYSTEM "{url}">', "uses the undeclared entity &x;"),
    ]


@pytest.mark.parametrize("body", [BODY_XLF, BODY_TMX], ids=["xliff", "tmx"])
def test_entities_and_remote_dtds_are_neither_resolved_nor_fetched(
    tmp_path: Path, listener: socket.socket, body: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    for name, doctype, error in _hostile(secret, listener.getsockname()[1]):
        with pytest.raises(InputError) as caught:
            _read(tmp_path, f"{name}.xlf", f'<?xml version="1.0"?>{doctype}{body}')
        message = str(caught.value)
        assert error in message
        assert "\n" not in message and "TOP-SECRET" not in message and "root:" not in message
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected


def test_a_remote_dtd_without_entities_reads_safely(
    tmp_path: Path, listener: socket.socket
) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/tmx14.dtd"
    a = _read(tmp_path, "dtd.tmx", f'<!DOCTYPE tmx SYSTEM "{url}">{BODY_TMX.replace("&x;", "A")}')
    assert _rows(a) == [("1", "甲", "A")]
    with pytest.raises(BlockingIOError):
        listener.accept()


# ------------------------------------------------------------------------------- invariants

_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")),
    min_size=1,
    max_size=30,
).map(lambda s: " ".join(s.split()))


@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=5))
def test_any_text_survives_a_translate_toolkit_tmx(pairs: list[tuple[str, str]]) -> None:
    """Text through translate-toolkit's TMX writer and our reader, language codes fixed
    (so that the text cannot flip the orientation): each segment a bead, in order."""
    from translate.storage import tmx

    pairs = [(zh, en) for zh, en in pairs if zh]  # a segment without source is no bead
    assume(pairs)
    memory = tmx.tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    for zh, en in pairs:
        memory.addtranslation(zh, "zh-CN", en, "en")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.tmx"
        path.write_bytes(bytes(memory))
        a = read_bilingual(path)
    assert [r[1:] for r in _rows(a)] == pairs
    assert a.units == tuple(str(n) for n in range(1, len(pairs) + 1))


def test_utf16_tmx_as_trados_exports_it(tmp_path: Path) -> None:
    text = TEXT["all.tmx"].replace("<tmx", '<?xml version="1.0" encoding="UTF-16"?><tmx', 1)
    path = tmp_path / "trados.tmx"
    path.write_bytes(text.encode("utf-16"))
    assert _rows(read_bilingual(path)) == [("1", "你好。", "Hello.")]
