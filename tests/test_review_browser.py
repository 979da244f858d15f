"""The editor in a real browser: Debian's headless Chromium driven by Playwright, against the
review server on 127.0.0.1, with the real default encoder. The seeds letter with three beads
broken on purpose and two glossary errors put in is corrected by clicks and keys, saved, and
the saved alignment must be the gold one."""

from __future__ import annotations

import csv
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docimages
import pytest
from chromium import NEEDS_CHROMIUM
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from align.beads import Alignment, Bead, parse_beads
from align.evaluate import score_alignments
from align.formats import to_jsonl
from align.io import read_text
from align.review.corpus import Corpus
from align.review.ignores import read_ignores
from align.review.server import build_session, make_server
from align.review.session import Session
from align.segment import sentence_texts

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
pytestmark = NEEDS_CHROMIUM
RIGHT, WRONG = "Wikimedia Foundation", "Wikipedia Foundation"  # the second is forbidden
TIMEOUT = 180_000  # ms: the first re-alignment encodes with the real model, cache cold


def first(gold: list[Bead], start: int, test: object) -> int:
    return next(k for k in range(start, len(gold)) if test(k))  # type: ignore[operator]


class Letter:
    """The letter's gold beads, three of them broken, and two English sentences with the
    forbidden rendering."""

    def __init__(self) -> None:
        self.src = tuple(sentence_texts(read_text(SEEDS / "letter.zh.txt"), "zh"))
        tgt = list(sentence_texts(read_text(SEEDS / "letter.en.txt"), "en"))
        gold = parse_beads(read_text(SEEDS / "letter.gold.align"))
        self.gold = gold
        one = [b.kind == "1-1" for b in gold]
        self.a = first(gold, 20, lambda k: gold[k].kind == "1-2")  # split it: fix by merge
        self.b = first(gold, 60, lambda k: one[k] and one[k + 1])  # merge two: fix by split
        self.c = first(gold, 100, lambda k: one[k] and one[k + 1])  # move a sentence: fix by move
        ga, gb, gc = gold[self.a], gold[self.b], gold[self.c]
        gb2, gc2 = gold[self.b + 1], gold[self.c + 1]
        broken = {
            self.a: [Bead(ga.src, ga.tgt[:1], 0.3), Bead((), ga.tgt[1:], 0.3)],
            self.b: [Bead(gb.src + gb2.src, gb.tgt + gb2.tgt, 0.3)],
            self.b + 1: [],
            self.c: [Bead(gc.src, gc.tgt + gc2.tgt, 0.3)],
            self.c + 1: [Bead(gc2.src, (), 0.3)],
        }
        self.beads = tuple(
            bead for k, g in enumerate(gold) for bead in broken.get(k, [Bead(g.src, g.tgt, 0.95)])
        )
        # Two sentences, in beads whose Chinese has the term, get the forbidden rendering.
        self.wrong = [
            j
            for g in gold
            if "维基媒体基金会" in "".join(self.src[i] for i in g.src)
            for j in g.tgt
            if RIGHT in tgt[j] and g.kind == "1-1"
        ][:2]
        self.right_text = {j: tgt[j] for j in self.wrong}
        for j in self.wrong:
            tgt[j] = tgt[j].replace(RIGHT, WRONG)
        self.tgt = tuple(tgt)

    def write(self, path: Path) -> None:
        path.write_text(to_jsonl(Alignment(self.src, self.tgt, self.beads)), encoding="utf-8")


