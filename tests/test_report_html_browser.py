"""The review page in a real browser: Debian's headless Chromium driven by Playwright (how it
is found and launched: tests/chromium.py)."""

from __future__ import annotations

import math
import struct
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import docimages
import pytest
from chromium import NEEDS_CHROMIUM
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect
from test_review_browser import SEEDS, Letter
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.cli import app
from align.formats import to_jsonl
from align.pipeline import review
from align.report.html import render_report
from align.report.screenshot import screenshot
from glossary.checks import Finding, Review, find_terms
from glossary.io import read_glossary
from glossary.matching import TermMatcher
from glossary.model import Entry, Glossary

pytestmark = NEEDS_CHROMIUM

N = 450  # three pages of 200
NEEDLE = 420  # on the third page
XSS_BEAD = 5
GLOSSARY = Glossary((Entry(("管理员",), "administrator", forbidden=("sysop",)),))


def _review(alignment: Alignment, findings: Sequence[Finding]) -> Review:
    """The glossary's terms in every bead, with these findings."""
    terms = find_terms(alignment, TermMatcher(GLOSSARY))
    return Review(GLOSSARY, tuple(findings), tuple(terms))


def score(i: int) -> float:
    return math.nan if i == 7 else (0.2 if i % 10 == 3 else 0.9)


def make_alignment() -> Alignment:
    src = [f"第{i}句，管理员说明了情况。" for i in range(N)]
    tgt = [f"Sentence {i}: the administrator explained." for i in range(N)]
    src[XSS_BEAD] = "管理员说<script>window.pwned = 1; alert(1)</script>。"
    tgt[XSS_BEAD] = 'The sysop said <img src=x onerror="window.pwned = 2; alert(2)">.'
    tgt[NEEDLE] = "A needle in the haystack of the Wikimedia letter."
    beads = tuple(Bead((i,), (i,), score(i)) for i in range(N))
    return Alignment(tuple(src), tuple(tgt), beads)


FINDING_BEADS = (XSS_BEAD, 11, 312)
LOW = {i for i in range(N) if math.isnan(score(i)) or score(i) < 0.5}
FLAGGED = sorted(LOW | set(FINDING_BEADS))


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    alignment = make_alignment()
    findings = [
        Finding(b, "forbidden", "管理员", "administrator", "sysop", "", "", None)
        for b in FINDING_BEADS
    ]
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(alignment, _review(alignment, findings)), encoding="utf-8")
    return path


