"""Reading in one language (issue #14): search per language, localised chrome, 404 pages, previous/next links,
the language switch keeping its anchor, the home page's first screen, the Sources page's order, and the
density features of pitfall pages (in short, details, reading time, dated legal box)."""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from html.parser import HTMLParser

import pytest
import yaml
from helpers import CONTENT, LANGS, PREFIX

from cmguide.pages import KINDS, page_path
from cmguide.pages import all_pages as content_pages
from cmguide.problems import RULES
from cmguide.render import format_date, local, reading_minutes
from conftest import AUTHORED_PER_LANGUAGE, make_project, mkdocs_build
from htmlcheck import all_pages, read_page

UI = CONTENT.site.ui
QUI = CONTENT.site.quiz_ui
PITFALLS = sorted(CONTENT.pitfalls, key=lambda p: p.number)


# Search


# (language, query, a page it must find): a word of each language, typed on that language's home page
QUERIES = [
    ("fr", "marronnier", "pitfalls/solo-creativity/"),
    ("en", "copyright", "en/quiz/careless-images/"),
    ("en", "marronnier", "en/pitfalls/solo-creativity/"),  # a French word used in the English text
    ("fr", "copyright", "sources/"),
]


@pytest.mark.parametrize(("lang", "query", "first"), QUERIES)
def test_search_gives_pages_of_the_reader_s_language_first(page, site_server, lang, query, first):
    page.goto(site_server.url + PREFIX[lang])
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    pages = [link.removeprefix(site_server.url).split("?")[0].split("#")[0] for link in links]
    assert first in pages  # the page about it is found…
    assert all(p.startswith("en/") == (lang == "en") for p in pages), pages  # …and every result is in the language


def _plain(text: str) -> str:
    """A text as search sees it: no tags, no formatting marks, entities decoded, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("*", "").replace("`", "")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _hidden_texts(lang: str) -> list[str]:
    """Every answer, feedback, explanation, band and profile text of the YAML, in one language."""
    texts = []
    for check in CONTENT.checks.values():
        for question in check.questions:
            texts.append(question.explanation)
            texts.extend(option.feedback for option in question.options)
    for group in CONTENT.statements.values():
        for band in group.bands:
            texts.extend([band.advice])
    texts.extend(profile.text for profile in CONTENT.assessment.profiles)
    texts.append(QUI.scoring_intro)
    return [_plain(local(text, lang)) for text in texts]


@pytest.mark.parametrize("lang", LANGS)
def test_no_search_index_holds_an_answer_feedback_explanation_or_scoring_key(built_site, lang):
    index = json.loads((built_site / PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = _plain(" ".join(doc["title"] + " " + doc["text"] for doc in index["docs"]))
    hidden = _hidden_texts(lang)
    assert (
        len(hidden)
        == sum(len(q.options) + 1 for c in CONTENT.checks.values() for q in c.questions)
        + sum(len(g.bands) for g in CONTENT.statements.values())
        + len(CONTENT.assessment.profiles)
        + 1
    )
    assert [text for text in hidden if text in indexed] == []
    assert [_plain(local(QUI.correct_answers, lang)) in indexed] == [False]
    # the questions themselves stay findable (and the comparison above can fail)
    prompts = [_plain(local(q.prompt, lang)) for c in CONTENT.checks.values() for q in c.questions]
    assert [p for p in prompts if p not in indexed] == []


# Chrome in the page's language


class _Chrome(HTMLParser):
    """The texts and labels of the theme around the content (outside <article>), and the whole 404 page."""

    def __init__(self, whole: bool):
        super().__init__(convert_charrefs=True)
        self.depth = 0 if not whole else -1
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" and self.depth >= 0:
            self.depth += 1
        if self.depth == 0 or self.depth < 0:
            self.texts.extend(v for k, v in attrs if k in ("aria-label", "title", "placeholder", "alt") and v)

    def handle_endtag(self, tag):
        if tag == "article" and self.depth > 0:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth <= 0 and data.strip():
            self.texts.append(data.strip())


def _chrome(path) -> str:
    parser = _Chrome(whole=path.name == "404.html")
    text = path.read_text(encoding="utf-8")
    parser.feed(re.sub(r"<script.*?</script>", "", text, flags=re.S))
    return " | ".join(parser.texts)


ENGLISH_CHROME = [
    "Made with",
    "Material for MkDocs",
    "Previous",
    "Next",
    "Search",
    "Back to top",
    "Skip to content",
    "Table of contents",
    "Not found",
    "Type to start searching",
    "Share",
    "Clear",
    "Copy to clipboard",
]
FRENCH_CHROME = [
    "Précédent",
    "Suivant",
    "Rechercher",
    "Retour en haut",
    "Aller au contenu",
    "Table des matières",
    "Page introuvable",
]


def test_french_pages_have_no_english_chrome_and_english_pages_no_french(built_site):
    files = [p for p in built_site.rglob("*.html")]
    french = [p for p in files if not p.relative_to(built_site).as_posix().startswith("en/")]
    english = [p for p in files if p.relative_to(built_site).as_posix().startswith("en/")]
    per_language = len(content_pages(CONTENT)) // len(LANGS)
    assert len(french) == len(english) == per_language + 1 + AUTHORED_PER_LANGUAGE  # with the 404
    # pages outside the navigation (the printable handouts) have no previous and next links
    outside = {page_path(CONTENT, p) + "index.html" for p in content_pages(CONTENT) if not KINDS[p.kind].in_nav}
    found = {}
    for path in french:
        chrome = _chrome(path)
        hits = [word for word in ENGLISH_CHROME if word in chrome]
        if hits:
            found[path.relative_to(built_site).as_posix()] = hits
        no_footer = path.name == "404.html" or path.relative_to(built_site).as_posix() in outside
        assert "Précédent" in chrome or "Suivant" in chrome or no_footer, path
    for path in english:
        chrome = _chrome(path)
        hits = [word for word in FRENCH_CHROME if word in chrome]
        if hits:
            found[path.relative_to(built_site).as_posix()] = hits
    assert found == {}


class _FrenchText(HTMLParser):
    """The text of a page's article that is in French: not code, scripts or anything marked in another language."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area"}
    OTHER = {"code", "pre", "script", "style", "svg", "kbd", "samp"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, inside text that is not French)
        self.depth = 0  # inside <article>
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        other = tag in self.OTHER or dict(attrs).get("lang", "fr") != "fr"
        self.open.append((tag, other or (self.open[-1][1] if self.open else False)))
        self.depth += tag == "article"

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass
        self.depth -= tag == "article"

    def handle_data(self, data):
        if self.depth and not (self.open and self.open[-1][1]):
            self.parts.append(data)


