"""Build the real corpus of ``glossalign bench-tm``: extract each site of ``sites.toml`` from
its fetched git mirror, at the recorded commit, into ``CORPUS_DIR/SITE/``, with the
``bench.json`` that says how to align it. Run by hand (the mirrors come from a session's
``fetch`` tool), never by CI; it only reads the mirrors (``git cat-file``, ``git ls-tree``).

    python tests/realcorpus/build.py CORPUS_DIR [--mirrors /work/.mirror] [--only pinia]

A mirror of ``owner/name`` is the bare git folder ``MIRRORS/owner+name/repo``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Files above this size are not extracted (images, archives).
MAX_BYTES = 2_000_000


def glob_regex(glob: str) -> re.Pattern[str]:
    """``**`` crosses folders, ``*`` and ``?`` do not; the whole path must match."""
    parts = re.split(r"(\*\*|\*|\?)", glob)
    wild = {"**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(wild.get(p, re.escape(p)) for p in parts))


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    done = subprocess.run(["git", f"--git-dir={git_dir}", *args], input=data,
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"git {' '.join(args[:2])} in {git_dir}: {done.stderr.decode().strip()}")
    return done.stdout


def site_files(git_dir: Path, site: dict) -> list[str]:
    """The paths of ``site`` at its commit that an include glob matches and no exclude glob
    does, under ``MAX_BYTES``."""
    include = [glob_regex(g) for g in site["include"]]
    exclude = [glob_regex(g) for g in site.get("exclude", [])]
    listing = _git(git_dir, "ls-tree", "-r", "-l", "-z", site["commit"]).decode()
    chosen = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        kind, size = meta.split()[1], meta.split()[3]
        if kind != "blob" or not size.isdigit() or int(size) > MAX_BYTES:
            continue
        if any(g.fullmatch(path) for g in include) and not any(g.fullmatch(path) for g in exclude):
            chosen.append(path)
    return chosen


def extract(git_dir: Path, commit: str, paths: list[str], dest: Path) -> None:
    """Write each of ``paths`` at ``commit`` under ``dest`` (one ``git cat-file --batch``)."""
    query = "".join(f"{commit}:{path}\n" for path in paths).encode()
    out = _git(git_dir, "cat-file", "--batch", data=query)
    at = 0
    for path in paths:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1


def build_site(site: dict, corpus: Path, mirrors: Path) -> int:
    """Extract one site afresh; the number of files written."""
    mirror = site.get("mirror", site["repo"])
    git_dir = mirrors / mirror.replace("/", "+") / "repo"
    if not git_dir.is_dir():
        sys.exit(f"{git_dir}: no mirror of {mirror}; fetch github:{mirror} first")
    _git(git_dir, "cat-file", "-e", f"{site['commit']}^{{commit}}")
    dest = corpus / site["name"]
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    paths = site_files(git_dir, site)
    extract(git_dir, site["commit"], paths, dest)
    spec = {key: site[key] for key in ("generator", "args", "src_lang", "tgt_lang")}
    spec |= {"repo": site["repo"], "commit": site["commit"], "note": site.get("note", "")}
    (dest / "bench.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder to build (one folder per site)")
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--sites", type=Path, default=HERE / "sites.toml")
    parser.add_argument("--only", action="append", help="build only this site (repeatable)")
    args = parser.parse_args()
    sites = tomllib.loads(args.sites.read_text(encoding="utf-8"))["site"]
    for site in sites:
        if args.only and site["name"] not in args.only:
            continue
        count = build_site(site, args.corpus, args.mirrors)
        print(f"{site['name']}: {count} files from {site['repo']} at {site['commit'][:12]}")


if __name__ == "__main__":
    main()
