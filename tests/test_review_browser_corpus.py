"""A corpus in the editor, for real: ``glossalign batch`` on three pairs cut from the seeds
letter, ``glossalign review OUT/`` lists them worst first, one is opened in Chromium, edited,
confirmed and saved into its pairs/ files, and the next batch run keeps it as saved and
merges it into corpus.tmx with its confirmed beads. The corpus mode answers for no file
outside the output folder."""

from __future__ import annotations

from pathlib import Path

import docimages
import httpx
from chromium import NEEDS_CHROMIUM
from playwright.sync_api import Browser, expect
from test_review_browser import SEEDS, Editor

from align.batch.corpus import Cluster, run_batch
from align.batch.inputs import Layout
from align.batch.job import Settings
from align.review.app import TOKEN_HEADER
from align.review.corpus import Corpus, reviewed
from align.review.server import build_target

pytestmark = NEEDS_CHROMIUM
NAMES = ("a", "b", "c")


def corpus_of_three(folder: Path) -> Path:
    """Three pairs of the letter: its paragraphs 1-6, 7-12 and 13-18, each side."""
    folder.mkdir()
    for lang in ("zh", "en"):
        paragraphs = (SEEDS / f"letter.{lang}.txt").read_text(encoding="utf-8").split("\n\n")
        for k, name in enumerate(NAMES):
            text = "\n\n".join(paragraphs[6 * k : 6 * k + 6]) + "\n"
            (folder / f"{name}.{lang}.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_corpus_is_reviewed_and_merged_again(browser: Browser, tmp_path: Path) -> None:
    out = tmp_path / "out"
    settings = Settings(formats=("beads", "tsv", "tmx"))
    corpus = corpus_of_three(tmp_path / "corpus")
    run_batch(Layout(corpus), out, settings, cluster=Cluster(workers=1))
    target = build_target(out)
    assert isinstance(target, Corpus)
    rows = target.rows()
    assert sorted(r.name for r in rows) == list(NAMES)
    assert [r.low_share for r in rows] == sorted((r.low_share for r in rows), reverse=True)
    ed = Editor(browser, target)
    try:
        page = ed.page
        listed = page.locator("#pairs tbody tr")
        expect(listed).to_have_count(3)
        assert listed.evaluate_all("rows => rows.map(r => r.dataset.pair)") == [
            r.name for r in rows
        ]
        # Open pair b, merge its first two beads, confirm the merged bead and the next, save.
        page.locator("tr[data-pair=b] button[data-act=open]").click()
        page.wait_for_url("**/edit?token=*")
        page.wait_for_selector("body[data-ready=true]")
        expect(page.locator("h1")).to_have_text("Pair b")
        first = page.locator("#bead-0")
        before = first.locator(".src .sent").count()
        ed.act(lambda: first.locator("button[data-act=merge]").click())
        page.locator("#bead-0 .meta").click()
        ed.act(lambda: page.keyboard.press("c"))
        page.keyboard.press("j")
        ed.act(lambda: page.keyboard.press("c"))
        page.keyboard.press("Control+s")
        expect(page.locator("#message")).to_contain_text("Saved:")
        merged = target.sessions["b"].state.alignment.beads[0]
        assert len(merged.src) > before
        assert (out / "pairs" / "b.review.json").is_file() and reviewed(out, "b")
        assert not reviewed(out, "a")
        # Back to the list: b shows what was reviewed.
        page.locator("#all-pairs").click()
        expect(page.locator("tr[data-pair=b]")).to_contain_text("2 confirmed")
        page.set_viewport_size({"width": 1280, "height": 300})  # the docs' picture
        docimages.shoot("corpus.png", page, hide="#out")
        # Only the listed pairs open; no request reaches a file outside the output folder.
        with httpx.Client(base_url=ed.url.split("/?")[0], timeout=10) as http:
            h = {TOKEN_HEADER: ed.url.split("token=")[1]}
            for name in ("../corpus/a", "/etc/passwd", "..", "b.tsv", "pairs/b", "b\x00"):
                refused = http.post("/api/open", json={"name": name}, headers=h)
                assert refused.status_code in (400, 404), name
            assert http.get("/assets/..%2F..%2Fbatch.json", headers=h).status_code == 404
        assert ed.errors == []
    finally:
        ed.close()
    # The next batch run keeps b as saved and merges it with its confirmed beads.
    log: list[str] = []
    report = run_batch(Layout(corpus), out, settings, cluster=Cluster(workers=1), log=log.append)
    assert [r.status for r in report.pairs] == ["skipped"] * 3
    assert any("b: reviewed in glossalign review, kept as saved" in line for line in log)
    tmx = (out / "corpus.tmx").read_text(encoding="utf-8")
    saved = (out / "pairs" / "b.tmx").read_text(encoding="utf-8")
    assert saved.count('<prop type="x-glossalign-status">confirmed</prop>') == 2
    assert tmx.count('<prop type="x-glossalign-status">confirmed</prop>') == 2
    ids = ",".join(map(str, merged.src))
    assert f'<prop type="x-glossalign-src-ids">{ids}</prop>' in tmx
    # --force aligns it again, as batch wrote it the first time.
    report = run_batch(Layout(corpus), out, settings, cluster=Cluster(workers=1), force=True)
    assert {r.pair.name: r.status for r in report.pairs} == {
        "a": "skipped", "b": "aligned", "c": "skipped",
    }  # fmt: skip
    assert "x-glossalign-status" not in (out / "corpus.tmx").read_text(encoding="utf-8")
