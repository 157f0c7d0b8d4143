"""Rendering: texts from YAML are escaped, French spacing is applied, formatting is limited."""

from __future__ import annotations

from cmguide.loader import load_content
from cmguide.render import PageRef, Renderer, format_date, local, relative_url
from conftest import MINIMAL, ROOT, make_project, mkdocs_build
from htmlcheck import read_page

PAYLOAD = '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) {{ 7*7 }} **gras**'


def _inject(project):
    alpha = project / "guidance" / "pitfalls" / "alpha.yml"
    text = alpha.read_text(encoding="utf-8")
    quoted = PAYLOAD.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("fr: Le piège alpha", f'fr: "Le piège alpha {quoted}"')
    text = text.replace("fr: Un autre fait.", f'fr: "Un autre fait {quoted}"')
    alpha.write_text(text, encoding="utf-8")


def test_yaml_text_is_escaped_in_markdown(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    _inject(project)
    content = load_content(project)
    assert content.problems == []
    markdown = Renderer(content).markdown(PageRef("pitfall", "alpha", "fr"))
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown
    assert "<strong>gras</strong>" in markdown


def test_yaml_text_never_runs_in_the_built_site(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    _inject(project)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    for url in ("pitfalls/alpha/", "pitfalls/beta/", "sources/", ""):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror=" not in html.replace("onerror=&quot;", "")
        assert 'href="javascript:' not in html
    page = read_page(site, "pitfalls/alpha/")
    assert "<script>alert(1)</script>" in page.find("h1")[0].text  # shown as text
    assert "49" not in page.find("h1")[0].text


def test_french_spacing_and_dates():
    assert local({"fr": "Attention : « oui » ? 12 %"}, "fr") == "Attention\u00a0: «\u00a0oui\u00a0»\u202f? 12\u202f%"
    assert local({"en": "Note: 12%"}, "en") == "Note: 12%"
    assert format_date("2024-04-25", "fr") == "25 avril 2024"
    assert format_date("2025-03-01", "fr") == "1er mars 2025"
    assert format_date("2025-03", "en") == "March 2025"
    assert format_date("2026", "en") == "2026"


def test_relative_urls():
    assert relative_url("", "en/") == "en/"
    assert relative_url("en/pitfalls/a/", "en/pitfalls/b/") == "../b/"
    assert relative_url("pitfalls/a/", "") == "../../"
    assert relative_url("role/", "role/") == "./"


def test_the_table_of_page_kinds_gives_every_page_once():
    """Reading order, paths, templates and navigation all come from KINDS: each page once, each path its own."""
    from importlib.resources import files

    from cmguide.pages import KINDS, all_pages, page_path

    content = load_content(ROOT)
    pages = all_pages(content)
    assert [p.kind for p in pages if p.lang == "fr"][:7] == ["home"] + ["pitfall"] * 5 + ["role"]
    paths = [page_path(content, p) for p in pages]
    assert len(paths) == len(set(paths))
    assert paths[0] == "" and "en/pitfalls/full-automation/" in paths and "en/quiz/careless-images/" in paths
    templates = files("cmguide") / "templates"
    assert all((templates / f"{name}.md.j2").is_file() for name in KINDS)
    renderer = Renderer(content)
    for lang in content.languages:
        nav = renderer.nav(lang)
        listed = [t for _, target in nav for _, t in (target if isinstance(target, list) else [(None, target)])]
        # every page but the printable handouts, which are reached from their activity and the kit
        assert listed == [p for p in pages if p.lang == lang and p.kind != "handout"]
        assert [p.kind for p in pages if p.lang == lang and not KINDS[p.kind].in_nav] == ["handout"] * 5
    groups = [title for title, target in renderer.nav("fr") if isinstance(target, list)]
    assert groups == ["Les cinq pièges", "Boîte à outils", "Testez-vous", "Ateliers"]


def test_a_language_without_its_own_rules_writes_as_english():
    from cmguide.locales import colon, locale

    assert colon("fr") == "\u00a0:" and colon("en") == ":" and colon("de") == ":"
    assert locale("fr").quotes == ("«\u00a0", "\u00a0»") and locale("it").quotes == ("“", "”")
    assert local({"de": "Achtung : 12 %"}, "de") == "Achtung : 12 %"
    assert format_date("2026-05-01", "de") == "1 May 2026"
