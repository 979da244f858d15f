"""align.batch.inputs: pairs found without a list (language marks in names and folders, two
roots, --pattern) or from a manifest CSV; every file left out listed with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.batch.inputs import Layout, Pair, find_pairs
from align.batch.pairing import Pairing
from align.errors import InputError


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n", encoding="utf-8")


def _found(corpus: Path, **layout: object) -> Pairing:
    return find_pairs(Layout(corpus, **layout))  # type: ignore[arg-type]


def _names(pairing: Pairing, root: Path) -> list[tuple[str, str, str]]:
    return [
        (p.name, p.source.relative_to(root).as_posix(), p.target.relative_to(root).as_posix())
        for p in pairing.pairs
    ]


def _unpaired(pairing: Pairing, root: Path) -> list[tuple[str, str]]:
    return [(u.path.relative_to(root).as_posix(), u.kind) for u in pairing.unpaired]


def test_a_folder_pairs_name_zh_with_name_en_whatever_the_extensions(tmp_path: Path) -> None:
    _touch(tmp_path, "b.zh.txt", "b.en.md", "a.zh.docx", "a.en.docx", "README.md", "notes.txt")
    found = _found(tmp_path)
    assert found.pairs == (
        Pair("a", tmp_path / "a.zh.docx", tmp_path / "a.en.docx"),
        Pair("b", tmp_path / "b.zh.txt", tmp_path / "b.en.md"),
    )
    assert _unpaired(found, tmp_path) == [
        ("README.md", "no language mark"),
        ("notes.txt", "no language mark"),
    ]
    assert found.unpaired_line() == "2 files unpaired (2 no language mark), listed in summary.csv"


def test_zh_and_en_trees_pair_by_relative_path_with_unique_names(tmp_path: Path) -> None:
    _touch(
        tmp_path, "zh/001.txt", "en/001.txt", "zh/guide/index.md", "en/guide/index.md",
        "zh/api/index.md", "en/api/index.md", "en/api/extra.md", "gold/001.align",
        "zh/img/logo.png",
    )  # fmt: skip
    found = _found(tmp_path)
    assert _names(found, tmp_path) == [
        ("001", "zh/001.txt", "en/001.txt"),
        ("api/index", "zh/api/index.md", "en/api/index.md"),
        ("guide/index", "zh/guide/index.md", "en/guide/index.md"),
    ]
    assert _unpaired(found, tmp_path) == [
        ("en/api/extra.md", "no counterpart"),
        ("gold/001.align", "not a document"),
        ("zh/img/logo.png", "not a document"),
    ]


@pytest.mark.parametrize(
    ("zh", "en", "name"),
    [
        ("X.zh.md", "X.en.md", "X"),
        ("X.zh-CN.md", "X.en.md", "X"),
        ("X.zh_CN.md", "X.en-US.md", "X"),
        ("X.zh-Hant.md", "X.en-GB.md", "X"),
        ("X.zh-TW.md", "X.md", "X"),  # an unmarked file is the other language
        ("X.html.zh-cn.utf8", "X.html.en.utf8", "X"),
        ("X.html.zh-cn.utf8", "X.html.en", "X"),
        ("X_zh.md", "X_en.md", "X"),
        ("X-zh.md", "X-en.md", "X"),
        ("README_CN.md", "README.md", "README"),
        ("docs/X.zh-Hans.mdx", "docs/X.mdx", "docs/X"),
        ("zh-Hans/X.mdx", "en/X.mdx", "X"),
        ("zh_CN/guide/X.html", "en/guide/X.html", "guide/X"),
        ("zh-HK/X.md", "en-US/X.md", "X"),
        ("content/zh/docs/X.md", "content/en/docs/X.md", "content/docs/X"),
        ("pkg/docs/zh/X.md", "pkg/docs/X.md", "pkg/docs/X"),  # VitePress: zh/ beside the root
    ],
)
def test_language_marks_in_names_and_folders(tmp_path: Path, zh: str, en: str, name: str) -> None:
    _touch(tmp_path, zh, en)
    assert _names(_found(tmp_path), tmp_path) == [(name, zh, en)]


def test_two_roots_pair_a_docusaurus_site_and_skip_a_root_inside_the_other(
    tmp_path: Path,
) -> None:
    current = "i18n/zh-Hans/docusaurus-plugin-content-docs/current"
    _touch(
        tmp_path, "docs/intro.md", "docs/guide/a.mdx", "docs/only-en.md", f"{current}/intro.md",
        f"{current}/guide/a.mdx", f"{current}/_category_.json",
    )  # fmt: skip
    found = find_pairs(Layout(src_root=tmp_path / current, tgt_root=tmp_path / "docs"))
    assert _names(found, tmp_path) == [
        ("guide/a", f"{current}/guide/a.mdx", "docs/guide/a.mdx"),
        ("intro", f"{current}/intro.md", "docs/intro.md"),
    ]
    assert _unpaired(found, tmp_path) == [
        ("docs/only-en.md", "no counterpart"),
        (f"{current}/_category_.json", "not a document"),
    ]
    # VitePress: the Chinese root inside the English one is walked once, as Chinese.
    _touch(tmp_path, "site/x.md", "site/zh/x.md", "site/zh-TW/x.md")
    found = find_pairs(Layout(src_root=tmp_path / "site/zh", tgt_root=tmp_path / "site"))
    assert _names(found, tmp_path) == [("x", "site/zh/x.md", "site/x.md")]
    assert _unpaired(found, tmp_path) == [("site/zh-TW/x.md", "no counterpart")]


def test_a_pattern_pairs_any_layout(tmp_path: Path) -> None:
    _touch(tmp_path, "content/a.zh.md", "content/a.md", "content/b/c.zh.md", "content/b/c.md",
           "static/x.md")  # fmt: skip
    found = _found(tmp_path, pattern="content/{name}.zh.md=content/{name}.md")
    assert _names(found, tmp_path) == [
        ("a", "content/a.zh.md", "content/a.md"),
        ("b/c", "content/b/c.zh.md", "content/b/c.md"),
    ]
    assert _unpaired(found, tmp_path) == [("static/x.md", "no pattern")]
    found = _found(tmp_path, pattern="*/{name}.zh.md = content/{name}.md")
    assert [p.name for p in found.pairs] == ["a", "b/c"]


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("zh/{name}.md", r"give two path templates as SOURCE=TARGET"),
        ("zh/{name}.md=en/x.md", r"each side needs \{name\} once"),
        ("{name}.md={name}.md", r"a\.md matches both sides"),
    ],
)
def test_a_bad_pattern_is_one_clear_error(tmp_path: Path, pattern: str, message: str) -> None:
    _touch(tmp_path, "a.md")
    with pytest.raises(InputError, match=message):
        _found(tmp_path, pattern=pattern)


def test_files_claiming_the_same_pair_are_a_warning_and_a_listed_skip(tmp_path: Path) -> None:
    _touch(tmp_path, "a.zh.txt", "a.zh.md", "a.en.txt", "b.zh.md", "b.en.md")
    found = _found(tmp_path)
    assert [p.name for p in found.pairs] == ["b"]
    assert _unpaired(found, tmp_path) == [
        ("a.en.txt", "conflict"), ("a.zh.md", "conflict"), ("a.zh.txt", "conflict"),
    ]  # fmt: skip
    assert len(found.warnings) == 1
    assert found.warnings[0].startswith("3 files claim the pair 'a' (")
    assert found.warnings[0].endswith("): none is aligned; rename or move the extra ones")


def test_variants_of_one_language_each_pair_with_the_other(tmp_path: Path) -> None:
    _touch(tmp_path, "letter.zh.txt", "letter.zh-Hant.txt", "letter.en.txt",
           "guide.zh-CN.md", "guide.en-US.md", "guide.en-GB.md")  # fmt: skip
    assert _names(_found(tmp_path), tmp_path) == [
        ("guide", "guide.zh-CN.md", "guide.en-GB.md"),
        ("guide.en-US", "guide.zh-CN.md", "guide.en-US.md"),
        ("letter", "letter.zh.txt", "letter.en.txt"),
        ("letter.zh-Hant", "letter.zh-Hant.txt", "letter.en.txt"),
    ]


def test_hidden_entries_are_listed_not_entered_and_the_output_folder_is_not_walked(
    tmp_path: Path,
) -> None:
    _touch(tmp_path, "a.zh.md", "a.en.md", ".git/HEAD.md", ".DS_Store", "out/pairs/a.zh.md")
    found = find_pairs(Layout(tmp_path, skip=tmp_path / "out"))
    assert _unpaired(found, tmp_path) == [(".DS_Store", "hidden"), (".git", "hidden")]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (("a.zh.txt",), r"no document pairs; 1 files unpaired \(1 no counterpart\)"),
        (("zh/1.txt", "en/2.txt"), r"no document pairs; 2 files unpaired \(2 no counterpart\)"),
        (("a.zh.txt", "a.zh.md", "a.en.txt"), r"3 files unpaired \(3 conflict\)"),
        (("README.md", "x.png"), r"\(1 no language mark, 1 not a document\)"),
        ((), r"no document pairs; expected NAME\.zh\.EXT"),
    ],
)
def test_a_tree_where_nothing_pairs_is_one_clear_error(
    tmp_path: Path, files: tuple[str, ...], message: str
) -> None:
    _touch(tmp_path, *files)
    with pytest.raises(InputError, match=message):
        _found(tmp_path)


def test_a_manifest_with_a_header_names_and_relative_paths(tmp_path: Path) -> None:
    _touch(tmp_path, "docs/x.zh.txt", "docs/x.en.txt", "y-zh.txt", "y-en.txt")
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(
        "source,target,name\ndocs/x.zh.txt,docs/x.en.txt,\n"
        f"{tmp_path / 'y-zh.txt'},y-en.txt,chapter y\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"pairs.csv:2: expected source,target\[,name\]"):
        _found(manifest)  # an empty name cell is a mistake, not a default
    manifest.write_text(
        "docs/x.zh.txt,docs/x.en.txt\n"
        f"{tmp_path / 'y-zh.txt'},y-en.txt,chapter y\n",
        encoding="utf-8",
    )  # fmt: skip
    assert _found(manifest).pairs == (
        Pair("chapter y", tmp_path / "y-zh.txt", tmp_path / "y-en.txt"),
        Pair("x", tmp_path / "docs/x.zh.txt", tmp_path / "docs/x.en.txt"),
    )


def test_bad_manifests_and_layouts_are_one_clear_error(tmp_path: Path) -> None:
    _touch(tmp_path, "a/x.zh.txt", "a/x.en.txt", "b/x.zh.txt", "b/x.en.txt")
    manifest = tmp_path / "m.csv"
    manifest.write_text("a/x.zh.txt,a/x.en.txt\nb/x.zh.txt,b/x.en.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match="two pairs named 'x'"):
        _found(manifest)
    manifest.write_text("a/x.zh.txt,a/x.en.txt,../x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'\.\./x' cannot name output files"):
        _found(manifest)
    manifest.write_text("a/x.zh.txt,a/missing.txt\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"m\.csv:1: .*missing\.txt: no such file"):
        _found(manifest)
    with pytest.raises(InputError, match="no such file or folder"):
        _found(tmp_path / "nowhere")
    with pytest.raises(InputError, match="give both --src-root and --tgt-root"):
        find_pairs(Layout(src_root=tmp_path / "a"))
    with pytest.raises(InputError, match="give INPUT or --src-root/--tgt-root, not both"):
        find_pairs(Layout(tmp_path, src_root=tmp_path / "a", tgt_root=tmp_path / "b"))
    with pytest.raises(InputError, match="give INPUT"):
        find_pairs(Layout())
    with pytest.raises(InputError, match="--pattern applies to a folder"):
        _found(manifest, pattern="{name}.zh.md={name}.en.md")
