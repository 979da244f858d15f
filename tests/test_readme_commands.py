"""Every `glossalign` command shown in README.md runs, in the README's order, in a temporary
folder: a copy of `seeds/`, the placeholder files as copies of the seeds (or the seeds letter
written as Word, XLIFF, SDLXLIFF and PO; the raw article of `../shared/seeds` as Markdown), and
a two-chapter cut of mac-dev as `../shared/data/mac-dev`. Commands live in ```sh blocks (each
line; pipelines too, `cat X | glossalign segment - | head`) or ```console blocks (after a `$ `
prompt); a block after a `<!-- synopsis …` comment is
an option summary, not run, whose options must each appear in the command's --help."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from test_readers_bilingual_seeds import WRITERS, _pairs
from test_readers_docx import write_letter_docx
from typer.testing import CliRunner

from align.cli import app
from align.formats import load_alignment
from align.report.screenshot import find_chromium

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# ../shared next to the checkout (or next to a folder of worktrees).
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared/data/mac-dev").is_dir()),
    ROOT.parent / "shared",
)
MAC_DEV = SHARED / "data/mac-dev"
#: The raw Markdown article the seeds' article.en.txt was cleaned from.
ARTICLE = SHARED / "seeds/003_16fff4e76e1c64a9.txt"

#: Placeholder file names in README examples -> the seeds file each one is a copy of.
PLACEHOLDERS = {
    "A.zh.txt": "letter.zh.txt",
    "A.en.txt": "letter.en.txt",
    "terms.csv": "glossary.csv",
    "chapter.zh.txt": "letter.zh.txt",
    "A.txt": "article.zh.txt",
    "B.txt": "article.en.txt",
    "letter.zh.txt": "letter.zh.txt",
}
#: Translators' files in README examples -> the writer (from the readers' tests) of the seeds
#: letter's gold alignment in that format.
BILINGUAL = {
    "job.xlf": WRITERS["letter.xlf"],
    "job.sdlxliff": WRITERS["letter.sdlxliff"],
    "job.po": WRITERS["letter.po"],
}
#: Literal parts of README commands that must not leak out of the temporary folder (or
#: collide with a parallel run): the replacement, given the folder.
REWRITES = {"/tmp/cache": "{tmp}/cache", "--port 8800": "--port 0"}
SYNOPSIS = "<!-- synopsis"


@dataclass(frozen=True)
class Block:
    lang: str
    line: int  # the README line of the opening fence
    lines: tuple[str, ...]
    synopsis: bool


def blocks(text: str) -> list[Block]:
    """The fenced code blocks of a Markdown text."""
    found, lines = [], text.splitlines()
    opened: tuple[int, str] | None = None
    for number, line in enumerate(lines, 1):
        if not line.startswith("```"):
            continue
        if opened is None:
            opened = (number, line[3:].strip())
            continue
        start, lang = opened
        before = [x for x in lines[: start - 1] if x.strip()][-1:]
        synopsis = bool(before) and before[0].startswith(SYNOPSIS)
        found.append(Block(lang, start, tuple(lines[start : number - 1]), synopsis))
        opened = None
    return found


def commands(block: Block) -> list[str]:
    """The `glossalign` command lines of a sh or console block, continuations joined."""
    joined: list[str] = []
    for line in block.lines:
        if joined and joined[-1].endswith("\\"):
            joined[-1] = joined[-1][:-1].rstrip() + " " + line.strip()
        else:
            joined.append(line)
    if block.lang == "console":
        joined = [x[2:] for x in joined if x.startswith("$ ")]
    return [x.strip() for x in joined if _runs_glossalign(shlex.split(x, comments=True))]


def _runs_glossalign(words: list[str]) -> bool:
    """A command line that runs glossalign: first (after at most two words, e.g. an
    environment setting) or after a pipe (``cat X | glossalign segment -``)."""
    piped = any(a == "|" and b == "glossalign" for a, b in itertools.pairwise(words))
    return "glossalign" in words[:3] or piped


README_BLOCKS = blocks(README.read_text(encoding="utf-8"))
RUNNABLE = [
    (b.line, c) for b in README_BLOCKS if b.lang in ("sh", "console") and not b.synopsis
    for c in commands(b)
]  # fmt: skip
SYNOPSES = [(b.line, c) for b in README_BLOCKS if b.synopsis for c in commands(b)]


def test_the_readme_shows_commands_to_run() -> None:
    assert len(RUNNABLE) >= 30 and len(SYNOPSES) >= 3
    assert ["glossalign", "run"] in [shlex.split(c, comments=True) for _, c in RUNNABLE]
    assert any(c.startswith("glossalign report output/letter.jsonl") for _, c in RUNNABLE)


def test_commands_are_only_in_sh_or_console_blocks() -> None:
    text = README.read_text(encoding="utf-8")
    stray = [
        (b.line, x) for b in README_BLOCKS if b.lang not in ("sh", "console")
        for x in b.lines if re.match(r"\s*(\$ )?glossalign ", x)
    ]  # fmt: skip
    indented = [x for x in text.splitlines() if re.match(r" {4}(\$ )?glossalign ", x)]
    assert not stray and not indented, "tag these blocks ```sh or ```console"


@pytest.mark.parametrize(("line", "command"), SYNOPSES, ids=[str(n) for n, _ in SYNOPSES])
def test_synopsis_options_exist(line: int, command: str) -> None:
    words = shlex.split(command, comments=True)[1:]
    name = words[:2] if words[0] == "glossary" else words[:1]
    help_text = CliRunner().invoke(app, [*name, "--help"], terminal_width=200).stdout
    options = re.findall(r"(--[a-z][a-z-]*)", command)
    assert options, command
    assert [o for o in options if o not in help_text] == [], f"README block at line {line}"


def _mac_dev_cut(out: Path, beads: int = 25) -> None:
    """The first ``beads`` gold beads of chapters 001 and 002, with their sentences."""
    for name in ("001", "002"):
        gold = (MAC_DEV / "gold" / f"{name}.align").read_text(encoding="utf-8").splitlines()
        kept = gold[:beads]
        sides = [side.strip("[]").split(",") for bead in kept for side in bead.split(":")[:2]]
        ids = [[int(i) for i in side if i] for side in sides]  # zh, en, zh, en, ...
        last_zh = max(max(side, default=-1) for side in ids[0::2])
        last_en = max(max(side, default=-1) for side in ids[1::2])
        for lang, last in (("zh", last_zh), ("en", last_en)):
            text = (MAC_DEV / lang / f"{name}.txt").read_text(encoding="utf-8").splitlines()
            (out / lang).mkdir(parents=True, exist_ok=True)
            (out / lang / f"{name}.txt").write_text("\n".join(text[: last + 1]) + "\n")
        (out / "gold").mkdir(exist_ok=True)
        (out / "gold" / f"{name}.align").write_text("\n".join(kept) + "\n")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("readme")
    work = tmp / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    for name, seed in PLACEHOLDERS.items():
        shutil.copy(work / "seeds" / seed, work / name)
    letter = (work / "seeds" / "letter.zh.txt").read_text(encoding="utf-8")
    (work / "old.txt").write_bytes(letter.encode("gb18030"))
    # documents: the raw article as Markdown (and as a .txt read --from markdown), the
    # letter's English as Word
    for name in ("article.md", "raw.txt"):
        shutil.copy(ARTICLE, work / name)
    english = (work / "seeds" / "letter.en.txt").read_text(encoding="utf-8")
    write_letter_docx(english, work / "letter.docx")
    gold = load_alignment(
        None, *(work / "seeds" / f"letter.{x}" for x in ("zh.txt", "en.txt", "gold.align"))
    )
    for name, write in BILINGUAL.items():
        (work / name).write_bytes(write(_pairs(gold)))
    _mac_dev_cut(tmp / "shared" / "data" / "mac-dev")
    (work / "FOLDER_WITH_ONLY_BIBLE_001").symlink_to(tmp / "shared" / "data" / "mac-dev")
    return work


def _environment() -> dict[str, str]:
    # This checkout's code and the venv's `glossalign`; `review` opens no real browser.
    bin_dir = str(Path(sys.executable).parent)
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PYTHONPATH": str(ROOT), "PATH": path, "BROWSER": "true"}


def _serve_and_stop(command: str, work: Path) -> tuple[int, str]:
    """Start `glossalign review`, wait for its URL line and for the page, stop it with Ctrl-C
    (SIGINT)."""
    proc = subprocess.Popen(
        ["bash", "-c", f"exec {command}"], cwd=work, env=_environment(), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    watchdog = threading.Timer(600, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline()
        served = url.startswith("http://127.0.0.1:") and _page_answers(url.strip())
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        watchdog.cancel()
    return (0 if served and proc.returncode == 0 else proc.returncode or 1), f"{url}{err}"


def _page_answers(url: str, seconds: float = 60) -> bool:
    """Whether the editor's page answers 200 within ``seconds`` (the URL is printed before
    the server listens)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=5).status_code == 200:
                return True
        time.sleep(0.2)
    return False


