"""The glossary: its page, the links from a term's first use on a page, and what those links must never break."""

from __future__ import annotations

import re
import time

import pytest
from helpers import CONTENT, inject
from test_hostile import PAYLOADS

from cmguide import models as m
from cmguide.loader import load_content
from cmguide.pages import KINDS, all_pages
from cmguide.render import PageRef, Renderer, local
from cmguide.terms import TermLinker
from conftest import MINIMAL, ROOT, make_project


def _glossary(*terms: tuple[str, list[str]]) -> m.Glossary:
    """A glossary whose French and English forms are the same."""
    text = {"fr": "x", "en": "x"}
    return m.Glossary(
        id="glossary",
        title=text,
        description=text,
        intro=text,
        see_also_label=text,
        link_label={"fr": "{term} : définition", "en": "{term}: definition"},
        uses_title=text,
        uses_intro=text,
        col_goal=text,
        col_technique=text,
        col_example=text,
        terms=[
            m.Term(id=term_id, term=text, forms={"fr": forms, "en": forms}, definition=text) for term_id, forms in terms
        ],
        reviewed="2026-11-30",
        review_by="2027-05-30",
    )


LINKER = TermLinker(
    _glossary(
        ("marronnier", ["marronnier", "marronniers"]),
        ("prompt-chaining", ["chaînage", "chaînage de prompts"]),
        ("ai-act", ["RIA", "AI Act"]),
        ("meta-prompt", ["méta-prompt"]),
    ),
    "fr",
    local,
)


def _link(page: str) -> str:
    return LINKER.link(page, "../glossary/")


def _a(term_id: str, text: str) -> str:
    """A link to an entry, as the linker writes it (French: a no-break space before the colon of the label)."""
    return f'<a class="cmg-term" href="../glossary/#{term_id}" aria-label="{text}\u00a0: définition">{text}</a>'


# The linker, on sample pages


def test_sample_page_exact_html():
    page = (
        "# Les marronniers du RIA {#title}\n\n"
        '<p class="cmg-kicker">Lecture : 2 min</p>\n\n'
        "## Marronniers et chaînage {#summary}\n\n"
        '<div class="cmg-summary">\n'
        "<p>Un calendrier plein de <strong>Marronniers</strong>, puis d’autres marronniers ; "
        "le chaînage de prompts aide, le chaînage aussi. Le RIA&nbsp;: l’AI Act.</p>\n"
        '<p><a href="../law/">Le RIA en tableau</a> et <code>RIA</code> ; '
        "<cite>Le méta-prompt</cite> puis le méta-prompt.</p>\n"
        "</div>\n"
    )
    assert _link(page) == (
        "# Les marronniers du RIA {#title}\n\n"
        '<p class="cmg-kicker">Lecture : 2 min</p>\n\n'
        "## Marronniers et chaînage {#summary}\n\n"
        '<div class="cmg-summary">\n'
        f"<p>Un calendrier plein de <strong>{_a('marronnier', 'Marronniers')}</strong>, puis d’autres marronniers ; "
        f"le {_a('prompt-chaining', 'chaînage de prompts')} aide, le chaînage aussi. "
        f"Le {_a('ai-act', 'RIA')}&nbsp;: l’AI Act.</p>\n"
        '<p><a href="../law/">Le RIA en tableau</a> et <code>RIA</code> ; '
        f"<cite>Le méta-prompt</cite> puis le {_a('meta-prompt', 'méta-prompt')}.</p>\n"
        "</div>\n"
    )


def test_a_term_used_twice_gets_one_link():
    linked = _link("<p>Un marronnier, deux marronniers, trois Marronniers.</p>")
    assert linked.count('class="cmg-term"') == 1
    assert linked == f"<p>Un {_a('marronnier', 'marronnier')}, deux marronniers, trois Marronniers.</p>"


