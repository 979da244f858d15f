"""Every `glossalign` command shown in README.md and in the documentation site (docs/**/*.md),
and the example ending each command's --help, runs. Commands live in ```sh blocks (each line;
pipelines too, `cat X | glossalign segment - | head`) or ```console blocks (after a `$ `
prompt); a block after a `<!-- synopsis …` comment is an option summary, not run, whose options
must each appear in the command's --help.

Each page runs in order in a temporary folder of its own: a copy of `seeds/`, the seeds job's
`output/` (`glossalign run`, as a reader who did the tutorial has it), the placeholder files
the pages name (copies of the seeds, the seeds letter as Word, XLIFF, SDLXLIFF, TMX and PO, docs
sites cut from tests/data) and a two-chapter cut of mac-dev as `../shared/data/mac-dev`. The
README and the tutorial start without `output/`: the tutorial's pages run in one folder, in
their order, as a new user follows them. `glossalign review` is started, its page fetched, Save
pressed through its API, and stopped with Ctrl-C; a page naming the Dask scheduler
`tcp://head:8786` gets a real one on 127.0.0.1."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml
from test_batch_cluster import dask_cluster
from test_readers_bilingual_seeds import WRITERS, _pairs
from test_readers_docx import write_letter_docx
from typer.testing import CliRunner

from align.cli import app
from align.clitable import commands as app_commands
from align.clitable import example
from align.formats import load_alignment
from align.report.screenshot import find_chromium

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DATA = ROOT / "tests" / "data"
# ../shared next to the checkout (or next to a folder of worktrees).
SHARED = next(
    (p / "shared" for p in ROOT.parents if (p / "shared/data/mac-dev").is_dir()),
    ROOT.parent / "shared",
)
MAC_DEV = SHARED / "data/mac-dev"
#: The raw Markdown article the seeds' article.en.txt was cleaned from.
ARTICLE = SHARED / "seeds/003_16fff4e76e1c64a9.txt"

#: Placeholder file names in the pages' examples -> the seeds file each one is a copy of.
PLACEHOLDERS = {
    "A.zh.txt": "letter.zh.txt",
    "A.en.txt": "letter.en.txt",
    "terms.csv": "glossary.csv",
    "chapter.zh.txt": "letter.zh.txt",
    "A.txt": "article.zh.txt",
    "B.txt": "article.en.txt",
    "letter.zh.txt": "letter.zh.txt",
}
#: Translators' files in the examples -> the writer (from the readers' tests) of the seeds
#: letter's gold alignment in that format.
BILINGUAL = {
    "job.xlf": WRITERS["letter.xlf"],
    "job.sdlxliff": WRITERS["letter.sdlxliff"],
    "job.tmx": WRITERS["letter.tmx"],
    "job.po": WRITERS["letter.po"],
}
#: Docs sites in the how-to (folder -> files: name in the site -> file of tests/data).
SITES = {
    "docs-site": {p.name: p for p in (DATA / "realcorpus").iterdir()},
    "tests/data/realcorpus": {p.name: p for p in (DATA / "realcorpus").iterdir()},
    "manual": {p.name: p for p in (DATA / "readers").glob("fpm-hello-fpm.*")},
    "docusaurus": {
        "docs/motivation.md": DATA / "realcorpus/pnpm-motivation.en.md",
        "i18n/zh/docusaurus-plugin-content-docs/current/motivation.md": DATA
        / "realcorpus/pnpm-motivation.zh.md",
    },
    "project": {
        "original/constants.md": DATA / "realcorpus/cloudwego-constants.zh.md",
        "translation/constants.md": DATA / "realcorpus/cloudwego-constants.en.md",
    },
}
#: Literal parts of commands that must not leak out of the temporary folder (or collide with
#: a parallel run): the replacement, given the folder.
REWRITES = {"/tmp/cache": "{tmp}/cache", "--port 8800": "--port 0"}
SCHEDULER = "tcp://head:8786"  # the how-to's Dask scheduler: a real one is started for it
SYNOPSIS = "<!-- synopsis"
#: What a group of commands must have written (beyond exit 0), by group.
WRITTEN = {
    "tutorial": ("report.jsonl", "report.html", "corrected/report.tmx", "findings.xlsx",
                 "report.tmx", "results/letter.align"),
    "docs/reference/glossary-files.md": ("glossary.tbx", "findings.csv", "proposals.csv"),
    "docs/how-to/docs-site.md": ("tm/corpus.tmx", "manual-tm/corpus.tmx", "pnpm-tm/corpus.tmx",
                                 "project-tm/corpus.tmx", "strict-tm/corpus.tmx"),
    "docs/how-to/dask.md": ("aligned/corpus.tmx", "cluster-out/corpus.tmx"),
    "docs/how-to/paraphrase.md": ("links.tsv", "links.html", "article.align"),
    "--help examples": ("letter.sentences.txt", "letter.jsonl", "letter.html",
                        "results/letter.align", "tm/corpus.tmx", "glossary.tbx",
                        "glossary.tsv", "findings.xlsx", "proposals.csv"),
}  # fmt: skip


@dataclass(frozen=True)
class Block:
    lang: str
    line: int  # the line of the opening fence
    lines: tuple[str, ...]
    synopsis: bool


@dataclass(frozen=True)
class Command:
    page: str  # README.md, docs/…, or "--help examples"
    line: int
    text: str


@dataclass(frozen=True)
class Group:
    """Commands run in order in one folder; ``clean``: without the seeds job's output/."""

    name: str
    commands: tuple[Command, ...]
    clean: bool


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


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def page_commands(path: Path, *, synopsis: bool = False) -> list[Command]:
    """The runnable commands of a page (or, with ``synopsis``, those of its option summaries)."""
    return [
        Command(_name(path), b.line, c)
        for b in blocks(path.read_text(encoding="utf-8"))
        if b.lang in ("sh", "console") and b.synopsis is synopsis
        for c in commands(b)
    ]


