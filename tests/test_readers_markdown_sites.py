"""The Markdown reader on excerpts of real docs-site pages (tests/data/readers/README.md says
where each comes from): every block, text and kind, exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.readers import read_document
from align.readers.document import ReadOptions

DATA = Path(__file__).parent / "data" / "readers"

SITES = {
    # VitePress: description front matter, {#id} anchors, a code group, a snippet include,
    # a titled tip container; the config's comments with --code comments
    "vitepress-getting-started.zh.md": (
        4,
        [
            ("meta", "快速上手 VitePress。了解如何安装、创建项目结构并开始开发你的文档站点。"),
            ("heading", "快速开始"),
            ("heading", "在线尝试"),
            ("paragraph", "可以直接在 StackBlitz 上进行在线尝试。"),
            (
                "paragraph",
                "VitePress 可以单独使用，也可以安装到现有项目中。在这两种情况下，"
                "都可以使用以下方式安装它：",
            ),
            ("paragraph", "将需要回答几个简单的问题："),
            ("heading", "Vue 作为 peer dependency"),
            (
                "paragraph",
                "如果打算使用 Vue 组件或 API 进行自定义，还应该明确地将 vue 安装为 dependency。",
            ),
            ("heading", "配置文件"),
            ("comment", "站点级选项"),
            ("comment", "主题级选项"),
        ],
    ),
    # VitePress home page: the hero's and features' text fields, nothing of the layout
    "vitepress-home.zh.md": (
        0,
        [
            (
                "meta",
                "VitePress 是一个由 Vite 和 Vue 驱动的静态站点生成器，"
                "可以用 Markdown 快速创建精美的文档站点。",
            ),
            ("meta", "由 Vite 和 Vue 驱动的静态站点生成器"),
            ("meta", "将 Markdown 变成优雅的文档，只需几分钟"),
            ("meta", "什么是 VitePress?"),
            ("meta", "快速开始"),
            ("meta", "VitePress"),
            ("meta", "专注内容"),
            ("meta", "只需 Markdown 即可轻松创建美观的文档站点。"),
        ],
    ),
    # Starlight MDX: imports and {/* comments */} dropped, :::tip[Title], components with
    # multi-line props, indented children of <Steps> read as Markdown, not code
    "tauri-create-project.zh-cn.mdx": (
        1,
        [
            ("title", "创建项目"),
            (
                "paragraph",
                "Tauri 如此灵活的一点在于它能够与几乎任何前端框架配合工作。我们创建了 "
                "create-tauri-app 工具，帮助您使用官方维护的框架模板创建新的 Tauri 项目。",
            ),
            (
                "paragraph",
                "或者，您可以 将 Tauri 添加到现有的项目中 "
                "以便快速地将现有代码库转换为 Tauri 应用。",
            ),
            ("heading", "使用 create-tauri-app"),
            ("heading", "不确定怎么选择？"),
            (
                "paragraph",
                "我们建议从基础模板开始（使用HTML、CSS和JavaScript，不使用前端框架），以便快速入门。",
            ),
            ("item", "选择您的包管理器：pnpm"),
            ("paragraph", "您将会看到一个新的窗口被打开，该窗口正在运行您的应用。"),
            ("heading", "Note"),
            ("paragraph", "以下示例假设您正在创建一个新项目。"),
            ("item", "确定您的前端开发服务器的 URL。这个 URL 是 Tauri 用来加载您的内容的地址。"),
            ("item", "在您的项目目录下初始化 Tauri："),
        ],
    ),
    "tauri-create-project.en.mdx": (
        1,
        [
            ("title", "Create a Project"),
            (
                "paragraph",
                "One thing that makes Tauri so flexible is it's ability to work with virtually "
                "any frontend framework. We've created the create-tauri-app utility to help you "
                "create a new Tauri project using one of the officially maintained framework "
                "templates.",
            ),
            (
                "paragraph",
                "Alternatively, you can add Tauri to an existing project to quickly turn your "
                "existing codebase into a Tauri app.",
            ),
            ("heading", "Using create-tauri-app"),
            ("heading", "Not sure what to choose?"),
            (
                "paragraph",
                "We recommend starting with the vanilla template (HTML, CSS, and JavaScript "
                "without a frontend framework) to get started.",
            ),
            ("item", "Choose your package manager: pnpm"),
            ("paragraph", "You'll now see a new window open with your app running."),
            ("heading", "Note"),
            ("paragraph", "The following example assumes you are creating a new project."),
            (
                "item",
                "Determine the URL of your frontend development server. This is the URL that "
                "Tauri will use to load your content.",
            ),
            ("item", "In your project directory, initialize Tauri:"),
        ],
    ),
    # MkDocs: !!! admonitions with and without a written title, a markdown-include line
    "fastapi-static-files.zh.md": (
        1,
        [
            ("heading", "静态文件"),
            ("paragraph", "您可以使用 StaticFiles从目录中自动提供静态文件。"),
            ("heading", "技术细节"),
            ("paragraph", "你也可以用 from starlette.staticfiles import StaticFiles。"),
            (
                "paragraph",
                "FastAPI 提供了和 starlette.staticfiles 相同的 fastapi.staticfiles ，"
                "只是为了方便你，开发者。但它确实来自Starlette。",
            ),
            ("heading", "Tip"),
            ("paragraph", "提示的正文。"),
            ("heading", '什么是"挂载"(Mounting)'),
            (
                "paragraph",
                '"挂载" 表示在特定路径添加一个完全"独立的"应用，然后负责处理所有子路径。',
            ),
        ],
    ),
    # MkDocs with pymdownx blocks: { #id } anchors, /// note | Title, a {* include *} line
    "fastapi-static-files.blocks.zh.md": (
        1,
        [
            ("heading", "静态文件"),
            ("paragraph", "你可以使用 StaticFiles 从目录中自动提供静态文件。"),
            ("heading", "使用 StaticFiles"),
            ("heading", "技术细节"),
            ("paragraph", "你也可以用 from starlette.staticfiles import StaticFiles。"),
        ],
    ),
    # Hugo: the English original in HTML comments, soft line breaks inside Chinese text,
    # {{< note >}} shortcodes, {#id} after two spaces
    "kubernetes-field-selectors.zh-cn.md": (
        1,
        [
            ("title", "字段选择器"),
            (
                "paragraph",
                "“字段选择器（Field selectors）”允许你根据一个或多个资源字段的值筛选 Kubernetes "
                "资源。下面是一些使用字段选择器查询的例子：",
            ),
            ("item", "metadata.name=my-service"),
            ("item", "status.phase=Pending"),
            (
                "paragraph",
                "字段选择器本质上是资源“过滤器（Filters）”。默认情况下，字段选择器/过滤器是未被应用的，"
                "这意味着指定类型的所有资源都会被筛选出来。",
            ),
            ("heading", "支持的字段"),
            (
                "paragraph",
                "不同的 Kubernetes 资源类型支持不同的字段选择器。所有资源类型都支持 "
                "metadata.name 和 metadata.namespace 字段。",
            ),
        ],
    ),
    # Hugo TOML front matter (pre dropped), Chinese comments in YAML and properties code
    "shardingsphere-jdbc-quick-start.cn.md": (
        2,
        [
            ("title", "ShardingSphere-JDBC"),
            ("heading", "应用场景"),
            (
                "paragraph",
                "Apache ShardingSphere-JDBC 可以通过 Java 和 YAML 这 2 种方式进行配置，"
                "开发者可根据场景选择适合的配置方式。",
            ),
            ("quote", "注意：请将 ${latest.release.version} 更改为实际的版本号。"),
            ("item", "创建 YAML 配置文件"),
            (
                "comment",
                "JDBC 逻辑库名称。在集群模式中，使用该参数来联通 ShardingSphere-JDBC 与 "
                "ShardingSphere-Proxy。默认值：logic_db",
            ),
            ("item", "以 spring boot 为例，编辑 application.properties。"),
            ("comment", "配置 DataSource Driver"),
            ("comment", "指定 YAML 配置文件"),
        ],
    ),
    # Jekyll-style Liquid: {% … %} tags dropped everywhere, front matter intro read, the
    # title read once (it is also the heading), an image's alt text after its item
    "github-docs-fork-a-repo.zh-CN.md": (
        0,
        [
            ("meta", "复刻是仓库的副本。 通过复刻仓库，您可以自由地尝试更改而不会影响原始项目。"),
            ("heading", "关于复刻"),
            (
                "paragraph",
                "有关将开源原则应用于组织在 上的开发工作的详细信息，"
                "请参阅 的白皮书“内部来源简介”。",
            ),
            ("heading", "复刻仓库"),
            ("item", "在 上，导航到 octocat/Spoon-Knife 存储库。"),
            ("item", "在页面的右上角，单击 Fork（复刻）。"),
            ("attribute", "复刻按钮"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SITES))
def test_site_excerpt_blocks(name: str) -> None:
    code_blocks, expected = SITES[name]
    doc = read_document(DATA / name, options=ReadOptions(code="comments"))
    assert doc.format == "markdown"
    assert [(b.kind, b.text) for b in doc.blocks] == expected
    assert doc.code_blocks == code_blocks
    assert doc.warnings == ()


@pytest.mark.parametrize("name", sorted(SITES))
def test_by_default_code_gives_no_block(name: str) -> None:
    doc = read_document(DATA / name)
    assert [b.text for b in doc.blocks] == [t for k, t in SITES[name][1] if k != "comment"]


def test_every_block_points_at_its_source_lines() -> None:
    path = DATA / "kubernetes-field-selectors.zh-cn.md"
    text = path.read_text("utf-8")
    doc = read_document(path)
    assert [text[b.start : b.end].splitlines()[0] for b in doc.blocks] == [
        "---",
        "“字段选择器（Field selectors）”允许你根据一个或多个资源字段的值",
        "* `metadata.name=my-service`",
        "* `status.phase=Pending`",
        "{{< note >}}",
        "## 支持的字段  {#supported-fields}",
        "不同的 Kubernetes 资源类型支持不同的字段选择器。",
    ]
