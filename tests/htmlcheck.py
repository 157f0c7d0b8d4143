"""Small helpers to read built HTML pages with the standard library."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parent: Element | None = field(default=None, repr=False, compare=False)


@dataclass
class Page:
    path: Path
    url: str  # site-relative directory URL, e.g. "en/pitfalls/x/"
    elements: list[Element] = field(default_factory=list)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        out = []
        for el in self.elements:
            if el.tag != tag:
                continue
            if all(
                (el.attrs.get(k.rstrip("_").replace("_", "-")) or "") == v
                if v is not None
                else k.rstrip("_").replace("_", "-") in el.attrs
                for k, v in attrs.items()
            ):
                out.append(el)
        return out

    def children(self, parent: Element, tag: str) -> list[Element]:
        """The elements ``tag`` directly inside ``parent``."""
        return [el for el in self.elements if el.parent is parent and el.tag == tag]

    def ids(self) -> set[str]:
        return {el.attrs["id"] for el in self.elements if "id" in el.attrs}

    def with_class(self, tag: str, cls: str) -> list[Element]:
        return [el for el in self.elements if el.tag == tag and cls in (el.attrs.get("class") or "").split()]

    def resolve(self, href: str) -> str:
        """A relative link as a site-relative path ("" for the root)."""
        path = urlsplit(href).path
        joined = posixpath.normpath(posixpath.join("/" + self.url, path))
        out = joined.lstrip("/")
        return out + "/" if path.endswith("/") and out else out


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[Element] = []

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1] if self.stack else None)
        self.page.elements.append(el)
        if tag not in ("br", "img", "meta", "link", "input", "hr", "source", "wbr"):
            self.stack.append(el)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data):
        for el in self.stack:
            el.text += data


def read_page(site: Path, url: str) -> Page:
    path = site / url if url.endswith(".html") else site / url / "index.html"
    page = Page(path, url)
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def all_pages(site: Path) -> list[Page]:
    pages = []
    for file in sorted(site.rglob("index.html")):
        rel = file.parent.relative_to(site).as_posix()
        pages.append(read_page(site, "" if rel == "." else rel + "/"))
    return pages


def every_html_file(site: Path) -> list[Page]:
    """Every built HTML file, the 404 page included."""
    return all_pages(site) + [
        read_page(site, path.relative_to(site).as_posix()) for path in sorted(site.rglob("404.html"))
    ]
