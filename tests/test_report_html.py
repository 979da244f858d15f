"""align.report: the structure, data and escaping of the HTML review page."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import time
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.formats import to_jsonl
from align.report.html import finding_message, render_report, segments
from glossary.checks import Finding, Review, check_alignment, find_terms
from glossary.matching import TermHit, TermMatcher
from glossary.model import Entry, Glossary

XSS = "<script>alert(1)</script>"
VOID = {"meta", "link", "input", "br", "hr", "img", "source", "wbr", "col", "area", "base", "embed"}
SVG_EMPTY = {"line", "rect", "path", "circle"}

GLOSSARY = Glossary(
    (
        Entry(("维基媒体基金会",), "Wikimedia Foundation"),
        Entry(("管理员",), "administrator", variants=("admin",)),
        Entry(("全域封禁",), "global ban", forbidden=("global lock",)),
    )
)
SRC = (
    "维基媒体基金会封禁了七名用户。",
    f"管理员说{XSS}。",
    "这是第三句。",
    "全域封禁已经生效。",
    "没有译文的句子。",
)
TGT = (
    "The Wikimedia Foundation banned seven users.",
    f"The admin said {XSS}.",
    "This is the third sentence.",
    "A global lock is in effect.",
    "A sentence with no source \u2028 and <img src=x onerror=alert(2)>.",
)
BEADS = (
    Bead((0,), (0,), 0.93),
    Bead((1,), (1,), 0.71),
    Bead((2, 3), (2, 3), 0.38),
    Bead((4,), (), 0.1),
    Bead((), (4,), math.nan),
)


def _review(alignment: Alignment, findings: Sequence[Finding]) -> Review:
    """The glossary's terms in every bead, with these findings."""
    terms = find_terms(alignment, TermMatcher(GLOSSARY))
    return Review(GLOSSARY, tuple(findings), tuple(terms))


def finding(bead: int | None, check: Any = "missing") -> Finding:
    return Finding(bead, check, "管理员", "administrator", "admin", "", "The admin said.", None)