def test_french_pages_keep_their_no_break_spaces(built_site):
    """No ordinary space before ; : ! ? » or after «, where a line could break, on any French page, from the
    content's texts (paragraphs joined on one line included), its sources' titles, or the pages' own words."""
    found = []
    for path in sorted(built_site.rglob("*.html")):
        if path.relative_to(built_site).as_posix().startswith(("en/", "exports/")):
            continue
        parser = _FrenchText()
        parser.feed(path.read_text(encoding="utf-8"))
        text = "".join(parser.parts)
        found += [
            f"{path.relative_to(built_site)}: {text[max(0, m.start() - 30) : m.end() + 10]!r}"
            for m in re.finditer(r"(?<=\S) [;:!?»]|« ", text)
        ]
    assert found == []


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_404_page(built_site, lang):
    page = read_page(built_site, PREFIX[lang] + "404.html")
    assert page.find("html")[0].attrs["lang"] == lang
    assert [h.text.strip() for h in page.find("h1")] == [local(UI.not_found_title, lang)]
    assert [p.text.strip() for p in page.find("p") if p.text.strip()][:2] == [
        local(UI.not_found_text, lang),
        local(UI.not_found_home, lang),
    ]
    home = [a.attrs["href"] for a in page.find("a") if a.text.strip() == local(UI.not_found_home, lang)]
    assert home == ["/" + PREFIX[lang]]
    assert page.find("title")[0].text == f"{local(UI.not_found_title, lang)} - {local(UI.site_name, lang)}"
    assert '"base": "/' + PREFIX[lang] + '"' in page.path.read_text(encoding="utf-8")


# Navigation


