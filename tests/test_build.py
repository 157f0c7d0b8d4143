"""A real `mkdocs build --strict` of the real content, then checks on the built HTML."""

from __future__ import annotations

import json
import re

import pytest
from helpers import CONTENT, LANGS, PREFIX

from cmguide.pages import KINDS, page_path
from cmguide.pages import all_pages as all_content_pages
from cmguide.render import local
from cmguide.rules import page_references
from conftest import FIXTURES, MINIMAL, ROOT, make_project, mkdocs_build
from htmlcheck import all_pages, every_html_file, read_page

PITFALL_SECTIONS = ["summary", "why", "warning-signs", "actions", "scenario", "related", "references"]
ROLE_SECTIONS = ["context", "obsolete", "stays-human", "skills", "delegate", "never-delegate", "references"]


def pages_of_content():
    for lang in LANGS:
        for pitfall in CONTENT.pitfalls:
            yield lang, f"pitfalls/{pitfall.id}/", pitfall, PITFALL_SECTIONS
        yield lang, "role/", CONTENT.role, ROLE_SECTIONS


@pytest.mark.parametrize(
    "lang,path,item,sections",
    list(pages_of_content()),
    ids=[f"{lang}:{path}" for lang, path, _, _ in pages_of_content()],
)
def test_guidance_page_has_all_sections(built_site, lang, path, item, sections):
    page = read_page(built_site, PREFIX[lang] + path)
    assert page.find("html")[0].attrs["lang"] == lang
    h1 = page.find("h1")
    assert len(h1) == 1 and h1[0].text.strip().rstrip("¶") == local(item.title, lang)
    for section in sections:
        assert page.find("h2", id=section), f"missing section #{section}"
    for ref_id in page_references(item):
        assert f"ref-{ref_id}" in page.ids()
    if path.startswith("pitfalls/"):
        lists = page.with_class("ul", "cmg-signs")
        assert len(lists) == 1
        signs = [" ".join(li.text.split()) for li in page.children(lists[0], "li")]
        assert signs == [" ".join(_plain(local(sign, lang)).split()) for sign in item.warning_signs]
        actions = [el for el in page.find("li") if el.attrs.get("id", "").startswith("action-")]
        assert len(actions) == len(item.actions) >= 6
        assert len(item.warning_signs) >= 4
        assert len(page_references(item)) >= 3
    description = page.find("meta", name="description")[0].attrs["content"]
    assert description == local(item.description, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_points_at_the_same_page(built_site, lang):
    paths = ["", "role/", "law/", "prompt-kit/", "checklist/", "calendar/", "sources/"]
    paths += [f"pitfalls/{p.id}/" for p in CONTENT.pitfalls]
    for path in paths:
        page = read_page(built_site, PREFIX[lang] + path)
        links = {el.attrs["hreflang"]: el.attrs["href"] for el in page.with_class("a", "md-select__link")}
        assert set(links) == set(LANGS)
        for other, href in links.items():
            assert page.resolve(href) == PREFIX[other] + path, (path, other, href)
            assert (built_site / (PREFIX[other] + path) / "index.html").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_sources_page_lists_every_reference_with_backlinks(built_site, lang):
    page = read_page(built_site, PREFIX[lang] + "sources/")
    items = {el.attrs["id"].removeprefix("src-"): el for el in page.find("li") if "id" in el.attrs}
    assert set(CONTENT.references) <= set(items)
    cited_by: dict[str, set[str]] = {ref_id: set() for ref_id in CONTENT.references}
    for pitfall in CONTENT.pitfalls:
        for ref_id in page_references(pitfall):
            cited_by[ref_id].add(PREFIX[lang] + f"pitfalls/{pitfall.id}/")
    for ref_id in page_references(CONTENT.role):
        cited_by[ref_id].add(PREFIX[lang] + "role/")
    # backlinks: the links inside each <li>, in document order
    current = None
    found: dict[str, set[str]] = {ref_id: set() for ref_id in CONTENT.references}
    for el in page.elements:
        if el.tag == "li" and el.attrs.get("id", "").removeprefix("src-") in items:
            current = el.attrs["id"].removeprefix("src-")
        elif el.tag == "a" and current and not el.attrs["href"].startswith("https://"):
            found[current].add(page.resolve(el.attrs["href"]))
    for ref_id, pages in cited_by.items():
        assert pages <= found[ref_id], ref_id
        assert found[ref_id], f"{ref_id} has no backlink"


EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def test_no_page_loads_anything_from_another_host(built_site):
    pages = all_pages(built_site)
    # every page of the table of kinds, in each language, and the hand-written workshop page
    authored = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert authored == [f"workshop.{lang}.md" for lang in sorted(LANGS)]
    assert len(pages) == len(all_content_pages(CONTENT)) + len(authored)
    assert (built_site / "404.html").exists()
    for page in every_html_file(built_site):
        for el in page.elements:
            for attr in ("src", "srcset", "data", "poster"):
                value = el.attrs.get(attr, "")
                assert not EXTERNAL.match(value), (page.url, el.tag, value)
            if el.tag == "link":
                assert not EXTERNAL.match(el.attrs.get("href", "")), (page.url, el.attrs)
            if el.tag == "a" and EXTERNAL.match(el.attrs.get("href", "")):
                assert el.attrs["href"].startswith("https://"), el.attrs  # links out are fine, loads are not
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css


def test_internal_links_resolve(built_site):
    for page in all_pages(built_site):
        for el in page.find("a"):
            href = el.attrs.get("href", "")
            if not href or EXTERNAL.match(href) or href.startswith(("mailto:", "#")):
                continue
            target = page.resolve(href)
            file = built_site / target
            assert file.exists() or (file / "index.html").exists(), (page.url, href)
            anchor = href.partition("#")[2]
            if anchor and target.endswith("/"):
                assert anchor in read_page(built_site, target).ids(), (page.url, href)


def test_home_pages_credit_the_seed_article_and_list_every_pitfall(built_site):
    for lang in LANGS:
        page = read_page(built_site, PREFIX[lang])
        hrefs = {page.resolve(a.attrs["href"]) for a in page.find("a")}
        for pitfall in CONTENT.pitfalls:
            assert PREFIX[lang] + f"pitfalls/{pitfall.id}/" in hrefs
        assert PREFIX[lang] + "role/" in hrefs
        assert PREFIX[lang] + "sources/" in hrefs
        credit = page.with_class("p", "cmg-credit")[0].text
        assert "Mguillois" in credit and "2024" in credit


def test_each_language_has_its_own_search_index(built_site):
    for lang in LANGS:
        index = json.loads((built_site / PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        pages = {doc["location"] for doc in index["docs"] if "#" not in doc["location"]}
        # locations are relative to the language's root, where its pages point Material's search
        assert {f"pitfalls/{pitfall.id}/" for pitfall in CONTENT.pitfalls} <= pages
        # every page of the table that is searchable (not the answer key), and the hand-written pages
        authored = {f"{path.name.split('.')[0]}/" for path in (ROOT / "docs").glob(f"*.{lang}.md")}
        assert authored == {"workshop/"}
        generated = {
            page_path(CONTENT, p).removeprefix(PREFIX[lang])
            for p in all_content_pages(CONTENT)
            if p.lang == lang and KINDS[p.kind].searchable
        }
        assert {
            "",
            "role/",
            "law/",
            "glossary/",
            "sources/",
            "about/",
            "self-assessment/",
            "debrief/",
            "contributing/",
        } <= generated
        assert "answer-key/" not in generated
        assert {"workshops/"} | {
            f"workshops/{p.id}/{kind}" for p in CONTENT.pitfalls for kind in ("", "handout/")
        } <= generated
        assert pages == generated | authored


@pytest.mark.parametrize("lang", LANGS)
def test_answer_key_marks_every_right_option_and_only_those(built_site, lang):
    page = read_page(built_site, f"{PREFIX[lang]}answer-key/")
    keys = page.find("ol", class_="cmg-key")
    assert len(keys) == len(CONTENT.checks)
    right = [el.text for el in page.elements if el.tag == "li" and el.attrs.get("class") == "cmg-key-right"]
    expected = [
        local(option.text, lang)
        for pitfall in CONTENT.pitfalls
        for question in CONTENT.checks[pitfall.id].questions
        for option in question.options
        if option.correct
    ]
    assert (
        len(right)
        == len(expected)
        == sum(o.correct for c in CONTENT.check_sets for q in c.questions for o in q.options)
    )
    label = local(CONTENT.site.quiz_ui.correct_answers, lang)
    assert all(
        text.startswith(f"✓ {label}") and text.endswith(option.replace("**", "").replace("*", ""))
        for text, option in zip(right, expected, strict=True)
    )


def test_a_broken_edit_fails_the_build_with_clear_messages(tmp_path):
    project = make_project(
        tmp_path / "p",
        MINIMAL,
        (FIXTURES / "broken" / "yaml-duplicate-key-title", FIXTURES / "broken" / "schema-value-http-link"),
    )
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "guidance/pitfalls/alpha.yml:6:1: YAML-DUPLICATE-KEY duplicate key 'title'" in output
    assert "guidance/references.yml:13:10: SCHEMA-VALUE 'references #2.url'" in output
    assert "2 content problems" in output


def test_adding_a_pitfall_is_adding_its_yaml(tmp_path):
    project = make_project(tmp_path / "p", ROOT, (FIXTURES / "extra-pitfall",))
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for lang in LANGS:
        page = read_page(site, PREFIX[lang] + "pitfalls/sixth-pitfall/")
        for section in PITFALL_SECTIONS:
            assert page.find("h2", id=section)
        home = read_page(site, PREFIX[lang])
        assert PREFIX[lang] + "pitfalls/sixth-pitfall/" in {home.resolve(a.attrs["href"]) for a in home.find("a")}
        nav = {home.resolve(a.attrs["href"]) for a in home.with_class("a", "md-nav__link")}
        assert PREFIX[lang] + "pitfalls/sixth-pitfall/" in nav
        assert PREFIX[lang] + "quiz/sixth-pitfall/" in nav
        assessment = read_page(site, PREFIX[lang] + "self-assessment/")
        assert assessment.find("section", data_pitfall="sixth-pitfall")
        # the counts in the texts follow: "Les six pièges", never a stale "cinq"
        six, five = {"fr": ("six pièges", "cinq pièges"), "en": ("six pitfalls", "five pitfalls")}[lang]
        text = " ".join(home.path.read_text(encoding="utf-8").split())
        assert six in text and five not in text


def test_navigation_lists_every_page_once_with_its_own_title(built_site):
    from cmguide.pages import KINDS
    from cmguide.render import Renderer, all_pages, page_path

    renderer = Renderer(CONTENT)
    for lang in LANGS:
        home = read_page(built_site, PREFIX[lang])
        links = [
            (home.resolve(a.attrs["href"]), a.text.strip())
            for a in home.with_class("a", "md-nav__link")
            if "#" not in a.attrs["href"]  # the table of contents of the page itself
        ]
        # every page but the printable handouts, which their activity and the kit link to
        in_nav = [p for p in all_pages(CONTENT) if p.lang == lang and KINDS[p.kind].in_nav]
        assert {p.kind for p in all_pages(CONTENT)} - {p.kind for p in in_nav} == {"handout"}
        pages = [(p.kind, p.id) for p in in_nav]
        by_path = dict(links)
        titles = []
        for page in in_nav:
            path = page_path(CONTENT, page)
            assert path in by_path, path
            titles.append(renderer.nav_title(page))
            assert by_path[path] == renderer.nav_title(page)
        assert len(set(titles)) == len(titles) == len(pages)


def _plain(text: str) -> str:
    """A text as a reader sees it: without the ** and * of its bold and italics."""
    return re.sub(r"\*\*?", "", text)


@pytest.mark.parametrize("lang", LANGS)
def test_each_page_shows_its_last_review_date_in_its_language(built_site, lang):
    shown = {
        "fr": 'Dernière révision\u00a0: <time datetime="2026-11-30">30 novembre 2026</time>',
        "en": 'Last reviewed: <time datetime="2026-11-30">30 November 2026</time>',
    }[lang]
    for path in ["", "role/", "law/", "prompt-kit/", "checklist/", "calendar/"] + [
        f"pitfalls/{p.id}/" for p in CONTENT.pitfalls
    ]:
        html = (built_site / (PREFIX[lang] + path) / "index.html").read_text(encoding="utf-8")
        assert html.count(shown) == 1, path


@pytest.mark.parametrize("lang", LANGS)
def test_law_page_shows_every_rule_escaped_with_its_date_and_is_in_the_navigation(built_site, lang):
    law = CONTENT.law
    page = read_page(built_site, PREFIX[lang] + "law/")
    html = (built_site / (PREFIX[lang] + "law/") / "index.html").read_text(encoding="utf-8")
    assert page.find("h1")[0].text.strip().rstrip("¶") == local(law.title, lang)
    rows = [rule for group in law.groups for rule in group.rules]
    assert [r.id for r in rows] == [
        "art-4-literacy",
        "art-50-2-marking",
        "art-50-4-deployers",
        "art-99-4-fines",
        "loi-2023-451",
        "decret-2017-738",
        "meta",
        "tiktok",
        "youtube",
        "linkedin",
    ]
    for rule in rows:
        assert rule.id in page.ids()
        for ref_id in rule.sources:
            assert f"ref-{ref_id}" in page.ids()
    months = {"fr": "30 novembre 2026", "en": "30 November 2026"}[lang]
    assert html.count(f'<time datetime="2026-11-30">{months}</time>') == len(rows) + 1  # each row, and the page
    assert "juridique" in html if lang == "fr" else "not legal advice" in html
    # escaped: the French guillemets and the apostrophe arrive as text, no tag comes from the YAML
    assert "« Images virtuelles »" in html.replace("\u00a0", " ") if lang == "fr" else "“Images virtuelles”" in html
    for other in ("", "sources/"):
        nav = read_page(built_site, PREFIX[lang] + other)
        links = [el for el in nav.find("a") if "md-nav__link" in el.attrs.get("class", "")]
        assert any(nav.resolve(a.attrs["href"]) == PREFIX[lang] + "law/" for a in links), other


def test_law_text_is_escaped(tmp_path):
    """A tag written in a law row shows as text."""
    project = make_project(tmp_path / "p")
    path = project / "guidance" / "law.yml"
    text = path.read_text(encoding="utf-8").replace(
        "Les fournisseurs d’outils d’IA générative, pas leurs utilisateurs.", "<script>alert(1)</script> fournisseurs."
    )
    path.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "law" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; fournisseurs." in html and "<script>alert(1)" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_hand_written_workshop_is_listed_with_the_workshops(built_site, lang):
    """Its front matter says `nav_group: workshops`: the last entry of that group, after the answer key."""
    home = (built_site / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert links.index("workshop/") == links.index("answer-key/") + 1
