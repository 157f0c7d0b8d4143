"""MkDocs adapter for the cmguide package: a thin layer, no content logic here.

- on_config: load, validate and render all content (or read it back from the cache, when every input is what an
  earlier successful build had: see cmguide.sitedata); fail the build with every problem at once;
  register the macros that hand-written pages may call (pitfall_card, knowledge_check, reference_list).
- on_files: add one generated page per content item for the language being built
  (mkdocs-static-i18n builds each language in turn), and set the navigation.
- on_page_markdown: set the page's <title> and meta description from the content; check the macro calls of
  hand-written pages before mkdocs-macros runs them.
- on_env: the theme's compiled templates are kept between builds, as ours are.
- on_post_build: one search index per language; on_post_page/on_post_template point each language's pages at it.
- on_template_context/on_post_template: a "page not found" page per language (/404.html, /en/404.html).
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import html
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# Light modules only: the content's models, the loader and the renderer are imported when a build needs them
# (see _fresh_build and _renderer), which a build read from the cache does not.
from cmguide import sitedata
from cmguide.csp import allow_added_scripts, with_policy
from cmguide.jinjacache import compiled_templates_cache
from cmguide.macros import MACROS, check_macro_calls, macro_calls, nav_group
from cmguide.problems import ContentError
from cmguide.sitedata import PageData, SiteData

if TYPE_CHECKING:
    from cmguide.content import Content
    from cmguide.render import Renderer


@dataclass
class Build:
    """What a build knows, on one object: the site data (made once per build, whichever language
    mkdocs-static-i18n is building, or read from the cache), the generated pages by source path, the language being
    built and the macros plugin our macros are registered with. Replaced in on_config when an input changed."""

    key: str | None  # the digest of the inputs (sitedata.inputs_key); None: not one the cache can keep
    data: SiteData
    root: Path
    content: Content | None = None  # loaded when needed only: a build read from the cache has none
    renderer: Renderer | None = None
    pages: dict[str, PageData] = field(default_factory=dict)
    lang: str = ""
    macros: Any = None
    kept: bool = False  # the cache holds this data as it is now


_build: Build | None = None
_macros_registered_on: Any = None  # the mkdocs-macros plugin our macros are registered with (once per instance)


@dataclass
class Serving:
    """Under `mkdocs serve`: the problems of the content when it cannot be built (shown in the browser instead of
    failing the build, which would leave every request waiting), and the pages the last good build had."""

    problems: list = field(default_factory=list)
    #: per language, the pages of the last good build (source path -> output path)
    pages: dict[str, dict[str, str]] = field(default_factory=dict)


_serving: Serving | None = None  # None: `mkdocs build`, where problems fail the build


def _current() -> Build:
    if _build is None:
        raise PluginError("cmguide: the content was not loaded (on_config did not run)")
    return _build


# Hooks


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = Serving() if command == "serve" else None


def on_serve(server, config: MkDocsConfig, builder):
    """The live-reload script that `mkdocs serve` adds to each page runs under the page's policy (by its hash)."""
    inject = server._inject_js_into_html

    def inject_allowed(content: bytes, epoch: int) -> bytes:
        served = inject(content, epoch)
        return allow_added_scripts(served.decode("utf-8"), content.decode("utf-8")).encode("utf-8")

    server._inject_js_into_html = inject_allowed
    return server


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Make the site data once per build: mkdocs-static-i18n runs on_config once per language, and `mkdocs serve`
    runs it again for each rebuild (a new Build when an input changed, so that serve sees edits)."""
    global _build, _macros_registered_on
    root = Path(config.config_file_path).parent
    key = sitedata.inputs_key(root, {"languages": _built_languages(config), "site_url": config.site_url or ""})
    if _build is None or key is None or _build.key != key:
        _build = None
        cached = sitedata.read(key) if key else None
        build = Build(key, cached, root, kept=True) if cached else _fresh_build(root, key, config)
        if build is None:  # under serve, the content has problems: the pages show them
            return config
        _build = build
        # REVIEW-DUE and other warnings never fail a build (a date passes by itself): said on stderr, not through
        # MkDocs' logger, whose warnings --strict turns into a failure
        for warning in build.data.warnings:
            print(f"INFO     -  {warning}", file=sys.stderr, flush=True)
        if _serving is not None:
            _serving.problems = []
    # Reproducible builds: the sitemap's dates and the gzip header come from the content's own date.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_epoch(_build.data.updated)))
    macros = config.plugins["macros"]
    if macros.config["render_by_default"]:
        raise PluginError(
            "mkdocs.yml: set `render_by_default: false` under the macros plugin: pages made from the content "
            "must never go through a template engine; hand-written pages opt in with `render_macros: true`"
        )
    if _macros_registered_on is not macros:  # mkdocs-static-i18n runs on_config once per language
        macros.register_macros(_MACROS)
        _macros_registered_on = macros
    _build.macros = macros
    return config


@event_priority(-200)  # after mkdocs-static-i18n has localised the files of this build
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _showing_problems():
        return _problem_files(files, config)
    build = _current()
    data = build.data
    lang = build.lang = config.theme["language"]
    by_item: dict[tuple[str, str], dict[str, File]] = {}
    for page in data.pages:
        # only this build's language is used; the others are there for the language switch
        file = _generated_file(config, page.path, page.markdown if page.lang == lang else "")
        build.pages[file.src_uri] = page
        by_item.setdefault((page.kind, page.id), {})[page.lang] = file
        if page.lang == lang:
            files.append(file)
    for page in data.pages:
        same = by_item[(page.kind, page.id)]
        file = same[page.lang]
        # what mkdocs-static-i18n reads to switch to the same page in another language
        file.alternates = dict(same)
        file.locale = file.localization = file.locale_alternate_of = page.lang
        file.norm_src_uri = same[data.default_language].src_uri
    if lang == data.default_language:  # the exports serve every language, from the site's root
        for path, text in data.files.items():
            files.append(File.generated(config, path, content=text))
    generated = {page.src_uri for same in by_item.values() for page in same.values()}
    authored = [f for f in files.documentation_pages() if f.src_uri not in generated]
    config.nav = _nav(data.nav[lang], _placed(authored, data.nav[lang], config))
    if _serving is not None:
        _serving.pages[lang] = {f.src_uri: f.dest_uri for f in files.documentation_pages()}
    return files


@event_priority(50)  # before mkdocs-macros renders the hand-written pages that opt in
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated pages: title and description from the content. Hand-written pages: their macro calls checked."""
    if _showing_problems():
        return markdown
    build = _current()
    ref = build.pages.get(page.file.src_uri)
    if ref is not None:
        page.meta["title"] = html.escape(ref.title)
        page.meta["description"] = html.escape(ref.description)
        page.meta["cmguide_assets"] = list(ref.assets)
        if not ref.searchable:
            page.meta["search"] = {"exclude": True}  # Material's search leaves the page out
    elif page.meta.get("render_macros") is True:
        source = page.file.content_string  # with its front matter: lines are counted from the file's top
        start = source[: source.find(markdown.lstrip()[:200])].count("\n") if markdown.strip() else 0
        page.meta["cmguide_assets"] = _checked_macro_page(build, markdown, start + 1, _shown(page.file, config))
    return markdown