@pytest.mark.parametrize("lang", LANGS)
def test_pitfall_pages_end_with_previous_and_next_links(built_site, lang):
    labels = {"fr": ("Précédent", "Suivant"), "en": ("Previous", "Next")}[lang]
    for i, pitfall in enumerate(PITFALLS):
        page = read_page(built_site, PREFIX[lang] + f"pitfalls/{pitfall.id}/")
        prev = page.with_class("a", "md-footer__link--prev")
        nxt = page.with_class("a", "md-footer__link--next")
        expected_prev = PREFIX[lang] + (f"pitfalls/{PITFALLS[i - 1].id}/" if i else "")
        assert page.resolve(prev[0].attrs["href"]) == expected_prev
        expected_next = PREFIX[lang] + (f"pitfalls/{PITFALLS[i + 1].id}/" if i + 1 < len(PITFALLS) else "role/")
        assert page.resolve(nxt[0].attrs["href"]) == expected_next
        directions = [el.text.strip() for el in page.with_class("span", "md-footer__direction")]
        assert directions == list(labels)


def test_anchors_are_the_same_in_every_language(built_site):
    pages = {
        lang: {
            p.url.removeprefix(PREFIX[lang]): p
            for p in all_pages(built_site)
            if p.url.startswith(PREFIX[lang]) and (lang != CONTENT.default_language or not p.url.startswith("en/"))
        }
        for lang in LANGS
    }
    assert sorted(pages["fr"]) == sorted(pages["en"])
    for url in pages["fr"]:
        ids = {
            lang: {el.attrs["id"] for el in pages[lang][url].elements if "id" in el.attrs and el.tag != "h1"}
            for lang in LANGS
        }
        assert ids["fr"] == ids["en"], url


@pytest.mark.parametrize(
    ("start", "anchor", "lang"), [("", "#actions", "en"), ("en/", "#ref-thaler-v-perlmutter-2025", "fr")]
)
def test_the_language_switch_keeps_the_anchor(page, site_server, start, anchor, lang):
    page.goto(site_server.url + start + "pitfalls/careless-images/" + anchor)
    page.hover(".md-select")
    page.click(f"a.md-select__link[hreflang={lang}]")
    page.wait_for_load_state()
    assert page.url == site_server.url + PREFIX[lang] + "pitfalls/careless-images/" + anchor
    # after following a link inside the page too
    page.goto(site_server.url + start + "pitfalls/careless-images/")
    page.locator(".md-sidebar--secondary a[href='#why']").click()
    page.hover(".md-select")
    page.click(f"a.md-select__link[hreflang={lang}]")
    page.wait_for_load_state()
    assert page.url == site_server.url + PREFIX[lang] + "pitfalls/careless-images/#why"


@pytest.mark.parametrize("lang", LANGS)
def test_home_self_assessment_button_is_in_the_first_phone_screen(browser, site_server, lang):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_server.url + PREFIX[lang])
        button = page.locator("a.md-button--primary[href='self-assessment/']").first
        assert button.inner_text() == local(QUI.self_assessment, lang)
        box = button.bounding_box()
        assert box["y"] + box["height"] <= 844
    finally:
        context.close()


