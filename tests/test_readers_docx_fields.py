"""DOCX fields, tables of contents, automatic numbering, headers and footers: documents built
with python-docx plus the WordprocessingML Word writes for them."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml

from align.readers.docx import READER

W = nsdecls("w")
END = f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'


def begin(instruction: str) -> str:
    """A complex field's first runs: begin, instruction, separate (the result follows)."""
    return (
        f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r {W}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>'
    )


def field(instruction: str, result: str) -> str:
    return begin(instruction) + result + END


def run(text: str) -> str:
    return f'<w:r {W}><w:t xml:space="preserve">{text}</w:t></w:r>'


TAB = f"<w:r {W}><w:tab/></w:r>"


def paragraph(*runs: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p {W}>{props}{''.join(runs)}</w:p>"


def toc_entry(number: str, title: str, page: str, first: str = "") -> str:
    """A table-of-contents line as Word writes it: a hyperlink holding the number, a tab, the
    title, a tab and a PAGEREF field (``first``: the TOC field's beginning, on line one)."""
    link = run(number) + TAB + run(title) + TAB + field(r"PAGEREF _Toc1 \h", run(page))
    return paragraph(first, f'<w:hyperlink {W} w:anchor="_Toc1">{link}</w:hyperlink>', style="TOC1")


def build() -> bytes:
    d = docx.Document()
    d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH).element.set(qn("w:styleId"), "TOC1")
    sect = d.element.body[-1]

    def add(xml: str) -> None:
        sect.addprevious(parse_xml(xml))

    # Word's table of contents: a content control around a TOC field over several paragraphs
    toc = begin(r'TOC \o "1-3" \h \z \u')
    add(
        f'<w:sdt {W}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        f"</w:docPartObj></w:sdtPr><w:sdtContent>{paragraph(run('目录'), style='TOCHeading')}"
        f"{toc_entry('1', '引言', '1', toc)}{toc_entry('3.1.1', '政策', '2')}{paragraph(END)}"
        "</w:sdtContent></w:sdt>"
    )
    # one without its content control: the field and the TOC styles
    add(toc_entry("2", "Scope", "3", begin(r"TOC \o")))
    add(toc_entry("3", "Terms", "4"))
    add(paragraph(END))
    # headings with automatic numbering (numPr): the number is not text
    d.add_heading("Introduction", 1)
    policy = d.add_heading("Policy", 2)
    policy._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>')
    )
    # cross-references: a paragraph number is left out, a heading's text kept; a hyperlink
    # keeps its text; sequence and page numbers are left out
    add(
        paragraph(
            run("See section "),
            field(r"REF _Ref1 \r \h", run("3.1.1")),
            run(" (“"),
            field(r"REF _Ref1 \h", run("Policy")),
            run("”) and "),
            field('HYPERLINK "https://example.org"', run("the website")),
            run("."),
        )
    )
    add(paragraph(run("Table "), field(r"SEQ Table \* ARABIC", run("1")), run(": Results")))
    add(paragraph(run("Page "), f'<w:fldSimple {W} w:instr="PAGE">{run("7")}</w:fldSimple>'))
    # headers and footers: a text repeated by two headers is read once
    section = d.sections[0]
    section.header.paragraphs[0].text = "Internal use only"
    footer = section.footer.paragraphs[0]._p
    for xml in (run("Page "), field("PAGE", run("1")), run(" of "), field("NUMPAGES", run("9"))):
        for r in parse_xml(f"<w:p {W}>{xml}</w:p>"):
            footer.append(r)
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Internal use only"
    section.first_page_footer.paragraphs[0].text = "封面"
    buffer = BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def test_fields_tables_of_contents_numbering_headers_and_footers() -> None:
    doc = READER.read(build(), Path("spec.docx"), "utf-8")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Introduction"),
        ("heading", "Policy"),
        ("paragraph", "See section  (“Policy”) and the website."),
        ("paragraph", "Table : Results"),
        ("paragraph", "Page"),
        ("header", "Internal use only"),
        ("footer", "Page  of"),
        ("footer", "封面"),
    ]