class Loaded:
    """A page with the report loaded, and everything it logged."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shown(self) -> list[int]:
        ids = self.page.eval_on_selector_all("article.bead", "els => els.map(e => e.dataset.i)")
        return [int(i) for i in ids]

    def wait_for_beads(self, n: int) -> None:
        """Wait until n beads are shown (the search is debounced on large documents)."""
        expect(self.page.locator("article.bead")).to_have_count(n)

    def count(self) -> str:
        return self.page.inner_text("#count")


@pytest.fixture
def loaded(browser: Browser, report_file: Path) -> Iterator[Loaded]:
    page = Loaded(browser, report_file)
    yield page
    assert page.errors == []
    assert page.dialogs == []
    page.page.close()


def test_loads_paginated_without_errors(loaded: Loaded) -> None:
    assert loaded.shown() == list(range(200))
    assert loaded.count() == f"1–200 of {N} beads"
    assert loaded.page.locator("mark.k-s").count() > 100
    loaded.page.click("#next")
    assert loaded.shown() == list(range(200, 400))


def test_filters_hide_unflagged_beads(loaded: Loaded) -> None:
    loaded.page.click("button[data-filter=low]")
    assert loaded.shown() == sorted(LOW)
    assert loaded.page.locator("article.bead:not(.low)").count() == 0
    loaded.page.click("button[data-filter=findings]")
    assert loaded.shown() == list(FINDING_BEADS)
    loaded.page.click("button[data-filter=flagged]")
    assert loaded.shown() == FLAGGED
    loaded.page.click("button[data-filter=all]")
    assert len(loaded.shown()) == 200


def test_search_finds_a_sentence_on_a_later_page(loaded: Loaded) -> None:
    loaded.page.fill("#search", "NEEDLE in the")
    loaded.wait_for_beads(1)
    assert loaded.shown() == [NEEDLE]
    assert "needle in the haystack" in loaded.page.inner_text(f"#bead-{NEEDLE} .tgt")
    assert loaded.page.evaluate("CSS.highlights.get('search').size") == 1
    loaded.page.fill("#search", "第312句")
    loaded.wait_for_beads(1)
    assert loaded.shown() == [312]
    loaded.page.fill("#search", "no such sentence")
    loaded.page.wait_for_selector("#beads p.empty")


def test_j_and_k_step_through_flagged_beads_across_pages(loaded: Loaded) -> None:
    current = "document.querySelector('article.current')?.dataset.i"
    for expected in FLAGGED[:3]:
        loaded.page.keyboard.press("j")
        assert loaded.page.evaluate(current) == str(expected)
    loaded.page.keyboard.press("k")
    assert loaded.page.evaluate(current) == str(FLAGGED[1])
    for _ in range(len(FLAGGED) - 2):
        loaded.page.keyboard.press("j")
    assert loaded.page.evaluate(current) == str(FLAGGED[-1])  # bead 443, third page
    assert loaded.page.inner_text("#page") == "page 3 / 3"


def test_findings_panel_link_reveals_a_filtered_out_bead(loaded: Loaded) -> None:
    loaded.page.fill("#search", "NEEDLE")
    loaded.wait_for_beads(1)
    loaded.page.click("#findings a[href='#bead-312']")
    assert loaded.page.locator("#bead-312.current").is_visible()
    assert loaded.page.input_value("#search") == ""


def test_document_markup_shows_as_text_and_never_runs(loaded: Loaded) -> None:
    bead = loaded.page.locator(f"#bead-{XSS_BEAD}")
    assert "<script>window.pwned = 1; alert(1)</script>" in bead.locator(".src").inner_text()
    assert '<img src=x onerror="window.pwned = 2; alert(2)">' in bead.locator(".tgt").inner_text()
    assert loaded.page.locator("#beads script, #beads img").count() == 0
    assert loaded.page.evaluate("window.pwned") is None
    assert bead.locator("mark.k-f").inner_text() == "sysop"
    assert bead.locator("mark.k-f").get_attribute("title") == (
        "forbidden rendering: 管理员 → administrator"
    )


def test_30k_beads_load_and_search_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    n = 30_000
    zh = "维基媒体基金会的管理员宣布了全域封禁的决定，并说明了理由。"
    en = "The Wikimedia Foundation's administrator announced the global ban and its reasons."
    beads = tuple(Bead((i,), (i,), (i % 100) / 100) for i in range(n))
    alignment = Alignment(
        tuple(f"{i}：{zh}" for i in range(n)), tuple(f"{en} ({i})" for i in range(n)), beads
    )
    path = tmp_path / "big.html"
    path.write_text(render_report(alignment), encoding="utf-8")  # terms: tested above
    started = time.perf_counter()
    loaded = Loaded(browser, path)
    assert time.perf_counter() - started < 15
    assert len(loaded.shown()) == 200
    loaded.page.fill("#search", f"reasons. ({n - 1})")
    loaded.wait_for_beads(1)
    assert loaded.shown() == [n - 1]
    loaded.page.fill("#search", "")
    loaded.page.click("button[data-filter=low]")
    assert loaded.count() == f"1–200 of {n // 2:,} beads (of {n:,})"
    assert loaded.errors == []
    loaded.page.close()


def test_screenshot_writes_a_png_of_the_window_size(report_file: Path, tmp_path: Path) -> None:
    png = tmp_path / "shot.png"
    screenshot(report_file, png, size=(1000, 700))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1000, 700)


def test_the_docs_picture_of_the_seeds_letter(browser: Browser, tmp_path: Path) -> None:
    """docs/images/review-page.png: the seeds letter with three beads broken and two forbidden
    renderings put in (test_review_browser.Letter), checked against the seeds glossary; the
    first screen shows the summary, the findings and flagged beads."""
    letter = Letter()
    alignment = Alignment(letter.src, letter.tgt, letter.beads)
    page = tmp_path / "letter.html"
    documents = [("source", "letter.zh.txt"), ("target", "letter.en.txt")]
    html = render_report(
        alignment, review(alignment, read_glossary(SEEDS / "glossary.csv")), documents=documents
    )
    page.write_text(html, encoding="utf-8")
    loaded = Loaded(browser, page)
    loaded.page.set_viewport_size({"width": 1280, "height": 1200})
    findings = loaded.page.locator("#findings tbody tr")
    expect(findings).to_have_count(2)
    expect(findings.first).to_contain_text("Wikipedia Foundation")
    assert loaded.errors == []
    docimages.save("review-page.png", loaded.page.screenshot())
    loaded.page.close()


def test_cli_screenshot_without_output_file(tmp_path: Path) -> None:
    aligned = tmp_path / "a.jsonl"
    aligned.write_text(to_jsonl(make_alignment()), encoding="utf-8")
    png = tmp_path / "shots" / "page.png"
    result = CliRunner().invoke(app, ["report", str(aligned), "--screenshot", str(png)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_runs_of_one_sided_beads_are_folded_and_open_when_revealed(
    browser: Browser, tmp_path: Path
) -> None:
    # Chinese 0-4 aligned, English 5-9 with no counterpart, a 1-1 bead, then two one-sided.
    beads = (
        *(Bead((i,), (i,)) for i in range(5)),
        *(Bead((), (j,), 0.9) for j in range(5, 10)),
        Bead((5,), (10,)),
        Bead((6,), (), 0.9),
        Bead((), (11,), 0.9),
    )
    alignment = Alignment(
        tuple(f"第{i}句。" for i in range(7)), tuple(f"Line {j}." for j in range(12)), beads
    )
    path = tmp_path / "excerpt.html"
    path.write_text(render_report(alignment), encoding="utf-8")
    loaded = Loaded(browser, path)
    folds = loaded.page.locator("details.fold > summary")
    assert folds.all_inner_texts() == [
        "English sentences 6–10: no Chinese counterpart (5 sentences, numbered from 1)"
    ]  # the run of two stays open
    assert not loaded.page.locator("#bead-7").is_visible()
    loaded.page.goto(path.as_uri() + "#bead-7")
    loaded.page.wait_for_selector("body[data-ready=true]")
    assert loaded.page.locator("#bead-7").is_visible()
    assert loaded.errors == []
