"""DOCX reader: documents built with python-docx (plus the raw WordprocessingML that
python-docx cannot write: tracked changes, text boxes, notes) and hostile XML."""

from __future__ import annotations

import socket
import threading
import zipfile
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.parts.document import DocumentPart

from align.errors import InputError
from align.readers import document_sentences, read_document
from align.readers.docx import READER
from align.segment import sentence_texts

REPO = Path(__file__).parents[1]
W = nsdecls("w")
SHAPES = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def blocks_of(document: docx.document.Document) -> list[tuple[str, str]]:
    buffer = BytesIO()
    document.save(buffer)
    doc = READER.read(buffer.getvalue(), Path("t.docx"), "utf-8")
    return [(b.kind, b.text) for b in doc.blocks]


def append_xml(document: docx.document.Document, xml: str) -> None:
    """Add a raw body element before the section properties (which must stay last)."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def add_notes(document: docx.document.Document, kind: str, notes: dict[int, str]) -> None:
    """A footnotes or endnotes part with Word's separator notes and ``notes`` (id -> text)."""
    xml = f'<w:{kind}s {W}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
    xml += f"</w:r></w:p></w:{kind}>"
    for note_id, text in notes.items():
        xml += (
            f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
        )
    xml += f"</w:{kind}s>"
    content_type, reltype = (
        (CT.WML_FOOTNOTES, RT.FOOTNOTES) if kind == "footnote" else (CT.WML_ENDNOTES, RT.ENDNOTES)
    )
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, reltype)


def headings_lists_paragraphs(d: docx.document.Document) -> None:
    d.add_heading("Title of the letter", 0)
    d.add_heading("一、背景", 1)
    d.add_paragraph("First paragraph. Two sentences.")
    d.add_paragraph("列表项一", style="List Bullet")
    d.add_paragraph("Numbered", style="List Number")
    d.add_paragraph("   ")  # blank: no block


def table(d: docx.document.Document) -> None:
    t = d.add_table(rows=2, cols=3)
    for cell, text in zip(t.rows[0].cells, ["名称", "Value", ""], strict=True):
        cell.text = text
    t.cell(1, 0).merge(t.cell(1, 2)).text = "merged across"
    t.cell(0, 2).add_table(rows=1, cols=1).cell(0, 0).text = "nested"
    d.add_paragraph("After the table.")


def tracked_changes(d: docx.document.Document) -> None:
    append_xml(
        d,
        f'<w:p {W}><w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
        '<w:ins w:id="1" w:author="A"><w:r><w:t>inserted</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText>deleted</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="3" w:author="A"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>'
        '<w:r><w:t xml:space="preserve"> text</w:t><w:tab/><w:t>tab.</w:t></w:r></w:p>',
    )
    append_xml(
        d,
        f'<w:p {W}><w:hyperlink><w:r><w:t>修订</w:t></w:r></w:hyperlink><w:ins w:id="4" '
        'w:author="A"><w:r><w:t>后的</w:t></w:r></w:ins><w:r><w:t>文字。</w:t></w:r></w:p>',
    )


def text_box(d: docx.document.Document) -> None:
    inner = "<w:txbxContent><w:p><w:r><w:t>In the box.</w:t></w:r></w:p></w:txbxContent>"
    append_xml(
        d,
        f"<w:p {W} {SHAPES}><w:r><w:t>Anchor.</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{inner}</wps:txbx></w:drawing>'
        f"</mc:Choice><mc:Fallback><w:pict><v:textbox>{inner}</v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>",
    )
    d.add_paragraph("Next.")


def notes(d: docx.document.Document) -> None:
    append_xml(
        d,
        f'<w:p {W}><w:r><w:t>Claim.</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r>'
        '<w:r><w:t xml:space="preserve"> 其次。</w:t></w:r><w:r><w:footnoteReference w:id="2"/>'
        '</w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>',
    )
    add_notes(d, "footnote", {2: "第二个注释。", 7: "First by reference order."})
    add_notes(d, "endnote", {1: "An endnote."})


CASES: list[tuple[Callable[[docx.document.Document], None], list[tuple[str, str]]]] = [
    (
        headings_lists_paragraphs,
        [
            ("heading", "Title of the letter"),
            ("heading", "一、背景"),
            ("paragraph", "First paragraph. Two sentences."),
            ("item", "列表项一"),
            ("item", "Numbered"),
        ],
    ),
    (
        table,
        [
            ("cell", "名称"),
            ("cell", "Value"),
            ("cell", "nested"),
            ("cell", "merged across"),
            ("paragraph", "After the table."),
        ],
    ),
    (tracked_changes, [("paragraph", "Kept inserted text\ttab."), ("paragraph", "修订后的文字。")]),
    (text_box, [("paragraph", "Anchor."), ("paragraph", "In the box."), ("paragraph", "Next.")]),
    (
        notes,
        [
            ("paragraph", "Claim.[1] 其次。[2][1]"),
            ("footnote", "[1]: First by reference order."),
            ("footnote", "[2]: 第二个注释。"),
            ("footnote", "[1]: An endnote."),
        ],
    ),
]


