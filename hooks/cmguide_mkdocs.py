"""MkDocs adapter for the cmguide package: a thin layer, no content logic here.

- on_config: load and validate all content; fail the build with every problem at once;
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
import html
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from cmguide.content import Content
from cmguide.csp import allow_added_scripts, with_policy
from cmguide.exports import export_files
from cmguide.jinjacache import compiled_templates_cache
from cmguide.loader import FILE_KINDS, content_files, load_content
from cmguide.pages import KINDS, QUIZ_ASSETS
from cmguide.problems import ContentError
from cmguide.render import MACROS, PageRef, Renderer, all_pages, check_macro_calls, macro_calls, page_path
from cmguide.rules import check_languages
from cmguide.sitemap import sitemap
from cmguide.spreadsheet import calendar_files


@dataclass
class Build:
    """What a build knows, on one object: the content (loaded once per build, whichever language
    mkdocs-static-i18n is building), its renderer, the generated pages by source path, the language being
    built and the macros plugin our macros are registered with. Replaced in on_config when the content changed."""

    key: tuple  # what the content was loaded from (see _content_key)
    content: Content
    renderer: Renderer
    pages: dict[str, PageRef] = field(default_factory=dict)
    lang: str = ""
    macros: Any = None


_build: Build | None = None


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
    """Load the content once per build: mkdocs-static-i18n runs on_config once per language, and `mkdocs serve`
    runs it again for each rebuild (a new Build when a content file changed, so that serve sees edits)."""
    global _build
    root = Path(config.config_file_path).parent
    key = _content_key(root)
    if _build is None or _build.key != key:
        _build = None
        content = load_content(root)
        problems = content.problems + check_languages(content, _built_languages(config))
        if problems and _serving is not None:  # serve shows them in the browser, and recovers once fixed
            # to the terminal, not through MkDocs' logger: under --strict an error there would abort the build
            print(f"ERROR    -  {ContentError(problems)}", file=sys.stderr, flush=True)
            _serving.problems = sorted(problems)
            return config
        if problems:
            raise PluginError(str(ContentError(problems)))
        _build = Build(key, content, Renderer(content))
        # REVIEW-DUE and other warnings never fail a build (a date passes by itself): said on stderr, not through
        # MkDocs' logger, whose warnings --strict turns into a failure
        for warning in content.warnings:
            print(f"INFO     -  {warning.format()}", file=sys.stderr, flush=True)
        if _serving is not None:
            _serving.problems = []
    content = _build.content
    # Reproducible builds: the sitemap's dates and the gzip header come from the content's own date.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_epoch(content.site.home.updated)))
    macros = config.plugins["macros"]
    if macros.config["render_by_default"]:
        raise PluginError(
            "mkdocs.yml: set `render_by_default: false` under the macros plugin: pages made from the content "
            "must never go through a template engine; hand-written pages opt in with `render_macros: true`"
        )
    if _build.macros is not macros:  # mkdocs-static-i18n runs on_config once per language
        macros.register_macros(_MACROS)
        _build.macros = macros
    return config


@event_priority(-200)  # after mkdocs-static-i18n has localised the files of this build
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _showing_problems():
        return _problem_files(files, config)
    build = _current()
    content, renderer = build.content, build.renderer
    lang = build.lang = config.theme["language"]
    by_page: dict[PageRef, File] = {}
    for page in all_pages(content):
        # only this build's language is rendered; the others are there for the language switch
        markdown = renderer.markdown(page) if page.lang == lang else ""
        by_page[page] = file = _generated_file(config, content, page, markdown)
        build.pages[file.src_uri] = page
    for page, file in by_page.items():
        # what mkdocs-static-i18n reads to switch to the same page in another language
        file.alternates = {p.lang: f for p, f in by_page.items() if (p.kind, p.id) == (page.kind, page.id)}
        file.locale = file.localization = file.locale_alternate_of = page.lang
        file.norm_src_uri = page_path(content, PageRef(page.kind, page.id, content.default_language)) + "index.md"
        if page.lang == lang:
            files.append(file)
    if lang == content.default_language:  # the exports serve every language, from the site's root
        for path, text in (export_files(content) | calendar_files(content)).items():
            files.append(File.generated(config, path, content=text))
    generated = {file.src_uri for file in by_page.values()}
    authored = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
    config.nav = _nav(renderer.nav(lang), content, sorted(authored))
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
        renderer = build.renderer
        page.meta["title"] = html.escape(renderer.title(ref))
        page.meta["description"] = html.escape(renderer.description(ref))
        page.meta["cmguide_assets"] = list(KINDS[ref.kind].assets)
        if not KINDS[ref.kind].searchable:
            page.meta["search"] = {"exclude": True}  # Material's search leaves the page out
    elif page.meta.get("render_macros") is True:
        source = page.file.content_string  # with its front matter: lines are counted from the file's top
        start = source[: source.find(markdown.lstrip()[:200])].count("\n") if markdown.strip() else 0
        calls = macro_calls(markdown, first_line=start + 1)
        shown = Path(os.path.relpath(page.file.abs_src_path, Path(config.config_file_path).parent)).as_posix()
        problems = check_macro_calls(build.content, calls, shown)
        if problems:
            raise PluginError(str(ContentError(problems)))
        page.meta["cmguide_assets"] = list(QUIZ_ASSETS) if any(c.name == "knowledge_check" for c in calls) else []
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
        content = build.content
        for alternate in alternates:
            alternate["link"] = page_path(content, PageRef(ref.kind, ref.id, alternate["lang"])) or "."
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
    content = _current().content
    site = Path(config.site_dir)
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site / name).unlink(missing_ok=True)
    if config.site_url:
        text = sitemap(content, config.site_url, content.site.home.updated)
        (site / "sitemap.xml").write_text(text, encoding="utf-8")
        with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=_epoch(content.site.home.updated)) as out:
            out.write(text.encode("utf-8"))
    _search_index_per_language(content, site)


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
        build = _current()
        content = build.content
        lang = config.theme["language"]
        prefix = "" if lang == content.default_language else f"{lang}/"
        home = str(context.get("base_url") or "/").rstrip("/") + "/" + prefix
        context["cmguide_not_found"] = {**build.renderer.not_found(lang), "home": home}
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


def _content_key(root: Path) -> tuple:
    """What the loaded content depends on: every content file's name, size and modification time."""
    files = sorted(path for pattern, _model, _name in FILE_KINDS for path in content_files(root, pattern))
    return tuple((str(path), *_signature(path)) for path in files)


