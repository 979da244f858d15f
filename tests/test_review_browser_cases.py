"""The editor in a real browser on the letter's harder cases: two footnotes swapped in the
English (linked across), a Chinese sentence wrongly split and two English ones wrongly joined
(re-segmented in the page), and an edit made while a slow re-alignment runs, then a server
that stops and starts again under the open page. Each must end on the gold alignment, or
lose nothing."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from chromium import NEEDS_CHROMIUM
from playwright.sync_api import Browser, expect
from test_review_browser import TIMEOUT, Editor, Letter

from align.beads import Alignment, Bead
from align.encoders import load_encoder
from align.evaluate import score_alignments
from align.formats import to_jsonl
from align.review.documents import read_alignment_file
from align.review.realign import Realigner
from align.review.session import Paths, Session

pytestmark = NEEDS_CHROMIUM
FOOTNOTE_5, FOOTNOTE_6 = (156, 157), (158, 159)  # the letter's English sentences of [5], [6]


def session_on(tmp: Path, alignment: Alignment, realigner: Realigner | None = None) -> Session:
    aligned = tmp / "letter.jsonl"
    aligned.write_text(to_jsonl(alignment), encoding="utf-8")
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    paths = Paths(out / "letter", out / "letter.ignore.json", None)
    return Session(read_alignment_file(aligned), paths, realigner or realigner_for())


_REALIGNERS: dict[str, Realigner] = {}


def realigner_for() -> Realigner:
    """One realigner (and model) for the module's sessions."""
    if "default" not in _REALIGNERS:
        _REALIGNERS["default"] = Realigner(load_encoder("default", cache=True))
    return _REALIGNERS["default"]


def f1(gold: Sequence[Bead], saved: Sequence[Bead]) -> float:
    return score_alignments([(gold, saved)]).f1_strict


def test_swapped_footnotes_are_linked_across(browser: Browser, tmp_path: Path) -> None:
    letter = Letter()
    # The English prints footnote [6] before [5]: its sentences 156-159 come in the order
    # 158, 159, 156, 157. The gold links each Chinese sentence to its own English one, across.
    order = [*range(156), *FOOTNOTE_6, *FOOTNOTE_5, *range(160, len(letter.tgt))]
    new_id = {old: new for new, old in enumerate(order)}
    tgt = tuple(letter.tgt[j] for j in order)
    gold = [Bead(g.src, tuple(new_id[j] for j in g.tgt)) for g in letter.gold]
    # What a monotonic aligner makes of it: the four sentences linked in order, all wrong.
    start = tuple(
        Bead(g.src, g.tgt, 0.3 if 156 <= g.tgt[0] <= 159 else 0.95) if g.tgt else g
        for g in letter.gold
    )
    ed = Editor(browser, session_on(tmp_path, Alignment(letter.src, tgt, start)))
    try:
        page = ed.page
        assert f1(gold, start) < 0.98
        zh_of = {g.tgt[0]: g.src[0] for g in letter.gold if len(g.src) == len(g.tgt) == 1}
        for src, tgt_id in ((zh_of[j], new_id[j]) for j in (*FOOTNOTE_5, *FOOTNOTE_6)):
            ed.sentence("src", src).click()
            page.keyboard.press("l")
            expect(page.locator("#message")).to_contain_text("click the English sentence")
            ed.act(lambda tgt_id=tgt_id: ed.sentence("tgt", tgt_id).click())
        # Links that do not fit in order with the others are crossing (here the first link,
        # then each one that crosses a link made before it), shown as such.
        crossing = page.locator("article.bead.crossing")
        n = crossing.count()
        assert 2 <= n <= 3
        expect(crossing.first.locator(".badge")).to_have_text("crossing link")
        # Confirm what scores 0.9 or more, re-align the rest: the links stay.
        ed.act(lambda: page.locator("#confirm-above").click())
        ed.act(lambda: page.keyboard.press("r"))
        expect(page.locator("#message")).to_contain_text("re-aligned in", timeout=TIMEOUT)
        expect(crossing).to_have_count(n)
        page.keyboard.press("Control+s")
        expect(page.locator("#message")).to_contain_text("Saved:")
        saved = ed.saved()
        assert sum(b.crossing for b in saved) == n
        assert f1(gold, saved) == 1.0
        assert ed.errors == []
    finally:
        ed.close()


