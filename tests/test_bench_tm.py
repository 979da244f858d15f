"""align.bench.tmcheck and align.bench.tm: the markup and language check of a translation
memory, and `glossalign bench-tm` over a corpus folder of sites."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.beads import Alignment, Bead
from align.bench.tm import SiteResult, batch_command, format_results, load_sites
from align.bench.tmcheck import check_tmx, code_spans, markup_kinds
from align.bench.tmsegments import check_pair, check_sentences
from align.cli import app
from align.errors import InputError
from align.formats import to_tmx

EXCERPTS = Path(__file__).resolve().parent / "data" / "realcorpus"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Pinia is a store library for Vue.", []),
        ("在 Hertz 中定义了一系列的常量以供用户使用。", []),
        ("使用 `<script setup>` 时，`{{ count }}` 会更新。", []),  # inline code is quoted
        ("It returns a Promise<void> or a Ref<T>.", []),  # type parameters, not tags
        ("Written in C# and F#", []),
        ("id: Each field must have a positive integer identifier.", []),
        ("pmOnFail: download | ignore | warn | error", []),
        ("convert it to type map[string][]string", []),
        ("Provide completion for pnpm --filter <package>.", []),
        ("1. Create a bare repository", []),
        ("简介 %{#introduction}%", ["heading anchor {#id}"]),
        ("Introduction {#introduction}", ["heading anchor {#id}"]),
        ("从 Vuex ≤4 迁移 %{#migrating-from-vuex-≤4}%", ["heading anchor {#id}"]),
        ("Intro {.lead}", ["attribute block {.class}"]),
        ("::: tip 提示", ["container :::"]),
        ("请参考迁移指南。 :::", ["container :::"]),
        ('!!! note "Title"', ["admonition !!!"]),
        ("[ ] Write the press release", ["task list box [ ]"]),
        ("[!WARNING] Custom Title Critical content.", ["GitHub alert [!NOTE]"]),
        ('+++ version = "2.1" aliases = [] +++', ["front matter"]),
        ('title: "常量" date: 2023-05-24', ["front matter"]),
        ("import Tabs from '@theme/Tabs';", ["MDX import/export"]),
        ('<Badge type="tip" text="v2" /> Plugins', ["HTML tag"]),
        ("Tom &amp; Jerry", ["HTML entity"]),
        ("<!-- <VueSchoolLink", ["HTML comment"]),
        ("Pinia [起始](https://github.com/vuejs/pinia)于 2019 年", ["Markdown link"]),
        ("![An illustration](/img/pnpm-store.svg)", ["Markdown link", "Markdown image"]),
        ("It **exposes your application** to risk", ["Markdown emphasis"]),
        ("## Why should I use Pinia?", ["Markdown heading #"]),
        ("- Testing utilities", ["list marker"]),
        ("| Name | Type |", ["table row |"]),
        ("```go", ["code fence"]),
        ("{{< alert >}} Note", ["template tag {{ }} {% %}"]),
        ("What is a Handler ¶", ["pilcrow ¶"]),
        ("Installation\u200b", ["hash link"]),
        ("Skip to main content", ["chrome phrase"]),
        ("编辑此页", ["chrome phrase"]),
        ("Edit this page Last updated on 1 May 2024", ["chrome phrase"]),
        ("上一页 下一页", ["chrome phrase"]),
        ('By default, this will add the link text "Edit this page" at the bottom.', []),
        ("可用于自定义出现在上一页和下一页链接上方的文本。", []),
        ("Learn more in MiniSearch docs.", []),
        ("Modules | Directives | FAQ | Glossary | Sitemap", ["navigation bar a | b | c"]),
        ("Home > Docs > Guide", ["breadcrumb a > b"]),
        ("English 简体中文", ["language switcher"]),
        ("3.1.1\tPolicy\t2", ["table of contents line"]),
        ("3.1.1Policy", ["numbering glued to text"]),
        ("4.0.3版是对4.0版的第三个小补丁", []),  # a version number, written against its word
        ("a \\* b", ["Markdown escape \\*"]),
    ],
)
def test_each_kind_of_markup_and_chrome_is_found(text: str, kinds: list[str]) -> None:
    assert markup_kinds(text) == kinds


def test_code_the_source_wrote_is_set_aside() -> None:
    source = "用途 `<URL>&#58;密钥文件`，`plain`、`{{ count }}` 和 `**`。 Not ~~`x`~~ &amp; this."
    spans = code_spans(source)
    assert spans == {"<URL>&#58;密钥文件", "{{ count }}"}  # only code the check would flag
    unit = "用途 <URL>&#58;密钥文件，plain、{{ count }} 和 **。"
    assert markup_kinds(unit) == ["HTML entity", "template tag {{ }} {% %}"]
    assert markup_kinds(unit, spans) == []
    assert markup_kinds("Tom &amp; <URL>&#58;密钥文件", spans) == ["HTML entity"]


def test_conjunction_only_sentences_and_splits_inside_quotes_are_counted() -> None:
    sentences = [
        "他说：“好。",
        "我走了。”",
        "或者",
        "（注：一。",
        "二。）",
        "完。",
        "“新段。",
        "或",
        "完。",
    ]
    check = check_sentences(sentences, [0, 0, 1, 2, 2, 2, 3, 4, 4])
    assert check.sentences == 9
    assert check.conjunctions == ("或",)  # cut from its paragraph
    assert check.conjunction_paragraphs == ("或者",)  # a paragraph of its own
    assert check.quote_splits == (
        "他说：“好。 | 我走了。”",
        "（注：一。 | 二。）",
    )  # not across paragraphs


def test_a_pairs_sentences_are_checked_as_batch_reads_them(tmp_path: Path) -> None:
    (tmp_path / "a.zh.md").write_text("他说：“好。我走了。”\n\n或者\n\n完。", encoding="utf-8")
    (tmp_path / "a.en.md").write_text("He said: “Fine. I go.”\n\nor\n\nDone.", encoding="utf-8")
    check = check_pair(tmp_path, "a.zh.md", "a.en.md", ("zh-CN", "en"))
    assert check.conjunctions == ()
    assert check.conjunction_paragraphs == ("或者", "or")
    assert check.quote_splits == ("他说：“好。 | 我走了。”", "He said: “Fine. | I go.”")


def _tmx(tmp_path: Path) -> Path:
    alignment = Alignment(
        ("你好。", "简介 {#intro}", "编辑此页"),
        ("Hello.", "Introduction {#intro}", "Edit this page"),
        tuple(Bead((k,), (k,), 0.9) for k in range(3)),
    )
    path = tmp_path / "corpus.tmx"
    path.write_text(to_tmx(alignment), encoding="utf-8")
    return path


def test_a_tmx_is_checked_for_markup_and_for_its_languages(tmp_path: Path) -> None:
    check = check_tmx(_tmx(tmp_path), ("zh-CN", "en"))
    assert check.units == 3 and check.markup_units == 2 and check.wrong_lang == 0
    assert check.by_kind == {"heading anchor {#id}": 1, "chrome phrase": 1}
    assert [(h.kinds, h.src, h.tgt) for h in check.hits] == [
        (("heading anchor {#id}",), "简介 {#intro}", "Introduction {#intro}"),
        (("chrome phrase",), "编辑此页", "Edit this page"),
    ]
    declared_traditional = check_tmx(_tmx(tmp_path), ("zh-TW", "en"))
    assert declared_traditional.wrong_lang == 3
    assert declared_traditional.wrong_lang_examples[0] == ": zh-CN / en: 你好。"


def _site(corpus: Path, name: str = "excerpts") -> Path:
    folder = corpus / name
    shutil.copytree(EXCERPTS, folder)
    spec = {"generator": "excerpts", "args": ["."], "src_lang": "zh-CN", "tgt_lang": "en"}
    (folder / "bench.json").write_text(json.dumps(spec), encoding="utf-8")
    return folder


def test_sites_are_read_from_their_bench_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no site folder with a bench\.json"):
        load_sites(tmp_path)
    folder = _site(tmp_path)
    (tmp_path / "excerpts.out").mkdir()  # an output folder is not a site
    [site] = load_sites(tmp_path)
    assert (site.name, site.args, site.langs) == ("excerpts", (".",), ("zh-CN", "en"))
    line = batch_command(site, tmp_path / "excerpts.out", 1, "default")
    assert line[1:][:5] == ["batch", ".", "-o", str(tmp_path / "excerpts.out"), "--workers"]
    (folder / "bench.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"bench\.json: not a site description"):
        load_sites(tmp_path)


def test_the_table_has_one_row_per_site_and_the_examples_after() -> None:
    result = SiteResult("pinia", "VitePress", 0, 12.3, 22, 0, 137, 900,
                        {"one-sided": 5, "identical": 40}, 2, {"Markdown link": 2}, 0,
                        ["Markdown link | guide | a [b](c) | a [b](c)"], 1, 3, 4)  # fmt: skip
    table = format_results([result]).splitlines()
    assert table[0].endswith(
        "| wrong xml:lang | conjunction-only | quote splits | conjunction paragraphs | exit |"
    )
    cells = (
        "pinia | VitePress | 22 | 0 | 137 | 900 | 5 | 0 | 0 | 40 | 0 | 12 | 2 | 0 | 1 | 3 | 4 | 0"
    )
    assert table[2] == f"| {cells} |"
    assert table[-2:] == [
        "pinia: markup by kind: Markdown link 2",
        "  Markdown link | guide | a [b](c) | a [b](c)",
    ]


@pytest.mark.slow
def test_bench_tm_aligns_a_site_without_a_pair_list_and_checks_its_tmx(tmp_path: Path) -> None:
    _site(tmp_path)
    result = CliRunner().invoke(app, ["bench-tm", str(tmp_path), "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    [site] = json.loads(result.stdout)
    # Unpaired: README.md (no language mark) and bench.json (not a document).
    assert (site["pairs"], site["failed"], site["unpaired"], site["exit_code"]) == (3, 0, 2, 0)
    assert site["units"] > 10 and site["wrong_lang"] == 0
    markup = (tmp_path / "excerpts.out" / "markup.tsv").read_text(encoding="utf-8")
    assert len(markup.splitlines()) == site["markup_units"] + 1  # a header, a row per unit
    segments = (tmp_path / "excerpts.out" / "segments.tsv").read_text(encoding="utf-8")
    assert len(segments.splitlines()) == site["conjunctions"] + site["quote_splits"] + 1