def test_a_term_in_a_heading_is_not_linked():
    page = "## Le marronnier {#m}\n\n<h3>Un marronnier</h3>\n<p>Le marronnier.</p>\n"
    expected = f"## Le marronnier {{#m}}\n\n<h3>Un marronnier</h3>\n<p>Le {_a('marronnier', 'marronnier')}.</p>\n"
    assert _link(page) == expected


def test_whole_words_accents_and_entities():
    # part of a word, a hyphenated word, an accent that differs, inside an entity name or a tag: no link
    page = (
        '<p title="marronnier">marronniers-like, sousmarronnier, marronnièr, Méta-promptage, &RIA; &amp;RIA '
        "<span data-x='RIA'>x</span></p>"
    )
    assert _link(page) == (
        '<p title="marronnier">marronniers-like, sousmarronnier, marronnièr, Méta-promptage, &RIA; '
        f"&amp;{_a('ai-act', 'RIA')} <span data-x='RIA'>x</span></p>"
    )


def test_forms_match_across_the_spaces_the_renderer_puts():
    words = "chaînage\u00a0de prompts"
    assert _link(f"<p>Le {words}.</p>") == f"<p>Le {_a('prompt-chaining', words)}.</p>"


def test_linking_a_long_page_is_linear():
    page = "<p>" + "Un texte sans aucun des mots du glossaire, répété. " * 20000 + "Enfin le RIA.</p>"
    start = time.perf_counter()
    linked = _link(page)
    assert time.perf_counter() - start < 2.0
    assert linked.endswith(f"Enfin le {_a('ai-act', 'RIA')}.</p>")


# The real site


LINKED = [p for p in all_pages(CONTENT) if KINDS[p.kind].links_terms]


def _without_term_links(page: str) -> str:
    return re.sub(r'<a class="cmg-term" href="[^"]*" aria-label="[^"]*">([^<]*)</a>', r"\1", page)


@pytest.fixture(scope="module")
def unlinked():
    """The same content without its glossary: the pages as they were before it."""
    content = load_content(ROOT)
    content.glossary = None
    renderer = Renderer(content)
    return {page: renderer.markdown(page) for page in all_pages(content) if page.kind != "glossary"}


def test_links_change_nothing_else(unlinked):
    """Take the term links out of every page and it is byte for byte the page without a glossary; quiz pages,
    the Sources and contributing pages are not linked at all. The words (what search indexes) are the same."""
    renderer = Renderer(CONTENT)
    counts = {}
    for page, before in unlinked.items():
        after = renderer.markdown(page)
        if page.kind in ("sources", "contributing"):  # they list the glossary page itself (cited on, reviews due)
            continue
        if not KINDS[page.kind].links_terms:
            assert after == before, page
            continue
        assert _without_term_links(after) == before, page
        counts[page] = after.count('class="cmg-term"')
        ids = re.findall(r'class="cmg-term" href="[^"#]*#([a-z0-9-]+)"', after)
        assert len(ids) == len(set(ids)), page  # one link per term and page
    assert counts[PageRef("pitfall", "improvised-prompting", "fr")] == 11
    assert counts[PageRef("pitfall", "improvised-prompting", "en")] == 11
    assert counts[PageRef("pitfall", "replacement-fear", "fr")] == 0


def test_real_links_lead_to_entries():
    renderer = Renderer(CONTENT)
    entries = {t.id for t in CONTENT.glossary.terms}
    page = renderer.markdown(PageRef("pitfall", "careless-images", "fr"))
    links = re.findall(r'<a class="cmg-term" href="([^"]*)" aria-label="([^"]*)">([^<]*)</a>', page)
    assert [(href, text) for href, _label, text in links] == [
        ("../../glossary/#ai-act", "RIA"),
        ("../../glossary/#deepfake", "hypertrucages"),
        ("../../glossary/#digital-omnibus", "omnibus numérique"),
        ("../../glossary/#c2pa", "C2PA"),
    ]
    for href, label, text in links:
        assert href.split("#")[1] in entries
        assert label == f"{text}\u00a0: définition dans le glossaire"