def test_wrong_sentence_cuts_are_fixed_in_the_page(browser: Browser, tmp_path: Path) -> None:
    letter = Letter()
    gold = letter.gold
    one = [g for g in gold if g.kind == "1-1"]
    # A Chinese sentence cut at its comma, the piece after it left without English; two
    # English sentences of neighbouring beads run together, the second Chinese left alone.
    cut = next(g for g in one[30:] if "，" in letter.src[g.src[0]])
    s = cut.src[0]
    text = letter.src[s]
    comma = text.index("，") + 1
    pair = next(
        k
        for k in range(gold.index(cut) + 5, len(gold) - 1)
        if gold[k] in one and gold[k + 1] in one
    )
    t = gold[pair].tgt[0]
    src = (*letter.src[:s], text[:comma], text[comma:], *letter.src[s + 1 :])
    tgt = (*letter.tgt[:t], letter.tgt[t] + " " + letter.tgt[t + 1], *letter.tgt[t + 2 :])
    beads = []
    for k, g in enumerate(gold):
        shifted = Bead(tuple(i + (i > s) for i in g.src), tuple(j - (j > t) for j in g.tgt), 0.95)
        if g == cut:
            beads += [Bead((s,), g.tgt, 0.3), Bead((s + 1,), (), 0.3)]
        elif k == pair + 1:
            beads.append(Bead(shifted.src, (), 0.3))
        else:
            beads.append(shifted)
    ed = Editor(browser, session_on(tmp_path, Alignment(src, tgt, tuple(beads))))
    try:
        page = ed.page
        # Join the two Chinese pieces: select the first, e, Join.
        ed.sentence("src", s).click()
        page.keyboard.press("e")
        expect(page.locator("textarea[data-side=src]")).to_have_value(text[:comma])
        ed.act(lambda: page.locator("button[data-act=do-join]").click())
        # Split the English at the caret: after the first sentence and its space.
        ed.sentence("tgt", t).dblclick()  # the Chinese join moved no English id
        area = page.locator("textarea[data-side=tgt]")
        expect(area).to_have_value(letter.tgt[t] + " " + letter.tgt[t + 1])
        area.evaluate("(a, n) => a.setSelectionRange(n, n)", len(letter.tgt[t]) + 1)
        ed.act(lambda: page.locator("button[data-act=do-split-sentence]").click())
        page.keyboard.press("Control+s")
        expect(page.locator("#message")).to_contain_text("Saved:")
        assert ed.session.state.alignment.src == letter.src
        assert ed.session.state.alignment.tgt == letter.tgt
        assert f1(gold, ed.saved()) == 1.0
        assert ed.errors == []
    finally:
        ed.close()


class SlowRealigner(Realigner):
    """Every run the DP aligns takes 1.5 s more: a long document's re-alignment."""

    def _align(self, key, progress):  # type: ignore[no-untyped-def]
        time.sleep(1.5)
        return super()._align(key, progress)


def test_an_edit_during_a_slow_realign_and_a_restart_lose_nothing(
    browser: Browser, tmp_path: Path
) -> None:
    letter = Letter()
    slow = SlowRealigner(load_encoder("default", cache=True))
    session = session_on(tmp_path, Alignment(letter.src, letter.tgt, letter.beads), slow)
    ed = Editor(browser, session, port=None)
    try:
        page = ed.page
        page.keyboard.press("r")
        progress = page.locator("#progress")
        expect(progress).to_contain_text("re-aligning", timeout=5_000)
        # While it runs: confirm a bead. It applies at once (no refusal, no reload).
        k = 5
        page.locator(f"#bead-{k} .meta").click()
        ed.act(lambda: page.keyboard.press("c"))
        expect(page.locator(f"#bead-{k} .badge")).to_have_text("confirmed")
        assert session.background.progress()["running"]
        # The re-alignment ends on the edited state: the broken beads fixed, the edit kept.
        expect(page.locator("#message")).to_contain_text("re-aligned in", timeout=TIMEOUT)
        expect(progress).to_be_hidden()
        assert f1(letter.gold, session.state.alignment.beads) == 1.0
        assert session.state.status[k] == "confirmed" and session.counts()["confirmed"] == 1
        # The server stops; an edit made meanwhile waits, and is applied once it is back.
        ed.stop_server()
        page.locator("#bead-9 .meta").click()
        page.keyboard.press("c")
        expect(page.locator("#offline")).to_contain_text("does not answer")
        ed.session = Session(session.base, session.paths, slow, None)
        assert ed.session.restored and ed.session.server == session.server
        ed.start(None)  # the same port and token, from the session file
        expect(page.locator("#offline")).to_be_hidden(timeout=20_000)
        expect(page.locator("#bead-9 .badge")).to_have_text("confirmed")
        assert ed.session.counts()["confirmed"] == 2
        assert ed.errors == [] or all("Failed to load" in e or "ERR_" in e for e in ed.errors)
    finally:
        ed.close()