@event_priority(-50)  # after mkdocs-static-i18n (50) has filled in the language switcher
def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    """Point the language switcher at the same page in each language (Material makes links relative)."""
    if _showing_problems():
        return context
    build = _current()
    ref = build.pages.get(page.file.src_uri)
    # mkdocs-static-i18n sets `config.extra.alternate` as an attribute, which templates read first
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    if ref is not None:
        for alternate in alternates:
            alternate["link"] = build.data.path_of(ref.kind, ref.id, alternate["lang"]) or "."
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every page gets its Content-Security-Policy, and searches its own language's index."""
    return with_policy(_search_base(output, config))


@event_priority(-200)  # after every plugin has set the environment up (mkdocs-static-i18n adds an extension)
def on_env(env, config: MkDocsConfig, files: Files):
    """The theme's templates are compiled once and kept between builds, as ours are (see cmguide.jinjacache)."""
    env.bytecode_cache = compiled_templates_cache()
    return env


@event_priority(-200)  # after mkdocs-static-i18n has built every language
def on_post_build(config: MkDocsConfig) -> None:
    """Our own sitemap, with every page and its alternates; none without a site address to make URLs absolute."""
    if _showing_problems():
        return
    build = _current()
    data = build.data
    site = Path(config.site_dir)
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site / name).unlink(missing_ok=True)
    if data.sitemap:  # made for this build's site address (a part of the cache's key)
        (site / "sitemap.xml").write_text(data.sitemap, encoding="utf-8")
        with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=_epoch(data.updated)) as out:
            out.write(data.sitemap.encode("utf-8"))
    _search_index_per_language(data, site)
    if build.key is not None and not build.kept:  # a successful build: the next one with the same inputs reuses it
        sitedata.write(data)
        build.kept = True


