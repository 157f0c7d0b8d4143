"""The site data (see sitedata) made from loaded, valid content: every page in every language, the navigation,
the exports, the "page not found" texts and the sitemap."""

from __future__ import annotations

from .content import Content
from .exports import export_files
from .pages import KINDS, PageRef, all_pages, page_path
from .render import Renderer
from .sitedata import PageData, SiteData
from .sitemap import sitemap
from .spreadsheet import calendar_files


def site_data(content: Content, renderer: Renderer, key: str, site_url: str) -> SiteData:
    return SiteData(
        key=key,
        languages=list(content.languages),
        default_language=content.default_language,
        updated=content.site.home.updated,
        warnings=[warning.format() for warning in content.warnings],
        pages=[_page(content, renderer, page) for page in all_pages(content)],
        nav={lang: _nav(content, renderer.nav(lang)) for lang in content.languages},
        files=export_files(content) | calendar_files(content),
        not_found={lang: renderer.not_found(lang) for lang in content.languages},
        sitemap=sitemap(content, site_url, content.site.home.updated) if site_url else "",
    )


def _page(content: Content, renderer: Renderer, page: PageRef) -> PageData:
    kind = KINDS[page.kind]
    return PageData(
        kind=page.kind,
        id=page.id,
        lang=page.lang,
        path=page_path(content, page),
        title=renderer.title(page),
        description=renderer.description(page),
        assets=list(kind.assets),
        searchable=kind.searchable,
        markdown=renderer.markdown(page),
    )


def _nav(content: Content, items: list) -> list[dict]:
    """Renderer.nav's items with their pages' paths: {"title", "path", "kind"} or {"title", "group", "children"}."""
    return [
        {"title": title, "group": KINDS[target[0][1].kind].group, "children": _nav(content, target)}
        if isinstance(target, list)
        else {"title": title, "path": page_path(content, target), "kind": target.kind}
        for title, target in items
    ]