class Editor:
    """The review server in a thread and a page on it, with everything the page logged."""

    def __init__(
        self,
        browser: Browser,
        session: Session | Corpus,
        viewport: tuple[int, int] = (1400, 1000),
        port: int | None = 0,
    ) -> None:
        self.session: Any = session  # a Session, or a Corpus and the pair open in it
        self.start(port)
        self.page: Page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("dialog", lambda d: self.errors.append(f"dialog: {d.message}"))
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)

    @classmethod
    def on_letter(cls, browser: Browser, tmp: Path, letter: Letter, **kwargs: Any) -> Editor:
        glossary = tmp / "glossary.csv"
        shutil.copy(SEEDS / "glossary.csv", glossary)
        aligned = tmp / "letter.jsonl"
        letter.write(aligned)
        out = tmp / "out"
        out.mkdir()
        session = build_session(aligned, None, glossary=glossary, output=out)
        return cls(browser, session, **kwargs)

    @property
    def out(self) -> Path:
        return Path(self.session.paths.stem.parent)

    def start(self, port: int | None) -> None:
        self.server, self.sock, self.url = make_server(self.session, port)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]})
        self.thread.start()

    def stop_server(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)
        self.sock.close()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def close(self) -> None:
        self.page.close()
        self.stop_server()

    def version(self) -> str:
        return self.page.locator("body").get_attribute("data-version") or ""

    def act(self, do: object) -> None:
        """Run ``do`` (a click or key press) and wait for the server's answer to render."""
        before = self.version()
        do()  # type: ignore[operator]
        # A locator, not wait_for_function: the page's CSP forbids evaluating strings.
        body = self.page.locator("body")
        expect(body).not_to_have_attribute("data-version", before, timeout=TIMEOUT)
        expect(self.page.locator("#message.error")).to_have_count(0)

    def bead(self, side: str, sentence: int) -> Locator:
        return self.page.locator(f"article.bead:has(.{side} span.sent[data-id='{sentence}'])")

    def sentence(self, side: str, sentence: int) -> Locator:
        return self.page.locator(f".{side} span.sent[data-id='{sentence}']")

    def index(self, side: str, sentence: int) -> int:
        return int(self.bead(side, sentence).get_attribute("data-k") or "-1")

    def count(self, name: str) -> int:
        return int(self.page.locator(f"#count-{name} b").inner_text())

    def saved(self) -> list[Bead]:
        return parse_beads(read_text(self.session.paths.stem.with_suffix(".align")))


@pytest.fixture
def editor(browser: Browser, tmp_path: Path) -> Iterator[tuple[Editor, Letter]]:
    letter = Letter()
    editor = Editor.on_letter(browser, tmp_path, letter)
    yield editor, letter
    editor.close()


def test_correct_the_broken_letter_and_save_the_gold(editor: tuple[Editor, Letter]) -> None:
    ed, letter = editor
    page, gold = ed.page, letter.gold
    counts = page.locator("#counts")
    expect(counts).to_contain_text(f"0 confirmed0 edited{len(letter.beads)} unreviewed")

    # Confirm two beads: one with the mouse, one with j/k and c.
    ed.act(lambda: ed.bead("src", gold[5].src[0]).locator("button[data-act=confirm]").click())
    ed.bead("src", gold[150].src[0]).locator(".meta").click()
    page.keyboard.press("j")
    page.keyboard.press("k")
    ed.act(lambda: page.keyboard.press("c"))
    expect(counts).to_contain_text("2 confirmed")

    # Broken bead a (1-2 cut in two): merge with the next.
    a = gold[letter.a]
    ed.act(lambda: ed.bead("src", a.src[0]).locator("button[data-act=merge]").click())
    # Broken bead b (two 1-1 beads as one 2-2): split after the first sentence of each side.
    b = ed.bead("src", gold[letter.b].src[0])
    b.locator("button[data-act=split]").click()
    b.locator("form[data-form=split] select[name=src]").select_option("1")
    b.locator("form[data-form=split] select[name=tgt]").select_option("1")
    ed.act(lambda: b.locator("button[data-act=do-split]").click())
    # Broken bead c (took the next bead's English): move its last English sentence down.
    ed.act(
        lambda: (
            ed.bead("src", gold[letter.c].src[0]).locator("button[data-act=move-tgt-next]").click()
        )
    )
    expect(counts).to_contain_text(
        "2 confirmed3 edited"
    )  # merge 1, split 2 (a move fixes a cut only)

    # Glossary: fix one finding in the English, ignore the other with a reason.
    fixed, ignored = letter.wrong
    findings = page.locator("#findings li[data-finding]")
    expect(findings).to_have_count(2)
    k = ed.index("tgt", fixed)
    page.locator(f"#findings li:has(a[href='#bead-{k}']) button[data-act=accept]").click()
    area = page.locator(f"textarea[data-sentence='{fixed}']")
    expect(area).to_have_value(letter.tgt[fixed])
    area.fill(letter.right_text[fixed])
    ed.act(lambda: area.press("Enter"))
    expect(findings).to_have_count(1)
    k = ed.index("tgt", ignored)
    row = page.locator(f"#findings li:has(a[href='#bead-{k}'])")
    row.locator("input[data-reason]").fill("the sender's own wording, quoted")
    ed.act(lambda: row.locator("button[data-act=ignore]").click())
    expect(findings).to_have_count(0)
    expect(page.locator("#ignored")).to_have_text("(1 ignored)")

    # The docs' picture: the corrected beads around the first broken one, the panels.
    page.locator(f"#bead-{max(letter.a - 2, 0)}").evaluate("node => node.scrollIntoView()")
    docimages.shoot("editor.png", page, hide="#output")

    # A term candidate, with its rendering edited first.
    term = page.locator("#terms li").first
    source = term.get_attribute("data-term")
    term.locator("input").fill("mainland China")
    ed.act(lambda: term.locator("button[data-act=accept-term]").click())
    expect(page.locator(f"#terms li[data-term='{source}']")).to_have_count(0)

    # Undo and redo the last structural edit on the way, then re-align the rest.
    ed.act(lambda: page.locator("#undo").click())
    ed.act(lambda: page.locator("#redo").click())
    ed.act(lambda: page.locator("#realign").click())
    expect(page.locator("#message")).to_contain_text("re-aligned in")
    page.keyboard.press("Control+s")  # saving changes no state: no new version
    expect(page.locator("#message")).to_contain_text("Saved:")

    assert score_alignments([(gold, ed.saved())]).f1_strict == 1.0
    # The glossary file: the accepted term is one row appended, nothing else changed.
    glossary = ed.session.paths.glossary
    assert glossary is not None
    before, after = (SEEDS / "glossary.csv").read_bytes(), glossary.read_bytes()
    assert after.startswith(before) and after[len(before) :].count(b"\n") == 1
    rows = list(csv.DictReader(glossary.open(encoding="utf-8-sig")))
    assert (rows[-1]["source"], rows[-1]["target"], rows[-1]["status"]) == (
        source, "mainland China", "admitted",
    )  # fmt: skip
    assert len(rows) == 70
    ignores = read_ignores(ed.out / "letter.ignore.json")
    assert [(i.check, i.reason) for i in ignores] == [
        ("forbidden", "the sender's own wording, quoted")
    ]
    edited = (ed.out / "letter.edited.en.txt").read_text(encoding="utf-8").splitlines()
    assert edited[fixed] == letter.right_text[fixed] and WRONG in edited[ignored]
    assert ed.errors == []