class Page(HTMLParser):
    """Elements, ids, links, text and well-formedness problems of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.doctype = ""
        self.feed(text)
        self.close()
        if self.stack:
            self.problems.append(f"unclosed: {self.stack}")

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID | SVG_EMPTY:
            self.problems.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts.append((self.tags[-1][1], data))
        elif self.stack and self.stack[-1] == "style":
            self.styles.append(data)
        else:
            self.text.append(data)

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def data(self) -> dict[str, Any]:
        (blob,) = [body for attrs, body in self.scripts if attrs.get("type") == "application/json"]
        return json.loads(blob)


def plain(text: str | list[Any]) -> str:
    if isinstance(text, str):
        return text
    return "".join(p if isinstance(p, str) else p[0] for p in text)


@pytest.fixture(scope="module")
def alignment() -> Alignment:
    return Alignment(SRC, TGT, BEADS)


@pytest.fixture(scope="module")
def findings(alignment: Alignment) -> list[Finding]:
    return [*check_alignment(alignment, GLOSSARY), finding(None, "inconsistent")]


@pytest.fixture(scope="module")
def html(alignment: Alignment, findings: list[Finding]) -> str:
    return render_report(
        alignment,
        _review(alignment, findings),
        title=f"Review {XSS}",
        documents=[("source", "a<b>.zh.txt")],
    )


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return Page(html)


def test_valid_html5_skeleton(html: str, page: Page) -> None:
    assert html.startswith("<!DOCTYPE html>\n")
    assert page.doctype.lower() == "doctype html"
    assert page.problems == []
    assert page.all("html")[0]["lang"] == "en"
    assert page.all("meta", charset="utf-8")
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))
    assert page.all("main", id="beads")


def test_self_contained_and_csp_allows_only_the_inline_code(html: str, page: Page) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)
    assert "@import" not in html and "url(" not in html
    assert not page.all("link") and all("src" not in a for _, a in page.tags)
    (csp,) = [a["content"] for a in page.all("meta", **{"http-equiv": "Content-Security-Policy"})]
    assert csp is not None and "default-src 'none'" in csp
    code = [body for attrs, body in page.scripts if "type" not in attrs]
    assert len(code) == 1
    for source in (*code, *page.styles):
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp


def test_every_bead_is_in_the_data_in_order(alignment: Alignment, page: Page) -> None:
    data = page.data()
    assert len(data["beads"]) == len(alignment.beads)
    for record, bead in zip(data["beads"], alignment.beads, strict=True):
        assert (tuple(record[0]), tuple(record[1])) == (bead.src, bead.tgt)
        assert plain(record[3]) == alignment.src_text(bead)
        assert plain(record[4]) == alignment.tgt_text(bead)
    assert [r[2] for r in data["beads"]] == [0.93, 0.71, 0.38, 0.1, None]
    assert data["low"] == 0.5 and data["langs"] == ["zh", "en"]


def test_terms_are_highlighted_on_both_sides(page: Page) -> None:
    beads = page.data()["beads"]
    assert ["维基媒体基金会", "s", 0] in beads[0][3]
    assert ["Wikimedia Foundation", "t", 0] in beads[0][4]
    assert ["admin", "v", 1] in beads[1][4]
    assert ["global lock", "f", 2] in beads[2][4]
    assert isinstance(beads[3][3], str)  # no term: a plain string
    assert page.data()["terms"][2] == "全域封禁 → global ban"
    legend = [a.get("class") for a in page.all("mark")]
    assert legend == ["k-s", "k-t", "k-v", "k-f"]


def test_document_text_is_escaped_everywhere(html: str, page: Page) -> None:
    assert XSS not in html and "<img src=x" not in html
    assert "\u2028" not in html and "\\u2028" in html
    data_blob = html.split('id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_blob
    assert XSS in page.data()["beads"][1][4][-1]
    assert f"Review {XSS}" in "".join(page.text)  # the title, as text
    assert "a<b>.zh.txt" in "".join(page.text)


def test_findings_panel_links_to_beads(findings: list[Finding], page: Page) -> None:
    on_beads = [f for f in findings if f.bead is not None]
    assert {f.check for f in on_beads} >= {"forbidden"}
    links = [
        a["href"]
        for a in page.all("a")
        if (a.get("href") or "").startswith("#bead-") and a.get("class") != "stretch-start"
    ]
    assert links == [f"#bead-{f.bead}" for f in on_beads]
    rows = page.all("tr")
    assert len(rows) == len(findings) + 1  # the header
    data = page.data()
    for k, f in enumerate(findings):
        assert data["findings"][k] == [f.bead, f.check, finding_message(f)]
        if f.bead is not None:
            assert k in data["beads"][f.bead][5]


def test_summary_counts_and_charts(page: Page) -> None:
    text = " ".join(" ".join(page.text).split())
    assert "5 source sentences (zh)" in text and "5 beads" in text
    assert "3 low confidence (< 0.5)" in text  # 0.38, 0.1 and a missing score
    assert "inconsistent 1" in text
    bars = [t for t in page.text if re.fullmatch(r"\d\.\d–\d\.\d: \d+", t)]
    assert sum(int(t.split(": ")[1]) for t in bars) == 4  # NaN is not in the histogram
    assert "0.9–1.0: 1" in bars
    kinds = dict(t.split(": ") for t in page.text if re.fullmatch(r"\d-\d: \d+", t))
    assert kinds == {"1-1": "2", "2-2": "1", "1-0": "1", "0-1": "1"}
    assert len(page.all("svg")) == 2


def test_paraphrase_lists_unlinked_sentences() -> None:
    links = (Bead((2,), (0,), 0.8), Bead((0,), (2,), 0.6))
    html = render_report(Alignment(SRC, TGT, links, mode="paraphrase"))
    page = Page(html)
    assert page.problems == []
    source = html.split('id="unlinked-source"', 1)[1].split("</details>", 1)[0]
    target = html.split('id="unlinked-target"', 1)[1].split("</details>", 1)[0]
    assert [int(i) for i in re.findall(r'class="sid">s(\d+)', source)] == [1, 3, 4]
    assert [int(i) for i in re.findall(r'class="sid">t(\d+)', target)] == [1, 3, 4]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "2 paraphrase links" in " ".join(" ".join(page.text).split())
    assert page.all("main", id="beads")[0]["data-unit"] == "link"


def test_segments_resolve_overlaps_leftmost_longest() -> None:
    hits = [
        TermHit(7, 10, 1, "ban", "target"),
        TermHit(0, 10, 0, "global ban", "target"),
        TermHit(11, 15, 2, "lock", "forbidden"),
        TermHit(11, 99, 3, "out of range", "target"),
    ]
    assert segments("global ban lock!", hits) == [
        ["global ban", "t", 0],
        " ",
        ["lock", "f", 2],
        "!",
    ]
    assert segments("no terms", []) == "no terms"


def test_segments_prefer_the_entry_of_the_source_then_allowed_renderings() -> None:
    lock = [
        TermHit(2, 13, 2, "global lock", "forbidden"),
        TermHit(2, 13, 5, "global lock", "target"),
    ]
    assert segments("A global lock.", lock)[1] == ["global lock", "t", 5]
    assert segments("A global lock.", lock, {2})[1] == ["global lock", "f", 2]


def test_finding_messages_name_the_term_and_renderings() -> None:
    for check in ("missing", "forbidden", "inconsistent", "count_mismatch", "deprecated"):
        message = finding_message(finding(3, check))
        assert "管理员" in message and "administrator" in message
        if check != "missing":
            assert "admin" in message.replace("administrator", "")


def test_no_findings_no_glossary_still_renders(alignment: Alignment) -> None:
    page = Page(render_report(alignment))
    assert page.problems == []
    assert not page.all("details", id="findings")
    assert page.data()["terms"] == [] and page.data()["findings"] == []
    assert not page.all("mark")


@pytest.mark.slow
def test_30k_beads_stay_small_and_fast() -> None:
    n = 30_000
    zh = "维基媒体基金会的管理员宣布了全域封禁的决定，并说明了理由。"
    src = tuple(f"第{i}句：{zh}" for i in range(n))
    tgt = tuple(
        f"Sentence {i}: the Wikimedia Foundation's administrator announced the global ban "
        "and explained the reasons behind the decision."
        for i in range(n)
    )
    beads = tuple(Bead((i,), (i,), (i % 100) / 100) for i in range(n))
    alignment = Alignment(src, tgt, beads)
    findings = [finding(i, "missing") for i in range(0, n, 7)]
    started = time.perf_counter()
    html = render_report(alignment, _review(alignment, findings))
    elapsed = time.perf_counter() - started
    size = len(html.encode())
    assert size < 30_000_000, size
    assert elapsed < 30, elapsed
    assert len(Page(html).data()["beads"]) == n


# --- the `glossalign report` command --------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    aligned = tmp_path / "letter.jsonl"
    aligned.write_text(to_jsonl(Alignment(SRC, TGT, BEADS)), encoding="utf-8")
    glossary = tmp_path / "glossary.csv"
    glossary.write_text(
        "source,target,variants,forbidden\n"
        "维基媒体基金会,Wikimedia Foundation,,\n管理员,administrator,admin,\n"
        "全域封禁,global ban,,global lock\n",
        encoding="utf-8",
    )
    return aligned, glossary


def test_cli_writes_the_page_with_glossary_findings(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    aligned, glossary = files
    out = tmp_path / "out" / "report.html"
    result = runner.invoke(app, ["report", str(aligned), "-g", str(glossary), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = Page(out.read_text(encoding="utf-8"))
    assert page.problems == []
    data = page.data()
    assert len(data["beads"]) == len(BEADS)
    assert ["global lock", "f", 2] in data["beads"][2][4]
    assert any(f[1] == "forbidden" and f[0] == 2 for f in data["findings"])
    assert page.all("a", href="#bead-2")
    assert "glossary.csv" in "".join(page.text)


def test_cli_without_output_prints_the_page(files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["report", str(files[0]), "--low-confidence", "0.8"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert Page(result.stdout).data()["low"] == 0.8


@pytest.mark.parametrize("bad", ["missing.jsonl", "empty.jsonl", "glossary"])
def test_cli_bad_input_is_one_line_and_no_file(
    bad: str, files: tuple[Path, Path], tmp_path: Path
) -> None:
    aligned = files[0]
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("nothing,useful\n", encoding="utf-8")
    args = ["report", str(tmp_path / bad) if bad != "glossary" else str(aligned)]
    if bad == "glossary":
        args += ["-g", str(tmp_path / "bad.csv")]
    out = tmp_path / "report.html"
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("glossalign: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output and not out.exists()


def test_unaligned_stretches_are_folded_in_the_header() -> None:
    excerpt = Alignment(
        src=("甲。", "乙。"),
        tgt=("A.", "B <i>.", "C.", "D."),
        beads=(Bead((0,), (0,)), Bead((), (1,), 0.9), Bead((), (2,), 0.8), Bead((1,), (3,))),
    )
    page = render_report(excerpt)
    folded = re.findall(r'<details class="unlinked stretch">(.*?)</details>', page)
    assert len(folded) == 1
    assert folded[0].startswith(
        "<summary>English sentences 2\u20133: no Chinese counterpart (2 sentences)</summary>"
        '<p>From <a class="stretch-start" href="#bead-1">bead #1</a>.</p>'
    )
    assert '<span class="sid">2</span> B &lt;i&gt;.</li>' in folded[0]
    assert "2 sentences in 1 stretch, numbered from 1" in page
    paired = Alignment(excerpt.src, excerpt.tgt[:2], (Bead((0,), (0,)), Bead((1,), (1,))))
    assert 'class="stretches"' not in render_report(paired)
