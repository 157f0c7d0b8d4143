"""sitemap.xml: every page with its language alternates. A sitemap needs absolute addresses, so there is one
only when the site's address (site_url) is known."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .content import Content
from .render import all_pages, page_path


def sitemap(content: Content, base_url: str, lastmod: str) -> str:
    base = base_url.rstrip("/") + "/"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    pages = all_pages(content)
    for page in pages:
        loc = escape(base + page_path(content, page))
        lines += ["  <url>", f"    <loc>{loc}</loc>", f"    <lastmod>{lastmod}</lastmod>"]
        for other in pages:
            if (other.kind, other.id) == (page.kind, page.id):
                href = escape(base + page_path(content, other))
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{other.lang}" href="{href}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
