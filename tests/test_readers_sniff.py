"""``--from auto`` by content when the name does not tell, and a warning when a file read as
plain text holds markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_readers_api import docx_bytes

from align.readers import read_document, reader_for

PAGE = b'<!DOCTYPE html>\n<html lang="en"><head><title>Handler</title></head><body><p>Hi.</p>'
XHTML = (
    b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<!-- generated -->\n'
    b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/'
    b'xhtml11.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hi.</p></body></html>'
)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("handler.html.en", PAGE, "html"),
        ("handler.html.zh-cn.utf8", PAGE, "html"),
        ("handler.html.zh-cn.utf8", b"<p>a fragment</p>", "html"),  # the inner suffix
        ("page.xhtml", XHTML, "html"),
        ("page.en", XHTML, "html"),
        ("README", PAGE.upper(), "html"),
        ("README", "<html>中文</html>".encode("utf-16"), "html"),
        ("spec", docx_bytes(), "docx"),
        ("spec.zh", docx_bytes(), "docx"),
        ("intro.mdx", b"# Hi", "markdown"),
        ("intro.md.bak", b"# Hi", "markdown"),
        ("README", b"# Hi\n\nSee [x](y).", "text"),  # Markdown only by extension
        ("notes.txt", PAGE, "text"),  # a known extension wins
        ("a.md", PAGE, "markdown"),
    ],
)
def test_auto_reads_by_content_when_the_name_does_not_tell(
    name: str, data: bytes, expected: str
) -> None:
    assert reader_for(Path(name), "auto", data).name == expected


def test_sniffed_documents_are_read(tmp_path: Path) -> None:
    for name, data, text in (
        ("h.html.zh-cn.utf8", PAGE, "Hi."),
        ("x.en", XHTML, "Hi."),
        ("spec", docx_bytes(), "Hello."),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert [b.text for b in read_document(path).blocks if b.kind != "title"] == [text]


@pytest.mark.parametrize(
    ("name", "data", "warning"),
    [
        ("notes.txt", PAGE, "looks like HTML; pass --from html"),
        (
            "README",
            b"# Title\n\nSee [the guide](g.md).\n",
            "looks like Markdown; pass --from markdown",
        ),
        (
            "job.xlf",
            b'<?xml version="1.0"?>\n<xliff><file/></xliff>',
            "looks like XML; pass --from html",
        ),
    ],
)
def test_markup_read_as_text_gets_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, warning: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.format == "text"
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"glossalign: warning: {path}: read as plain text, but it ")
    assert warning in err


@pytest.mark.parametrize("name", ["letter.en.txt", "letter.zh.txt", "article.en.txt"])
def test_plain_text_gets_no_warning(capsys: pytest.CaptureFixture[str], name: str) -> None:
    read_document(Path(__file__).parents[1] / "seeds" / name)
    assert capsys.readouterr().err == ""


def test_text_asked_for_gets_no_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(PAGE)
    read_document(path, "text")
    assert capsys.readouterr().err == ""