def _signature(path: Path) -> tuple[int, int]:
    """Size and modification time (of a link's target; of the link itself when it leads nowhere)."""
    for look in (path.stat, path.lstat):
        try:
            info = look()
            return (info.st_size, info.st_mtime_ns)
        except OSError:  # a dangling link, or a file removed since the listing
            continue
    return (-1, -1)


def _epoch(day: str) -> int:
    parts = [int(p) for p in day.split("-")] + [1, 1]
    return int(datetime.datetime(parts[0], parts[1], parts[2], tzinfo=datetime.UTC).timestamp())


def _built_languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [config.theme["language"]]
    return [language.locale for language in i18n.config.languages]


def _generated_file(config: MkDocsConfig, content: Content, page: PageRef, markdown: str) -> File:
    """A page made from the content, handed to MkDocs as final Markdown: no template engine ever sees it."""
    path = page_path(content, page)
    src = f"{path}index.md"
    file = File.generated(config, src, content=markdown)
    file.dest_uri = f"{path}index.html"
    return file


def _nav(items, content: Content, authored: list[str]) -> list:
    """The generated navigation, with the hand-written pages (titled by their own front matter) before Sources."""

    def entry(title: str, target) -> dict:
        if isinstance(target, list):
            return {html.escape(title): [entry(t, p) for t, p in target]}
        return {html.escape(title): f"{page_path(content, target)}index.md"}

    nav = [entry(title, target) for title, target in items]
    at = next((i for i, (_, target) in enumerate(items) if getattr(target, "kind", "") == "sources"), len(nav))
    return nav[:at] + authored + nav[at:]


def _fragment(name: str):
    """The macro ``name`` for hand-written pages: its fragment of a pitfall, in the language being built."""

    def macro(pitfall_id: str) -> str:
        build = _current()
        page = build.macros.page
        lang = page.file.locale if getattr(page.file, "locale", None) else build.lang
        try:
            return build.renderer.fragment(MACROS[name], pitfall_id, lang, page.url)
        except KeyError:
            known = ", ".join(p.id for p in build.content.pitfalls)
            raise PluginError(
                f"{page.file.src_uri}: {macro.__name__}: no pitfall '{pitfall_id}' with that content (known: {known})"
            ) from None

    macro.__name__ = name
    return macro


_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base": ")([^"]*)(")')


def _search_base(output: str, config: MkDocsConfig) -> str:
    """Material fetches the search index (and resolves results) from the `base` of its page configuration: on
    pages of another language than the default, point it at that language's root, where its own index is."""
    if _showing_problems():
        return output
    content = _current().content
    lang = config.theme["language"]
    if lang == content.default_language:
        return output
    return _CONFIG_BASE.sub(lambda mt: f"{mt[1]}{mt[2].rstrip('/')}/{lang}/{mt[3]}", output, count=1)


def _search_index_per_language(content: Content, site: Path) -> None:
    """Split the index that mkdocs-static-i18n 1.3.1 merges from every language (search/search_index.json)
    into one per language: search/ for the default language, <lang>/search/ for the others (with locations
    relative to that language's root), each with its own language's stemmer and stop words."""
    path = site / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    others = tuple(f"{lang}/" for lang in content.languages if lang != content.default_language)
    for lang in content.languages:
        prefix = "" if lang == content.default_language else f"{lang}/"
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
    content = _current().content
    lang = config.theme["language"]
    if lang == content.default_language:
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""  # MkDocs writes no empty page: the root keeps the default language's


# Data

#: The macros a hand-written page (with `render_macros: true` in its front matter) can call.
_MACROS = {name: _fragment(name) for name in MACROS}