@pytest.mark.parametrize("path", ["role/", "en/role/", "pitfalls/full-automation/", "law/"])
def test_a_page_title_takes_only_the_lines_of_its_words_on_a_phone(browser, site_server, path):
    """A title is as tall as its words at 390 px: the hidden ¶ link used to wrap onto a line of its own (role/)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_server.url + path)
        heights = page.locator("article h1").evaluate(
            """(h) => {
                const words = document.createRange();
                words.setStart(h, 0);
                words.setEndBefore(h.querySelector(".headerlink") || h.lastChild);
                const style = getComputedStyle(h);
                const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
                const inner = h.getBoundingClientRect().height - padding;
                return [inner, words.getBoundingClientRect().height, parseFloat(style.lineHeight)];
            }"""
        )
        box, words, line = heights
        assert box - words < line / 2, heights  # glyphs sit within their lines: no line without words
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_self_assessment_has_one_name_everywhere(built_site, lang):
    name = local(QUI.self_assessment, lang)
    assert name == {"fr": "Auto-évaluation", "en": "Self-assessment"}[lang]
    page = read_page(built_site, PREFIX[lang] + "self-assessment/")
    assert page.find("h1")[0].text.strip().startswith(name + {"fr": "\u00a0:", "en": ":"}[lang])
    home = read_page(built_site, PREFIX[lang])
    links = {
        a.text.strip()
        for a in home.find("a")
        if home.resolve(a.attrs.get("href", "")) == PREFIX[lang] + "self-assessment/"
    }
    assert links == {name}
    wrong = {"fr": "autodiagnostic", "en": "self-diagnosis"}[lang]
    assert wrong not in page.find("h1")[0].text.lower()
    assert all(wrong not in a.text.lower() for a in page.find("a"))


# Sources


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower())
    return re.sub(r"^\W+", "", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


@pytest.mark.parametrize("lang", LANGS)
def test_sources_are_in_alphabetical_order(built_site, lang):
    page = read_page(built_site, PREFIX[lang] + "sources/")
    listed = [
        li.attrs["id"].removeprefix("src-")
        for li in page.find("li")
        if li.attrs.get("id", "").startswith("src-") and li.attrs["id"][4:] in CONTENT.references
    ]
    refs = CONTENT.references.values()
    expected = [r.id for r in sorted(refs, key=lambda r: (_fold(r.author or r.title), r.date or "", r.id))]
    assert listed == expected
    firsts = [_fold(CONTENT.references[i].author or CONTENT.references[i].title)[0] for i in listed]
    assert firsts == sorted(firsts)
    # "Étude…" sorts among the E's, not after Z
    etudes = [i for i in listed if CONTENT.references[i].title.startswith("Étude")]
    assert etudes and all(firsts[listed.index(i)] == "e" for i in etudes)


def test_reading_minutes_and_sort_key_are_exact():
    assert reading_minutes("mot " * 400) == 2
    assert reading_minutes("mot " * 401) == 3
    assert reading_minutes("<p>a</p> {#why} ## " + "x " * 10) == 1
    refs = '<ol class="cmg-refs">' + "ref " * 1000 + "</ol>"
    assert reading_minutes("mot " * 200 + refs) == 1


# Pitfall pages: in short, details, reading time, legal box (on content with every optional field filled)


IN_SHORT = [
    {"fr": "Une image générée n’est pas gratuite pour autant.", "en": "A generated image is not free for all that."},
    {"fr": "Vérifiez *trois* choses avant de publier.", "en": "Check *three* things before posting."},
]
DETAIL = {"fr": "Le détail <b>de la première</b> affirmation.", "en": "The detail <b>of the first</b> fact."}
ACCESSED = "2026-11-30"


def enrich(project):
    """Known values for the optional fields the reader sees: `in_short` on one pitfall and a `detail` on its first
    fact only, none on another pitfall, an access date on one reference only."""
    path = project / "guidance" / "pitfalls" / "careless-images.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["in_short"] = IN_SHORT
    for fact in data["why"]:
        fact.pop("detail", None)
    data["why"][0]["detail"] = DETAIL
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = project / "guidance" / "pitfalls" / "full-automation.yml"  # and one pitfall with neither
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("in_short", None)
    for fact in data["why"]:
        fact.pop("detail", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = project / "guidance" / "references.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for ref in data["references"]:
        ref.pop("accessed", None)
        if ref["id"] == "getty-visualgps-2024":
            ref["accessed"] = ACCESSED
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def rich_site(tmp_path_factory):
    project = enrich(make_project(tmp_path_factory.mktemp("rich") / "p"))
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.parametrize("lang", LANGS)
def test_pitfall_page_opens_with_in_short_and_shows_details_and_reading_time(rich_site, lang):
    page = read_page(rich_site, PREFIX[lang] + "pitfalls/careless-images/")
    source = page.path.read_text(encoding="utf-8")
    boxes = re.findall(r'<div class="admonition abstract cmg-inshort">(.*?)</div>', source, re.S)
    assert len(boxes) == 1
    assert re.findall(r'<p class="admonition-title">(.*?)</p>', boxes[0]) == [local(UI.in_short, lang)]
    items = [_plain(li) for li in re.findall(r"<li>(.*?)</li>", boxes[0], re.S)]
    assert items == [_plain(local(line, lang)) for line in IN_SHORT]
    assert "<em>" + {"fr": "trois", "en": "three"}[lang] + "</em>" in boxes[0]
    assert source.index("cmg-inshort") < source.index('id="summary"')
    # the detail, escaped, behind its disclosure, with the fact's sources written out
    details = re.findall(r'<details class="cmg-detail">(.*?)</details>', source, re.S)
    assert len(details) == 1
    assert re.findall(r"<summary>(.*?)</summary>", details[0]) == [local(UI.details, lang)]
    assert html.escape(local(DETAIL, lang), quote=False) in details[0] and "<b>" not in source
    sources = page.with_class("p", "cmg-detail-sources")[0].text
    assert sources.count(local(UI.source_label, lang) + " ") == len(CONTENT.pitfall("careless-images").why[0].sources)
    # no box, no disclosure where the YAML has none
    other = read_page(rich_site, PREFIX[lang] + "pitfalls/full-automation/")
    assert other.with_class("div", "cmg-inshort") == [] and other.with_class("details", "cmg-detail") == []
    # the reading time, counted from the rendered words
    kicker = page.with_class("p", "cmg-kicker")[0].text
    article = [el for el in page.elements if el.tag == "article"][0].text
    refs = page.with_class("ol", "cmg-refs")[0].text
    words = [w for w in article.replace(refs, " ").split() if any(c.isalnum() for c in w)]
    minutes = int(re.search(r"\d+", kicker.split("·")[1]).group())
    assert abs(minutes - math.ceil(len(words) / 200)) <= 1
    expected = {"fr": f"Lecture\u00a0: {minutes} min", "en": f"{minutes} min read"}[lang]
    reviewed = {"fr": "Dernière révision\u00a0: 30 novembre 2026", "en": "Last reviewed: 30 November 2026"}[lang]
    assert kicker == f"{local(UI.pitfall_number, lang)} 4/{len(PITFALLS)} · {expected} · {reviewed}"


@pytest.mark.parametrize("lang", LANGS)
def test_pitfall_and_role_pages_have_one_dated_legal_box(rich_site, lang):
    date = format_date(CONTENT.site.home.updated, lang)
    expected = {
        "fr": f"Point juridique au {date} — ce guide n’est pas un avis juridique\u00a0: pour un cas précis, "
        "adressez-vous à un conseil juridique.",
        "en": f"Legal status as of {date} — this guide is not legal advice: for a specific case, ask a lawyer.",
    }[lang]
    assert date == {"fr": "30 novembre 2026", "en": "30 November 2026"}[lang]
    for url in [f"pitfalls/{p.id}/" for p in PITFALLS] + ["role/"]:
        page = read_page(rich_site, PREFIX[lang] + url)
        assert [p.text for p in page.with_class("p", "cmg-legal")] == [expected], url


@pytest.mark.parametrize("lang", LANGS)
def test_sources_show_dates_and_access_dates(rich_site, lang):
    page = read_page(rich_site, PREFIX[lang] + "sources/")
    entries = {
        li.attrs["id"].removeprefix("src-"): " ".join(li.text.split())
        for li in page.find("li")
        if li.attrs.get("id", "").removeprefix("src-") in CONTENT.references
    }
    accessed = {"fr": "consulté le 30 novembre 2026", "en": "accessed 30 November 2026"}[lang]
    assert f"{format_date('2024-06-25', lang)}, {accessed}." in entries["getty-visualgps-2024"]
    assert [i for i, text in entries.items() if accessed in text] == ["getty-visualgps-2024"]
    undated = [r.id for r in CONTENT.references.values() if r.date is None]
    for ref_id in undated:
        assert f", {local(UI.published, lang)}" in entries[ref_id]


# Contributing: rules in the page's language, ids that never break


@pytest.mark.parametrize("lang", LANGS)
def test_contributing_rules_are_localised_and_ids_do_not_break(browser, site_server, built_site, lang):
    page = read_page(built_site, PREFIX[lang] + "contributing/")
    rules_table = page.with_class("table", "cmg-rules")[0]

    def inside(el) -> bool:
        while el is not None and el is not rules_table:
            el = el.parent
        return el is rules_table

    rows = [el for el in page.find("td") if inside(el)]
    descriptions = [rows[i].text for i in range(1, len(rows), 3)]
    assert descriptions == [local({lang: rule.describe(lang)}, lang) for rule in RULES.values()]
    assert (
        descriptions[0]
        == {
            "fr": "Le fichier est du YAML valide, en un seul document, indenté avec des espaces.",
            "en": "The file is valid YAML, one document, indented with spaces.",
        }[lang]
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(site_server.url + PREFIX[lang] + "contributing/")
        ids = tab.locator("code.cmg-rule-id")
        assert ids.all_inner_texts() == list(RULES)
        heights = ids.evaluate_all("els => els.map(e => e.getClientRects().length)")
        assert heights == [1] * len(RULES)  # one line box each: never wrapped
    finally:
        context.close()