def on_template_context(context, template_name: str, config: MkDocsConfig):
    """The texts of the "page not found" page, in the language being built (the theme escapes them)."""
    if template_name == "404.html" and _showing_problems():
        context["cmguide_not_found"] = {
            "title": "Le contenu a des problèmes · The content has problems",
            "text": "Voir la liste sur l’accueil · See the list on the home page.",
            "home_label": "Accueil · Home",
            "home": str(context.get("base_url") or "/").rstrip("/") + "/",
        }
    elif template_name == "404.html":
        data = _current().data
        lang = config.theme["language"]
        prefix = "" if lang == data.default_language else f"{lang}/"
        home = str(context.get("base_url") or "/").rstrip("/") + "/" + prefix
        context["cmguide_not_found"] = {**data.not_found[lang], "home": home}
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (404.html) too; sitemaps are not HTML."""
    if not template_name.endswith(".html"):
        return output
    if _showing_problems():
        return with_policy(output)
    output = with_policy(_search_base(output, config))
    return _not_found_page(output, config) if template_name == "404.html" else output


# Helper functions


def _showing_problems() -> bool:
    return _serving is not None and bool(_serving.problems)


def _problem_files(files: Files, config: MkDocsConfig) -> Files:
    """Under serve, with content that cannot be built: every page the browser may have open shows the problem list
    (escaped), and reloads by itself once the content is fixed. Theme assets stay; nothing else is built."""
    lines = "\n".join(html.escape(problem.format()) for problem in _serving.problems)
    count = len(_serving.problems)
    markdown = (
        "# Le contenu a des problèmes · The content has problems {#title}\n\n"
        f"<p>{count} problème(s) à corriger · {count} problem(s) to fix. Cette page se met à jour d’elle-même "
        "dès que le contenu est corrigé · This page updates by itself once the content is fixed.</p>\n\n"
        f'<pre class="cmg-problems"><code>{lines}</code></pre>\n'
    )
    lang = config.theme["language"]
    pages = _serving.pages.get(lang) or {"index.md": "index.html"}  # a first build that failed: the home only
    kept = [f for f in files if not f.is_documentation_page()]
    for src, dest in sorted(pages.items()):
        file = File.generated(config, src, content=markdown)
        file.dest_uri = dest
        file.locale = file.localization = file.locale_alternate_of = lang
        file.alternates = {lang: file}
        kept.append(file)
    config.nav = None
    return Files(kept)


def _fresh_build(root: Path, key: str | None, config: MkDocsConfig) -> Build | None:
    """Load, validate and render the content. Its problems fail the build, or, under serve, are shown (None)."""
    from cmguide.assemble import site_data  # see the imports at the top
    from cmguide.loader import load_content
    from cmguide.render import Renderer
    from cmguide.rules import check_languages

    content = load_content(root)
    problems = content.problems + check_languages(content, _built_languages(config))
    if problems and _serving is not None:  # serve shows them in the browser, and recovers once fixed
        # to the terminal, not through MkDocs' logger: under --strict an error there would abort the build
        print(f"ERROR    -  {ContentError(problems)}", file=sys.stderr, flush=True)
        _serving.problems = sorted(problems)
        return None
    if problems:
        raise PluginError(str(ContentError(problems)))
    renderer = Renderer(content)
    data = site_data(content, renderer, key or "", config.site_url or "")
    return Build(key, data, root, content, renderer)


def _renderer(build: Build) -> Renderer:
    """The renderer, for what the site data does not hold yet (a hand-written page new since the cached build)."""
    if build.renderer is None:
        from cmguide.loader import load_content  # see the imports at the top
        from cmguide.render import Renderer

        content = load_content(build.root)
        if content.problems:  # a file changed while this build ran
            raise PluginError(str(ContentError(content.problems)))
        build.content, build.renderer = content, Renderer(content)
    return build.renderer


def _checked_macro_page(build: Build, markdown: str, first_line: int, shown: str) -> list[str]:
    """A hand-written page's macro calls checked against the content (once per page text and content); the
    assets the page needs (the quiz's when it embeds a knowledge check)."""
    text_key = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
    memo = f"{shown}\0{first_line}\0{text_key}"
    if memo not in build.data.macro_pages:
        from cmguide.pages import QUIZ_ASSETS  # see the imports at the top

        calls = macro_calls(markdown, first_line=first_line)
        _renderer(build)
        problems = check_macro_calls(build.content, calls, shown)
        if problems:
            raise PluginError(str(ContentError(problems)))
        quiz = any(c.name == "knowledge_check" for c in calls)
        build.data.remember(build.data.macro_pages, memo, list(QUIZ_ASSETS) if quiz else [])
        build.kept = False
    return build.data.macro_pages[memo]


def _epoch(day: str) -> int:
    parts = [int(p) for p in day.split("-")] + [1, 1]
    return int(datetime.datetime(parts[0], parts[1], parts[2], tzinfo=datetime.UTC).timestamp())


def _built_languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [config.theme["language"]]
    return [language.locale for language in i18n.config.languages]


def _generated_file(config: MkDocsConfig, path: str, markdown: str) -> File:
    """A page made from the content, handed to MkDocs as final Markdown: no template engine ever sees it."""
    file = File.generated(config, f"{path}index.md", content=markdown)
    file.dest_uri = f"{path}index.html"
    return file


def _nav(items: list[dict], authored: list[tuple[str, str | None]]) -> list:
    """The generated navigation, with the hand-written pages (titled by their own front matter): at the end of the
    group they ask for, the others before Sources."""

    def entry(item: dict) -> dict:
        if "children" in item:
            mine = [src for src, group in authored if group == item["group"]]
            return {html.escape(item["title"]): [entry(child) for child in item["children"]] + mine}
        return {html.escape(item["title"]): f"{item['path']}index.md"}

    nav = [entry(item) for item in items]
    at = next((i for i, item in enumerate(items) if item.get("kind") == "sources"), len(nav))
    return nav[:at] + [src for src, group in authored if group is None] + nav[at:]


def _placed(authored: list[File], items: list[dict], config: MkDocsConfig) -> list[tuple[str, str | None]]:
    """Each hand-written page with the group of the navigation its front matter asks for (None: before Sources)."""
    groups = [item["group"] for item in items if "children" in item]
    placed, problems = [], []
    for file in sorted(authored, key=lambda f: f.src_uri):
        group, found = nav_group(file.content_string, _shown(file, config), groups)
        placed.append((file.src_uri, group))
        problems += found
    if problems:
        raise PluginError(str(ContentError(problems)))
    return placed


def _shown(file: File, config: MkDocsConfig) -> str:
    """A hand-written page's path as its author sees it, from the project's folder (docs/workshop.fr.md)."""
    return Path(os.path.relpath(file.abs_src_path, Path(config.config_file_path).parent)).as_posix()


def _fragment(name: str):
    """The macro ``name`` for hand-written pages: its fragment of a pitfall, in the language being built."""

    def macro(pitfall_id: str) -> str:
        build = _current()
        page = build.macros.page
        lang = page.file.locale if getattr(page.file, "locale", None) else build.lang
        memo = "\0".join((name, pitfall_id, lang, page.url))
        if memo in build.data.fragments:
            return build.data.fragments[memo]
        try:
            text = _renderer(build).fragment(MACROS[name], pitfall_id, lang, page.url)
        except KeyError:
            known = ", ".join(p.id for p in build.content.pitfalls)
            raise PluginError(
                f"{page.file.src_uri}: {name}: no pitfall '{pitfall_id}' with that content (known: {known})"
            ) from None
        build.kept = False
        return build.data.remember(build.data.fragments, memo, text)

    macro.__name__ = name
    return macro


_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)(")')


def _search_base(output: str, config: MkDocsConfig) -> str:
    """Material fetches the search index (and resolves results) from the `base` of its page configuration: on
    pages of another language than the default, point it at that language's root, where its own index is."""
    if _showing_problems():
        return output
    lang = config.theme["language"]
    if lang == _current().data.default_language:
        return output
    return _CONFIG_BASE.sub(lambda mt: f"{mt[1]}{mt[2].rstrip('/')}/{lang}/{mt[3]}", output, count=1)


def _search_index_per_language(data: SiteData, site: Path) -> None:
    """Split the index that mkdocs-static-i18n 1.3.1 merges from every language (search/search_index.json)
    into one per language: search/ for the default language, <lang>/search/ for the others (with locations
    relative to that language's root), each with its own language's stemmer and stop words."""
    path = site / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    others = tuple(f"{lang}/" for lang in data.languages if lang != data.default_language)
    for lang in data.languages:
        prefix = "" if lang == data.default_language else f"{lang}/"
        if prefix:
            docs = [
                {**d, "location": d["location"][len(prefix) :]}
                for d in index["docs"]
                if d["location"].startswith(prefix)
            ]
        else:
            docs = [d for d in index["docs"] if not d["location"].startswith(others)]
        target = site / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        own = {**index, "config": {**index["config"], "lang": [lang]}, "docs": docs}
        target.write_text(json.dumps(own, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _not_found_page(output: str, config: MkDocsConfig) -> str:
    """Keep the default language's 404 page at the root; write each other language's under its prefix."""
    lang = config.theme["language"]
    if lang == _current().data.default_language:
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""  # MkDocs writes no empty page: the root keeps the default language's


# Data

#: The macros a hand-written page (with `render_macros: true` in its front matter) can call.
_MACROS = {name: _fragment(name) for name in MACROS}
