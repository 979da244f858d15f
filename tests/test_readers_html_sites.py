"""The HTML reader on excerpts of real pages (tests/data/readers/README.md says where each
comes from, and measure_chrome.py measures the rules on whole pages): the main content's
blocks exactly, and the chrome that ``--html all`` keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.readers import read_document
from align.readers.document import ReadOptions

DATA = Path(__file__).parent / "data" / "readers"

MAIN = {
    "fpm-hello-fpm.en.html": [
        ("title", "First steps with fpm — Fortran Package Manager"),
        ("heading", "First steps with fpm"),
        (
            "paragraph",
            "This tutorial covers the basic usage of the Fortran Package Manager "
            "(fpm) command line. It will cover the generation of a new project and "
            "the possibility to compile a project into an executable as well as "
            "the possibility to run the resulting program.",
        ),
        ("paragraph", "To start a new project with fpm use the fpm new command"),
        (
            "paragraph",
            "By default fpm creates a git repository with a dummy project in the "
            "fpm standard layout",
        ),
    ],
    "fpm-hello-fpm.zh_CN.html": [
        ("title", "使用 fpm 的第一步 — Fortran Package Manager"),
        ("heading", "使用 fpm 的第一步"),
        (
            "paragraph",
            "本教程介绍了Fortran包管理器（fpm）的命令行基本用法。"
            "它涵盖新项目的生成、"
            "将项目编译为可执行文件的可能性以及运行结果程序的可能性。",
        ),
        ("paragraph", "要使用 fpm 新建项目，请使用 fpm new 命令:"),
        ("paragraph", "默认情况下，fpm 使用 fpm 标准布局中的式样项目创建一个 git 存储库："),
    ],
    "jest-getting-started.zh-Hans.html": [
        ("title", "Getting Started · Jest"),
        ("heading", "Getting Started"),
        ("paragraph", "Install Jest using your favorite package manager:"),
        ("item", "npm"),
        ("item", "Yarn"),
        ("item", "pnpm"),
        (
            "paragraph",
            "Let's get started by writing a test for a hypothetical function that "
            "adds two numbers. First, create a sum.js file:",
        ),
    ],
    "lua-manual.zh.html": [
        ("heading", "Lua 5.3 参考手册"),
        ("paragraph", "作者 Roberto Ierusalimschy, Luiz Henrique de Figueiredo, Waldemar Celes"),
        ("paragraph", "译者 云风"),
        ("paragraph", "Lua.org, PUC-Rio 版权所有 © 2015 ，在遵循 Lua license 条款下，可自由使用。"),
        ("heading", "1 – 简介"),
        (
            "paragraph",
            "Lua 是一门扩展式程序设计语言，被设计成支持通用过程式编程，"
            "并有相关数据描述设施。同时对面向对象编程、"
            "函数式编程和数据驱动式编程也提供了良好的支持。它作为一个强大、"
            "轻量的嵌入式脚本语言，可供任何需要的程序使用。 Lua 由 clean C（标准 C "
            "和 C++ 间共通的子集） 实现成一个库。",
        ),
        (
            "paragraph",
            '作为一门扩展式语言，Lua 没有 "main" 程序的概念：它只能 嵌入 '
            "一个宿主程序中工作，该宿主程序被称为 被嵌入程序 或者简称 宿主 。"
            "宿主程序可以调用函数执行一小段 Lua 代码，可以读写 Lua 变量，可以注册 "
            "C 函数让 Lua 代码调用。依靠 C 函数，Lua "
            "可以共享相同的语法框架来定制编程语言，从而适用不同的领域。 Lua "
            "的官方发布版包含一个叫做 lua 的宿主程序示例，它是一个利用 Lua "
            "库实现的完整独立的 Lua 解释器，可用于交互式应用或批处理。",
        ),
    ],
    "odh-why-open-data.zh_CN.html": [
        ("title", "为什么要开放数据？ — Open Data Handbook"),
        ("heading", "为什么要开放数据？"),
        (
            "paragraph",
            "开放数据，尤其是:term:开放的政府数据，"
            "是一类重要的但仍未被妥善开发利用的庞大资源。"
            "许多个人和组织为了完成鸽子的人物都收集了广泛的不同类型的数据。"
            "政府在这当中尤为突出，"
            "这不仅是因为其收集的数据的总量以及种类尤其庞大繁多，"
            "而且因为大部分政府数据本身受法律的规定需要公开，"
            "这也就使得政府数据可以被开放并且被公众获取以及利用。"
            "那么为什么将数据开放是如此重要的呢？",
        ),
        (
            "paragraph",
            "在许多不同的领域中我们都可以期待开放数据能具备其价值，"
            "在这一点上我们已经能看到相应的案例。同时，"
            "大量的组织和个人将会受益于数据的开放，这也包含政府本身。然而，"
            "预测开放数据在将来将以何种方式在哪个领域创建何种价值是无法预测的，"
            "要知道，创新的本质就是其往往来自于意想不到之处。",
        ),
        ("paragraph", "对于开放的政府数据将会对哪些领域做出贡献则是可以列举的，比如："),
    ],
}

#: Chrome of each page that --html main leaves out and --html all keeps.
CHROME = {
    "fpm-hello-fpm.en.html": [
        "Toggle navigation sidebar",
        "Installation",
        "First steps with fpm¶",
        "· cn · cs · de · en · es · fr · ja · nl · pt · ru ·",
        "previous",
        "By fpm contributors",
    ],
    "fpm-hello-fpm.zh_CN.html": [
        "切换导航",
        "使用 fpm 的第一步¶",
        "上一页",
        "通过 fpm contributors",
    ],
    "jest-getting-started.zh-Hans.html": [
        "跳到主要内容",
        "English",
        "Using Matchers",
        "版本：30.0",
        "编辑此页",
        "下一页",
        "Built with Docusaurus.",
    ],
    "lua-manual.zh.html": ["目录 · 索引 · 中英术语对照表", "最后更新时间： 2015年1月18日19:54"],
    "odh-why-open-data.zh_CN.html": [
        "Open Data Handbook",
        "为什么要开放数据？¶",
        "Table of Contents",
        "Source — Issues — Mailing List — Twitter @OKFN",
    ],
}


@pytest.mark.parametrize("name", sorted(MAIN))
def test_main_content_blocks(name: str) -> None:
    doc = read_document(DATA / name)
    assert doc.format == "html"
    assert [(b.kind, b.text) for b in doc.blocks] == MAIN[name]


@pytest.mark.parametrize("name", sorted(MAIN))
def test_html_all_keeps_the_chrome(name: str) -> None:
    texts = [b.text for b in read_document(DATA / name, options=ReadOptions(html="all")).blocks]
    assert all(text in texts for text in CHROME[name])
    assert not any(text in [t for _, t in MAIN[name]] for text in CHROME[name])
    assert all(text in texts for _, text in MAIN[name])