def test_document_markup_shows_as_text(browser: Browser, tmp_path: Path) -> None:
    letter = Letter()
    tgt = list(letter.tgt)
    tgt[0] = '<img src=x onerror="window.pwned = 1"><script>window.pwned = 2</script>'
    letter.tgt = tuple(tgt)
    ed = Editor.on_letter(browser, tmp_path, letter)
    try:
        sent = ed.bead("tgt", 0).locator(".tgt span.sent")
        assert tgt[0] in sent.inner_text()
        assert ed.page.locator("#beads img, #beads script").count() == 0
        assert ed.page.evaluate("window.pwned") is None
        assert ed.errors == []
    finally:
        ed.close()


def test_keyboard_edits_and_undo(editor: tuple[Editor, Letter]) -> None:
    ed, letter = editor
    page, gold = ed.page, letter.gold
    beads = page.locator("article.bead")
    n = len(letter.beads)
    expect(beads).to_have_count(n)
    # n: the first unreviewed bead under 0.9 is the first broken one.
    page.keyboard.press("n")
    expect(page.locator("article.current")).to_have_attribute("data-k", str(letter.a))
    # Select the last English sentence of a 1-1 bead, u: it becomes an insertion of its own.
    last = gold[10].tgt[-1]
    ed.sentence("tgt", last).click()
    ed.act(lambda: page.keyboard.press("u"))
    expect(beads).to_have_count(n + 1)
    assert ed.bead("tgt", last).locator(".src .empty-side").count() == 1
    ed.act(lambda: page.keyboard.press("z"))
    expect(beads).to_have_count(n)
    ed.act(lambda: page.keyboard.press("y"))
    expect(beads).to_have_count(n + 1)
    ed.act(lambda: page.keyboard.press("z"))
    # ]: the selected sentence (the last of its bead) moves on.
    ed.sentence("tgt", last).click()
    ed.act(lambda: page.keyboard.press("]"))
    assert ed.index("tgt", last) == ed.index("src", gold[11].src[0])
    # s on the current bead opens the split form; e the sentence editor, Escape closes it.
    page.keyboard.press("s")
    expect(page.locator("form[data-form=split]")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator("form.inline")).to_have_count(0)
    page.keyboard.press("e")
    expect(page.locator("form[data-form=edit] textarea")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("form.inline")).to_have_count(0)
    # Search and filters.
    page.locator("#search").fill(letter.tgt[gold[40].tgt[0]][:30])
    expect(beads).to_have_count(1)
    page.locator("#search").fill("")
    page.locator("button[data-filter=low]").click()
    expect(beads).to_have_count(sum(1 for b in letter.beads if b.score < 0.9))
    page.locator("button[data-filter=all]").click()
    assert ed.errors == []


