"""Quality gates on every built page, in both languages: accessibility (axe-core), HTML validity (Nu HTML
Checker), links, requests, keyboard, print, metadata."""

from __future__ import annotations

import io
import json
import re
import subprocess
from urllib.parse import urlsplit

import pytest
from helpers import AXE_SOURCE, CONTENT, LANGS, PREFIX, expected_results, fill_by_keyboard

from conftest import ROOT
from htmlcheck import all_pages, every_html_file, read_page

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def page_urls(site) -> list[str]:
    return [page.url for page in all_pages(site)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(browser, site_server, built_site, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for url in page_urls(built_site):
            page.goto(site_server.url + url)
            if scheme == "dark":  # the slate palette, whatever Material has stored
                page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            page.evaluate(AXE_SOURCE)  # evaluated by the test driver: the page's policy allows no inline script
            violations = page.evaluate(
                "async () => (await axe.run(document)).violations"
                ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))"
            )
            if violations:
                found[url] = violations
    finally:
        context.close()
    assert found == {}


# Material's own markup trips the Nu checker twice; each filter names the quirk and the element it is on.
MATERIAL_QUIRKS = [
    # Material's drawer, search and navigation toggles: <input class="md-toggle…" type="checkbox" autocomplete="off">
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"), "md-toggle"),
    # navigation section labels: <label class="md-nav__link" ... tabindex="">
    (re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"), 'class="md-nav__link'),
]


def test_every_page_is_valid_html(built_site):
    files = [str(p) for p in sorted(built_site.rglob("*.html"))]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    left = []
    for message in messages:
        quirk = next(
            (
                context
                for pattern, context in MATERIAL_QUIRKS
                if pattern.search(message["message"]) and context in message.get("extract", "")
            ),
            None,
        )
        if quirk is None:
            left.append(f"{message['url'].split(str(built_site))[-1]}:{message.get('lastLine')}: {message['message']}")
    print(f"\nNu HTML Checker: {len(files)} files, {len(messages)} errors, {len(messages) - len(left)} Material quirks")
    assert left == []


def test_external_links_are_well_formed(built_site):
    count = 0
    for page in every_html_file(built_site):
        for el in page.find("a"):
            href = el.attrs.get("href", "")
            if re.match(r"^[a-z]+:", href) and not href.startswith(("mailto:", "javascript:")):
                parts = urlsplit(href)
                assert parts.scheme == "https", href
                assert re.match(r"^[a-z0-9.-]+\.[a-z]{2,}$", parts.hostname or ""), href
                assert not re.search(r"\s", href), href
                count += 1
            assert not href.startswith("javascript:"), (page.url, href)
    assert count > 50


def test_no_request_leaves_the_site(browser, site_server, built_site):
    context = browser.new_context()
    page = context.new_page()
    hosts: dict[str, str] = {}
    failed: list[str] = []
    page.on("request", lambda request: hosts.setdefault(urlsplit(request.url).netloc, request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    try:
        for url in page_urls(built_site):
            page.goto(site_server.url + url, wait_until="networkidle")
        # search loads its worker and index on use
        page.keyboard.press("/")
        page.keyboard.type("prompt")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    finally:
        context.close()
    assert set(hosts) == {urlsplit(site_server.url).netloc}, hosts
    assert failed == []


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_pages_in_each_language(page, site_server, lang):
    page.goto(site_server.url + PREFIX[lang] + "pitfalls/careless-images/")
    page.keyboard.press("/")
    page.keyboard.type("C2PA")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(f"{PREFIX[lang]}pitfalls/careless-images/" in href for href in links), links


def test_keyboard_skip_link_and_visible_focus(page, site_server):
    page.goto(site_server.url + "pitfalls/full-automation/")
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert "md-skip" in skip[0] and skip[1].startswith("#")
    assert page.locator(".md-skip").is_visible()
    for _ in range(12):  # every element reached by Tab shows a focus indicator
        page.keyboard.press("Tab")
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth, s.boxShadow]; })()"
        )
        assert style[1] != "none" or style[3] != "none", style


def test_headings_are_in_order_on_every_page(built_site):
    for page in all_pages(built_site):
        levels = [int(el.tag[1]) for el in page.elements if re.fullmatch(r"h[1-6]", el.tag)]
        content_levels = levels[levels.index(1) :] if 1 in levels else levels
        assert content_levels.count(1) == 1, page.url
        for before, after in zip(content_levels, content_levels[1:], strict=False):
            assert after <= before + 1, (page.url, levels)


def test_every_page_has_its_metadata(built_site):
    for page in all_pages(built_site):
        lang = next((lang for lang in LANGS if PREFIX[lang] and page.url.startswith(PREFIX[lang])), "fr")
        assert page.find("html")[0].attrs["lang"] == lang
        title = page.find("title")[0].text.strip()
        description = page.find("meta", name="description")[0].attrs["content"]
        og_title = page.find("meta", property="og:title")[0].attrs["content"]
        og_description = page.find("meta", property="og:description")[0].attrs["content"]
        assert title.startswith(og_title) and len(og_title) > 3, page.url
        assert description == og_description and 20 < len(description) <= 200, (page.url, description)
        icons = [el for el in page.find("link") if el.attrs.get("rel") == "icon"]
        assert icons and (built_site / page.resolve(icons[0].attrs["href"])).exists()
    descriptions = [
        read_page(built_site, url).find("meta", name="description")[0].attrs["content"] for url in page_urls(built_site)
    ]
    assert len(set(descriptions)) == len(descriptions), "each page has its own description"


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", LANGS)
def test_pitfall_pages_print_without_chrome_or_cut_text(page, site_server, lang):
    nav_label = CONTENT.site.ui.pitfalls[lang]
    for pitfall in CONTENT.pitfalls:
        page.goto(site_server.url + PREFIX[lang] + f"pitfalls/{pitfall.id}/")
        page.emulate_media(media="print")
        overflow = page.evaluate(
            "[...document.querySelectorAll('.md-content *')].filter(e => e.scrollWidth > e.clientWidth + 1"
            " && getComputedStyle(e).overflowX !== 'visible').length"
        )
        assert overflow == 0
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        text = _pdf_text(page.pdf(format="A4"))
        flat = " ".join(text.split())
        assert " ".join(pitfall.title[lang].split()[:3]) in flat
        for heading in ("summary", "why", "warning_signs", "actions", "scenario", "references"):
            label = getattr(CONTENT.site.ui, heading)[lang]
            assert label.replace(" ", "") in flat.replace(" ", ""), (pitfall.id, label)
        assert nav_label not in flat  # no navigation chrome
        page.emulate_media(media="screen")


def test_self_assessment_results_print_cleanly(page, site_server):

    page.goto(site_server.url + "en/self-assessment/")
    fill_by_keyboard(page)
    page.locator("#results").wait_for(state="visible")
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    flat = " ".join(_pdf_text(page.pdf(format="A4")).split())
    for title, score, band in expected_results("en"):
        assert f"{title} — {band} ({score})" in flat
    assert CONTENT.site.ui.pitfalls["en"] not in flat  # no navigation
    first_statement = CONTENT.statement_sets[0].statements[0].text["en"]
    assert " ".join(first_statement.split()[:4]) not in flat  # the form itself is not printed