def test_glossary_page_lists_terms_in_alphabetical_order_per_language():
    renderer = Renderer(CONTENT)
    for lang, expected in {
        "fr": [
            "C2PA (Content Credentials)",
            "Chaînage de prompts",
            "Déployeur",
            "Few-shot (exemples dans le prompt)",
            "Fournisseur",
            "Hallucination",
            "Hypertrucage",
            "Maîtrise de l’IA",
            "Marronnier",
            "Méta-prompt",
            "Omnibus numérique",
            "Persona (rôle donné à l’IA)",
            "Raisonnement pas à pas",
            "RIA (règlement européen sur l’intelligence artificielle)",
            "Surapprentissage",
        ],
        "en": [
            "AI Act",
            "AI literacy",
            "C2PA (Content Credentials)",
            "Chain of thought (step-by-step reasoning)",
            "Deepfake",
            "Deployer",
            "Digital Omnibus",
            "Few-shot prompting",
            "Hallucination",
            "Meta-prompt",
            "Overfitting",
            "Persona (role prompting)",
            "Prompt chaining",
            "Provider",
            "Seasonal fixture (marronnier)",
        ],
    }.items():
        page = renderer.markdown(PageRef("glossary", "glossary", lang))
        headings = re.findall(r"^## (.*) \{#([a-z0-9-]+)\}$", page, re.M)
        terms = [re.sub(r"\\(.)", r"\1", text) for text, anchor in headings if anchor not in ("uses", "references")]
        assert terms == expected
        assert "cmg-term" not in page.replace('class="cmg-term-more"', "")  # the glossary does not link itself


def test_glossary_and_about_in_the_navigation():
    renderer = Renderer(CONTENT)
    for lang, (glossary, sources, about) in {
        "fr": ("Glossaire", "Sources", "À propos du guide"),
        "en": ("Glossary", "Sources", "About this guide"),
    }.items():
        titles = [title for title, _target in renderer.nav(lang)]
        at = titles.index(sources)
        assert titles[at - 1 : at + 2] == [glossary, sources, about]


def test_self_assessment_privacy_names_the_project_and_links_to_about():
    renderer = Renderer(CONTENT)
    page = renderer.markdown(PageRef("assessment", "self-assessment", "fr"))
    privacy = re.search(r'<p class="cmg-privacy">(.*)</p>', page)[1]
    assert "ni aux mainteneurs de ce guide" in privacy and " nous " not in privacy
    assert privacy.endswith(' <a href="../about/">À propos du guide</a>')


# Hostile content


def test_hostile_content_stays_text_on_linked_pages(tmp_path):
    project = make_project(tmp_path / "p", ROOT)
    fields = inject(project, " ".join(PAYLOADS))
    content = load_content(project)
    assert content.problems == [] and fields > 1000
    renderer = Renderer(content)
    pages = [p for p in all_pages(content) if KINDS[p.kind].links_terms or p.kind == "glossary"]
    linked = 0
    for page in pages:
        markdown = renderer.markdown(page)
        for raw in ("<script", "<img", "<svg", "<iframe", "<style", "<details open", "<b ", 'href="javascript'):
            assert raw not in markdown, (page, raw)
        assert "&lt;script&gt;alert" in markdown
        for text in re.findall(r'<a class="cmg-term"[^>]*>([^<]*)</a>', markdown):
            assert "<" not in text and "&" not in text
        linked += markdown.count('class="cmg-term"')
    assert linked > 50


def test_glossary_is_optional(tmp_path):
    content = load_content(make_project(tmp_path / "p", MINIMAL))
    assert content.glossary is None and content.about is None
    assert {p.kind for p in all_pages(content)} & {"glossary", "about"} == set()
    markdown = Renderer(content).markdown(PageRef("pitfall", "alpha", "fr"))
    assert "cmg-term" not in markdown
