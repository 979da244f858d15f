"""A non-literary development set for the aligner, rebuilt from the WMT22 general test set
(github.com/wmt-conference/wmt22-news-systems, commit ``COMMIT``; the data is not committed
here): news documents in both directions, their 1-1 sentence pairs joined at random into 1-2,
2-1, 1-3 and 3-1 beads as translators join sentences (a joined Chinese sentence's inner 。？！
becomes ，, a joined English sentence's inner full stop a semicolon).

* ``en-zh``: the 31 ``news`` documents of ``xml/wmttest2022.en-zh.all.xml`` (English
  originals), translator A's Chinese;
* ``zh-en``: ``txt/sources/generaltest2022.zh-en.src.zh`` (Chinese originals, news, e-commerce,
  social and chat lines in their documents' order, no document ids) against
  ``txt/references/generaltest2022.zh-en.ref.A.en``, cut into documents of 60 lines.

Written as ``OUT/{en-zh,zh-en}/{zh,en,gold}/NNN`` (one sentence a line, gold Chinese ids first),
the layout ``glossalign bench`` reads. Run as
``python -m align.bench.nonliterary GIT_DIR OUT [--seed N]`` with ``GIT_DIR`` a clone (or a
bare mirror) of that repository.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

from align.beads import Bead, format_beads

COMMIT = "20240a2e96a50e823ea8cdf37fd8af52547146e3"
EN_ZH_XML = "xml/wmttest2022.en-zh.all.xml"
ZH_EN_SRC = "txt/sources/generaltest2022.zh-en.src.zh"
ZH_EN_REF = "txt/references/generaltest2022.zh-en.ref.A.en"
CHUNK = 60
#: Chance that a sentence pair starts a joined bead of each shape (zh sentences, en sentences).
JOINS = {(1, 2): 0.12, (2, 1): 0.12, (1, 3): 0.04, (3, 1): 0.02}
_ZH_END = re.compile(r"[。？！]([”』」]?)$")
_LOWER_START = re.compile(
    r"^(The|This|That|These|Those|It|He|She|They|We|But|And|In|On|At|A|An|There|However|"
    r"As|So|Some|Many|Most|For|If|When|While|After|Before|Its|His|Her|Their|Our)\b"
)

Pair = tuple[str, str]


def git_show(git_dir: Path, path: str) -> str:
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{COMMIT}:{path}"],
                          check=True, capture_output=True)  # fmt: skip
    return done.stdout.decode("utf-8")


def en_zh_documents(xml: str) -> list[list[Pair]]:
    """The news documents of the en-zh test set: (Chinese, English) pairs, translator A."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(xml.encode("utf-8"), parser)
    docs = []
    for doc in root.iter("doc"):
        if doc.get("domain") != "news":
            continue
        en = [s.text or "" for s in doc.find("src").iter("seg")]
        ref = next(r for r in doc.iter("ref") if r.get("translator") == "A")
        zh = [s.text or "" for s in ref.iter("seg")]
        docs.append(list(zip(zh, en, strict=True)))
    return docs


def zh_en_documents(src: str, ref: str) -> list[list[Pair]]:
    """The zh-en test set's lines in documents of ``CHUNK`` lines."""
    pairs = list(zip(src.splitlines(), ref.splitlines(), strict=True))
    return [pairs[k : k + CHUNK] for k in range(0, len(pairs), CHUNK)]


def join_zh(parts: Sequence[str]) -> str:
    return "".join(_ZH_END.sub(r"\1，", p) for p in parts[:-1]) + parts[-1]


def join_en(parts: Sequence[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        part = _LOWER_START.sub(lambda m: m.group(1).lower(), part) if part[:2] != "I " else part
        out = (out[:-1] if out.endswith(".") else out) + "; " + part
    return out


def joined(pairs: Sequence[Pair], rng: random.Random) -> tuple[list[str], list[str], list[Bead]]:
    """The document with some pairs joined: its Chinese and English lines and the gold."""
    zh: list[str] = []
    en: list[str] = []
    gold: list[Bead] = []
    k = 0
    while k < len(pairs):
        a, b = 1, 1
        draw = rng.random()
        for (za, eb), p in JOINS.items():
            if draw < p and k + max(za, eb) <= len(pairs):
                a, b = za, eb
                break
            draw -= p
        group = pairs[k : k + max(a, b)]
        zh_parts, en_parts = [z for z, _ in group], [e for _, e in group]
        new_zh = [join_zh(zh_parts)] if a == 1 else zh_parts
        new_en = [join_en(en_parts)] if b == 1 else en_parts
        gold.append(Bead(tuple(range(len(zh), len(zh) + len(new_zh))),
                         tuple(range(len(en), len(en) + len(new_en)))))  # fmt: skip
        zh += new_zh
        en += new_en
        k += len(group)
    return zh, en, gold


def write_set(out: Path, documents: Sequence[Sequence[Pair]], seed: int) -> None:
    rng = random.Random(seed)
    for sub in ("zh", "en", "gold"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for n, pairs in enumerate(documents, 1):
        pairs = [(z.strip(), e.strip()) for z, e in pairs if z.strip() and e.strip()]
        zh, en, gold = joined(pairs, rng)
        (out / "zh" / f"{n:03d}.txt").write_text("\n".join(zh) + "\n", "utf-8")
        (out / "en" / f"{n:03d}.txt").write_text("\n".join(en) + "\n", "utf-8")
        (out / "gold" / f"{n:03d}.align").write_text(format_beads(gold, False), "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_set(args.out / "en-zh", en_zh_documents(git_show(args.git_dir, EN_ZH_XML)), args.seed)
    zh_en = zh_en_documents(git_show(args.git_dir, ZH_EN_SRC), git_show(args.git_dir, ZH_EN_REF))
    write_set(args.out / "zh-en", zh_en, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