def _nav(items: object) -> Iterator[str]:
    """The pages of mkdocs.yml's nav, in order."""
    if isinstance(items, str):
        yield items
    elif isinstance(items, list):
        for item in items:
            yield from _nav(item)
    elif isinstance(items, dict):
        for value in items.values():
            yield from _nav(value)


NAV = [DOCS / page for page in _nav(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"])]
PAGES = [README, *sorted(DOCS.rglob("*.md"))]
TUTORIAL = [p for p in NAV if p.parent.name == "tutorial"]
EXAMPLES = tuple(
    Command("--help examples", 0, example(c)) for _, c in app_commands(app) if example(c)
)
GROUPS = [
    Group("README.md", tuple(page_commands(README)), clean=True),
    Group("tutorial", tuple(c for p in TUTORIAL for c in page_commands(p)), clean=True),
    *(
        Group(_name(p), tuple(page_commands(p)), clean=False)
        for p in PAGES[1:]
        if p not in TUTORIAL and page_commands(p)
    ),
    Group("--help examples", EXAMPLES, clean=True),
]
SYNOPSES = [c for p in PAGES for c in page_commands(p, synopsis=True)]


def test_the_pages_show_commands_to_run() -> None:
    runnable = [c for g in GROUPS for c in g.commands]
    assert len(runnable) >= 100 and len(SYNOPSES) >= 7
    assert set(NAV) == set(PAGES[1:]), "every page of docs/ is in mkdocs.yml's nav"
    tutorial = next(g for g in GROUPS if g.name == "tutorial").commands
    assert ["glossalign", "run"] in [shlex.split(c.text, comments=True) for c in tutorial]
    assert any(c.text.startswith("glossalign review report.zh.docx") for c in tutorial)
    how_to = [p for p in PAGES if p.parent.name == "how-to" and p.name != "index.md"]
    assert how_to and all(page_commands(p) for p in how_to), "each how-to runs its commands"


def test_commands_are_only_in_sh_or_console_blocks() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        stray = [
            (b.line, x) for b in blocks(text) if b.lang not in ("sh", "console")
            for x in b.lines if re.match(r"\s*(\$ )?glossalign ", x)
        ]  # fmt: skip
        indented = [x for x in text.splitlines() if re.match(r" {4}(\$ )?glossalign ", x)]
        assert not stray and not indented, f"{_name(page)}: tag these blocks ```sh or ```console"


def test_every_command_ends_its_help_with_an_example_of_itself() -> None:
    for name, command in app_commands(app):
        words = name.split()[1:]
        shown = CliRunner().invoke(app, [*words, "--help"], terminal_width=200).stdout
        line = example(command)
        assert line.startswith(name + " "), f"{name}: its example runs another command"
        assert shown.rstrip().endswith(f"Example: {line}"), name


@pytest.mark.parametrize("command", SYNOPSES, ids=[f"{c.page}:{c.line}" for c in SYNOPSES])
def test_synopsis_options_exist(command: Command) -> None:
    words = shlex.split(command.text, comments=True)[1:]
    name = words[:2] if words[0] == "glossary" else words[:1]
    help_text = CliRunner().invoke(app, [*name, "--help"], terminal_width=200).stdout
    options = re.findall(r"(--[a-z][a-z-]*)", command.text)
    assert options, command
    assert [o for o in options if o not in help_text] == [], command


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


def _documents(work: Path) -> None:
    """The pages' documents: the raw article as Markdown (and as a .txt read --from
    markdown), the letter as Word files, an old GB18030 text, docs sites, a bench-tm corpus."""
    letter = (work / "seeds" / "letter.zh.txt").read_text(encoding="utf-8")
    (work / "old.txt").write_bytes(letter.encode("gb18030"))
    for name in ("article.md", "raw.txt"):
        shutil.copy(ARTICLE, work / name)
    english = (work / "seeds" / "letter.en.txt").read_text(encoding="utf-8")
    write_letter_docx(english, work / "letter.docx")
    write_letter_docx(english, work / "report.en.docx")
    write_letter_docx(letter, work / "report.zh.docx")
    for site, files in SITES.items():
        for name, source in files.items():
            (work / site / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, work / site / name)
    excerpts = work / "realcorpus" / "excerpts"
    shutil.copytree(DATA / "realcorpus", excerpts)
    spec = {"generator": "excerpts", "args": ["."], "src_lang": "zh-CN", "tgt_lang": "en"}
    (excerpts / "bench.json").write_text(json.dumps(spec), encoding="utf-8")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every group starts from: work/ (with the seeds job's output/) beside
    shared/data/mac-dev."""
    tmp = tmp_path_factory.mktemp("pages")
    work = tmp / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    for name, seed in PLACEHOLDERS.items():
        shutil.copy(work / "seeds" / seed, work / name)
    _documents(work)
    gold = load_alignment(
        None, *(work / "seeds" / f"letter.{x}" for x in ("zh.txt", "en.txt", "gold.align"))
    )
    for name, write in BILINGUAL.items():
        (work / name).write_bytes(write(_pairs(gold)))
    _mac_dev_cut(tmp / "shared" / "data" / "mac-dev")
    (work / "FOLDER_WITH_ONLY_BIBLE_001").symlink_to("../shared/data/mac-dev")
    code, err = _run("glossalign run", work)
    assert code == 0, err
    return tmp


def _environment() -> dict[str, str]:
    # This checkout's code and the venv's `glossalign`; `review` opens no real browser.
    bin_dir = str(Path(sys.executable).parent)
    path = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PYTHONPATH": str(ROOT), "PATH": path, "BROWSER": "true"}


def _serve_and_stop(command: str, work: Path) -> tuple[int, str]:
    """Start `glossalign review`, wait for its URL line and for the page, press Save, stop it
    with Ctrl-C (SIGINT)."""
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
        saved = served and _save(url.strip())
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        watchdog.cancel()
    return (0 if saved and proc.returncode == 0 else proc.returncode or 1), f"{url}{err}"


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


def _save(url: str) -> bool:
    """Press Save (in a corpus, on its first pair) as the page does: the session's version,
    the token in the header."""
    base, token = url.split("/?")[0], url.split("token=")[1]
    with httpx.Client(base_url=base, headers={"X-Glossalign-Token": token}, timeout=60) as http:
        pairs = http.get("/api/pairs")
        if pairs.status_code == 200:  # a batch output folder: open its first pair
            first = pairs.json()["pairs"][0]["name"]
            assert http.post("/api/open", json={"name": first}).status_code == 200
        version = http.get("/api/state").json()["version"]
        written = http.post("/api/save", json={"version": version}).json().get("written")
    return bool(written)


def _run(command: str, work: Path, scheduler: str = "") -> tuple[int, str]:
    for old, new in REWRITES.items():
        command = command.replace(old, new.format(tmp=work.parent))
    command = command.replace(SCHEDULER, scheduler or SCHEDULER)
    if command.startswith("glossalign review "):
        return _serve_and_stop(command, work)
    done = subprocess.run(  # pipefail: a pipeline fails when glossalign does
        ["bash", "-o", "pipefail", "-c", command], cwd=work, env=_environment(),
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    return done.returncode, done.stderr


@contextlib.contextmanager
def _scheduler(group: Group, folder: Path) -> Iterator[str]:
    """A Dask scheduler and one worker on 127.0.0.1 for a group that names one, else ''."""
    if not any(SCHEDULER in c.text for c in group.commands):
        yield ""
        return
    env = {**_environment(), "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path[1:]])}
    with dask_cluster(folder, env, workers=1) as (address, _):
        yield address


@pytest.mark.slow
@pytest.mark.skipif(not MAC_DEV.is_dir(), reason=f"no mac-dev corpus at {MAC_DEV}")
@pytest.mark.skipif(not ARTICLE.is_file(), reason=f"no raw article at {ARTICLE}")
@pytest.mark.parametrize("group", GROUPS, ids=[g.name for g in GROUPS])
def test_every_command_runs(group: Group, template: Path, tmp_path: Path) -> None:
    shutil.copytree(template, tmp_path / "pages", symlinks=True)
    work = tmp_path / "pages" / "work"
    if group.clean:
        shutil.rmtree(work / "output")
    failed = []
    with _scheduler(group, tmp_path) as scheduler:
        for command in group.commands:
            code, err = _run(command.text, work, scheduler)
            if code != 0:
                where = f"{command.page}:{command.line}" if command.line else command.page
                failed.append(f"{where}: {command.text}\n  exit {code}: {err.strip()[-400:]}")
    assert not failed, "\n".join(failed)
    assert [x for x in WRITTEN.get(group.name, ()) if not (work / x).is_file()] == []
    if group.name == "tutorial":  # what the seeds job's table says `run` writes is there
        table = (DOCS / "tutorial" / "seeds.md").read_text(encoding="utf-8")
        listed = re.findall(r"^\| `(letter\.[a-z.]+)` \|", table, re.M)
        expected = [x for x in listed if x != "letter.png" or find_chromium()]
        assert (
            len(listed) == 8 and [x for x in expected if not (work / "output" / x).is_file()] == []
        )