def test_keys_act_on_what_is_seen(editor: tuple[Editor, Letter]) -> None:
    ed, letter = editor
    page, gold = ed.page, letter.gold
    error = page.locator("#message.error")
    # Numbering from 1 on the page: bead numbers and sentence numbers.
    first = page.locator("#bead-0")
    expect(first.locator(".num")).to_contain_text("#1 ")
    expect(first.locator(".src .sid").first).to_have_text(str(gold[0].src[0] + 1))
    # A middle sentence selected: ] refuses (only a bead's last sentence moves on).
    three = next(g for g in gold if len(g.tgt) >= 3)
    ed.sentence("tgt", three.tgt[1]).click()
    version = ed.version()
    page.keyboard.press("]")
    expect(error).to_contain_text("only the last sentence")
    assert ed.version() == version
    # The selection goes with the current bead: j, then u has nothing to act on.
    page.keyboard.press("j")
    expect(page.locator(".sent.selected")).to_have_count(0)
    page.keyboard.press("u")
    expect(error).to_contain_text("select a sentence first")
    assert ed.version() == version
    # Clicking another bead (not a sentence) drops the selection too.
    ed.sentence("tgt", three.tgt[0]).click()
    page.locator(f"#bead-{ed.index('src', gold[3].src[0])} .meta").click()
    expect(page.locator(".sent.selected")).to_have_count(0)
    # Arrow keys focus the sentences of the current bead, visibly.
    page.keyboard.press("ArrowRight")
    focused = page.locator(".sent:focus")
    expect(focused).to_have_attribute("data-id", str(gold[3].src[0]))
    expect(focused).to_have_class("sent selected")
    assert focused.evaluate("n => getComputedStyle(n).outlineStyle") != "none"
    page.keyboard.press("ArrowRight")
    expect(page.locator(".sent:focus")).to_have_attribute("data-side", "tgt")
    # c always confirms (twice: still confirmed); x takes it back.
    k = ed.index("src", gold[3].src[0])
    ed.act(lambda: page.keyboard.press("c"))
    page.keyboard.press("c")
    expect(page.locator("#message")).to_contain_text("confirmed already")
    expect(page.locator(f"#bead-{k} .badge")).to_have_text("confirmed")
    ed.act(lambda: page.keyboard.press("x"))
    expect(page.locator(f"#bead-{k} .badge")).to_have_count(0)
    # An edited bead (merged) is confirmed by c, not unconfirmed.
    ed.act(lambda: page.locator(f"#bead-{letter.a} button[data-act=merge]").click())
    page.locator(f"#bead-{letter.a} .meta").click()
    ed.act(lambda: page.keyboard.press("c"))
    expect(page.locator(f"#bead-{letter.a} .badge")).to_have_text("confirmed")
    assert ed.errors == []


def test_bulk_review_brings_the_counters_to_zero(editor: tuple[Editor, Letter]) -> None:
    ed, letter = editor
    page = ed.page
    broken = sum(1 for b in letter.beads if b.score < 0.9)
    assert ed.count("unreviewed") == len(letter.beads) and ed.count("low") == broken
    # Confirm all at 0.9 or more: every bead left is a low one.
    ed.act(lambda: page.locator("#confirm-above").click())
    assert (ed.count("confirmed"), ed.count("unreviewed")) == (len(letter.beads) - broken, broken)
    # A range: Shift+click from the current bead, then c.
    page.locator(f"#bead-{letter.a} .meta").click()
    page.locator(f"#bead-{letter.a + 1} .meta").click(modifiers=["Shift"])
    expect(page.locator("article.in-range")).to_have_count(2)
    ed.act(lambda: page.keyboard.press("c"))
    assert ed.count("unreviewed") == broken - 2
    # a: confirm and go to the next low one, until none is left.
    page.keyboard.press("n")
    while ed.count("unreviewed"):
        ed.act(lambda: page.keyboard.press("a"))
    assert (ed.count("unreviewed"), ed.count("low")) == (0, 0)
    expect(page.locator("#message")).to_contain_text("no unreviewed bead under 0.9 is left")
    assert ed.errors == []