@pytest.mark.parametrize(("build", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_blocks(
    build: Callable[[docx.document.Document], None], expected: list[tuple[str, str]]
) -> None:
    document = docx.Document()
    build(document)
    assert blocks_of(document) == expected


def test_blocks_point_at_paragraphs() -> None:
    document = docx.Document()
    document.add_paragraph("a")
    document.add_paragraph("")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "cell"
    document.add_paragraph("b")
    buffer = BytesIO()
    document.save(buffer)
    doc = READER.read(buffer.getvalue(), Path("t.docx"), "utf-8")
    assert [(b.text, b.start, b.end) for b in doc.blocks] == [
        ("a", 0, 1),
        ("cell", 2, 3),
        ("b", 3, 4),
    ]


def write_letter_docx(text: str, path: Path) -> None:
    """A seed text as a Word file: the title as a Word title, every other paragraph (notes
    ``[n]: …`` included) as a body paragraph."""
    title, *paragraphs = text.strip().split("\n\n")
    document = docx.Document()
    document.add_heading(title, 0)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


@pytest.mark.parametrize("name", ["letter.en.txt", "letter.zh.txt"])
def test_seed_letter_as_docx_segments_as_the_text(tmp_path: Path, name: str) -> None:
    text = (REPO / "seeds" / name).read_text("utf-8")
    write_letter_docx(text, tmp_path / "letter.docx")
    doc = read_document(tmp_path / "letter.docx")
    assert doc.format == "docx"
    assert document_sentences(doc, "auto") == sentence_texts(text)


def with_document_xml(xml: str, content_type: str = "") -> bytes:
    """A real .docx whose word/document.xml is replaced by ``xml`` (and, if given, its
    content type by ``content_type``)."""
    buffer = BytesIO()
    docx.Document().save(buffer)
    out = BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = xml.encode() if item.filename == "word/document.xml" else src.read(item)
            if item.filename == "[Content_Types].xml" and content_type:
                data = data.replace(CT.WML_DOCUMENT_MAIN.encode(), content_type.encode())
            dst.writestr(item, data)
    return out.getvalue()


MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (with_document_xml(f"<w:document {W}><w:body>"), "damaged Word file ("),
        (with_document_xml(f"<w:document {W}/>", MACRO), f"content type {MACRO}); save it as"),
    ],
)
def test_damaged_or_macro_word_file_is_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A local TCP server that records every connection made to it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                seen.append(conn.recv(1024))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join()
    server.close()


def test_hostile_xml_neither_leaks_files_nor_expands_nor_fetches(
    tmp_path: Path, listener: tuple[int, list[bytes]]
) -> None:
    port, seen = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = "<w:body><w:p><w:r><w:t>Safe &ext; &lol9; &net;</w:t></w:r></w:p></w:body>"
    lols = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM "http://127.0.0.1:{port}/doc.dtd" ['
        f'<!ENTITY ext SYSTEM "file://{secret}">{lols}'
        f'<!ENTITY net SYSTEM "http://127.0.0.1:{port}/entity">]>'
        f"<w:document {W}>{body}</w:document>"
    )
    path = tmp_path / "hostile.docx"
    path.write_bytes(with_document_xml(xml))
    try:
        text = "\n".join(b.text for b in read_document(path).blocks)
    except InputError as exc:  # refusing is as good as reading safely
        text = str(exc)
        assert "\n" not in text
    assert "TOP-SECRET" not in text
    assert "lollol" not in text
    assert seen == []


def test_each_paragraph_style_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx scans every style at each lookup: once per style id keeps reading linear
    (a 50,000-paragraph document: 31 s before, 1.9 s after)."""
    document = docx.Document()
    for k in range(60):
        document.add_paragraph(f"p{k}", style=("List Number", "Heading 2", None)[k % 3])
    looked_up: list[object] = []
    original = DocumentPart.get_style

    def counting(self: object, style_id: str | None, style_type: object) -> object:
        looked_up.append(style_id)
        return original(self, style_id, style_type)  # type: ignore[arg-type]

    monkeypatch.setattr(DocumentPart, "get_style", counting)
    kinds = [kind for kind, _ in blocks_of(document)]
    assert kinds == ["item", "heading", "paragraph"] * 20
    assert sorted(looked_up, key=str) == ["Heading2", "ListNumber", None]