def _run(command: str, work: Path) -> tuple[int, str]:
    for old, new in REWRITES.items():
        command = command.replace(old, new.format(tmp=work.parent))
    if command.startswith("glossalign review "):
        return _serve_and_stop(command, work)
    done = subprocess.run(  # pipefail: a pipeline fails when glossalign does
        ["bash", "-o", "pipefail", "-c", command], cwd=work, env=_environment(),
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    return done.returncode, done.stderr


@pytest.mark.slow
@pytest.mark.skipif(not MAC_DEV.is_dir(), reason=f"no mac-dev corpus at {MAC_DEV}")
@pytest.mark.skipif(not ARTICLE.is_file(), reason=f"no raw article at {ARTICLE}")
def test_every_readme_command_runs(workdir: Path) -> None:
    failed = []
    for line, command in RUNNABLE:
        code, err = _run(command, workdir)
        if code != 0:
            failed.append(
                f"README block at line {line}: {command}\n  exit {code}: {err.strip()[-400:]}"
            )
    assert not failed, "\n".join(failed)
    # what the README says `run` writes is there, and the files later examples name
    table = re.findall(r"^\| `(letter\.[a-z.]+)` \|", README.read_text(encoding="utf-8"), re.M)
    expected = [x for x in table if x != "letter.png" or find_chromium()]
    assert expected and [x for x in expected if not (workdir / "output" / x).is_file()] == []
    for name in ("results/A.align", "out.txt", "letter.align", "glossary.tbx", "findings.csv",
                 "proposals.csv", "review.html", "links.tsv", "output/letter.html"):  # fmt: skip
        assert (workdir / name).stat().st_size > 0, name