SIZES = ((1280, 800), (768, 1024), (420, 800))
#: In the page: what covers or crosses the text of the beads in the window, and how wide
#: the narrowest text column is.
OVERLAPS = """() => {
  const out = [], vw = innerWidth, vh = innerHeight;
  // Text scrolled under the sticky header is scrolled away, not covered: look below it.
  const top = Math.max(0, document.querySelector("header.top").getBoundingClientRect().bottom);
  const crosses = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
                            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  let narrowest = Infinity;
  for (const col of document.querySelectorAll("article.bead .src, article.bead .tgt")) {
    const r = col.getBoundingClientRect();
    if (r.bottom <= top || r.top >= vh || !r.width) continue;
    narrowest = Math.min(narrowest, r.width);
    const name = col.closest("article").id + " ." + col.className;
    if (r.left < 0 || r.right > vw + 1) out.push(name + " goes past the window");
    for (const part of col.closest("article").children) {
      if (part !== col && crosses(r, part.getBoundingClientRect())) {
        out.push(name + " crosses ." + part.className);
      }
    }
    for (const sent of col.querySelectorAll(".sent")) {
      for (const box of sent.getClientRects()) {
        const points = [[box.left + 1, box.top + 1], [box.right - 1, box.bottom - 1],
                        [(box.left + box.right) / 2, (box.top + box.bottom) / 2]];
        for (const [x, y] of points) {
          if (x < 0 || y <= top || x >= vw || y >= vh) continue;
          const hit = document.elementFromPoint(x, y);
          if (hit && !col.contains(hit)) out.push(name + " is covered by " + hit.className);
        }
      }
    }
  }
  return [out, narrowest];
}"""


def test_layout_at_three_widths(editor: tuple[Editor, Letter]) -> None:
    ed, letter = editor
    page = ed.page
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        page.wait_for_selector("body[data-ready=true]")
        # A broken bead current; wide, scrolled to it (the header stays), narrow, the top of
        # the page: the tools, the folded panel, the first beads.
        page.locator(f"#bead-{letter.a} .meta").click()
        if width > 1000:
            page.locator(f"#bead-{max(letter.a - 1, 0)}").evaluate("n => n.scrollIntoView()")
        else:
            page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(ROOT / "output" / f"review-{width}x{height}.png"))
        problems, narrowest = page.evaluate(OVERLAPS)
        assert problems == [], f"{width}x{height}: {problems[:5]}"
        assert narrowest >= (240 if width > 600 else 300), f"{width}x{height}: {narrowest} px"
        # The panel is beside the beads when there is room, else above them and folded.
        panel = page.locator("#panel")
        if width > 1000:
            assert panel.bounding_box()["x"] > page.locator("#beads").bounding_box()["x"]  # type: ignore[index]
        else:
            expect(panel).not_to_have_attribute("open", "")
            page.locator("#panel > summary").click()
            expect(page.locator("#findings")).to_be_visible()
    assert ed.errors == []


def test_screenshot_of_the_editor(tmp_path: Path) -> None:
    import struct

    from align.review.screenshot import screenshot_editor

    aligned = tmp_path / "letter.jsonl"
    Letter().write(aligned)
    session = build_session(aligned, None, glossary=SEEDS / "glossary.csv", output=tmp_path)
    png = tmp_path / "shot.png"
    screenshot_editor(session, png, size=(1000, 700))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1000, 700)


def test_runs_of_one_sided_beads_are_folded(browser: Browser, tmp_path: Path) -> None:
    letter = Letter()
    k = first(letter.gold, 140, lambda k: all(g.kind == "1-1" for g in letter.gold[k : k + 3]))
    at = letter.beads.index(Bead(letter.gold[k].src, letter.gold[k].tgt, 0.95))
    unpaired = [
        bead
        for g in letter.gold[k : k + 3]
        for bead in (Bead(g.src, (), 0.9), Bead((), g.tgt, 0.9))
    ]
    letter.beads = (*letter.beads[:at], *unpaired, *letter.beads[at + 3 :])
    ed = Editor.on_letter(browser, tmp_path, letter)
    try:
        src = [g.src[0] + 1 for g in letter.gold[k : k + 3]]
        tgt = [g.tgt[0] + 1 for g in letter.gold[k : k + 3]]
        summary = ed.page.locator("details.fold > summary")
        assert summary.evaluate_all("s => s.map(n => n.firstChild.textContent)") == [
            f"Chinese sentences {src[0]}\u2013{src[-1]}, English sentences {tgt[0]}\u2013{tgt[-1]}"
            ": no counterpart (numbered from 1)"
        ]
        inside = ed.page.locator(f"#bead-{at}")
        assert not inside.is_visible()
        summary.click()
        assert inside.is_visible()
        ed.page.locator("#bead-0").click()
        ed.act(lambda: ed.page.keyboard.press("c"))
        assert ed.page.locator(f"#bead-{at}").is_visible()  # stays open across edits
        # One button confirms every bead of the fold.
        ed.act(lambda: summary.locator("button[data-act=confirm-fold]").click())
        assert ed.count("confirmed") == 1 + 6
        expect(summary.locator("button")).to_have_count(0)
        assert ed.errors == []
    finally:
        ed.close()
