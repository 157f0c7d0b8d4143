"""Every rule has a broken fixture, and each fixture gives exactly the expected messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmguide.loader import load_content
from cmguide.problems import RULES, Problem
from cmguide.rules import check_languages
from conftest import FIXTURES, MINIMAL, ROOT, make_project

BROKEN = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def test_minimal_fixture_is_valid(tmp_path):
    content = load_content(make_project(tmp_path / "p", MINIMAL))
    assert content.problems == []
    assert [p.id for p in content.pitfalls] == ["alpha", "beta"]


@pytest.mark.parametrize("case", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_fixture_reports_exact_messages(case: Path, tmp_path):
    project = make_project(tmp_path / "p", MINIMAL, (case,))
    content = load_content(project)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [p.format() for p in content.problems] == expected


def test_every_rule_has_a_broken_fixture():
    # checked against mkdocs.yml (test_languages_must_match_mkdocs) and hand-written pages (test_untrusted.py)
    fixture_rules = {"I18N-CONFIG", "PAGE-MACRO"}
    for case in BROKEN:
        for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
            fixture_rules.add(line.split(" ")[1])
    assert set(RULES) - fixture_rules == set()


def test_languages_must_match_mkdocs(tmp_path):
    content = load_content(make_project(tmp_path / "p", MINIMAL))
    assert check_languages(content, ["fr", "en"]) == []
    problems = check_languages(content, ["fr"])
    assert [p.format() for p in problems] == [
        "guidance/site.yml:3:12: I18N-CONFIG mkdocs.yml builds ['fr'] but guidance/site.yml declares ['fr', 'en'] "
        "(hint: list the same languages, in the same order (default first), in both files)"
    ]


def test_problem_format_and_registry():
    problem = Problem("a.yml", 3, 5, "SCHEMA-TYPE", "'x' should be text", "quote it")
    assert problem.format() == "a.yml:3:5: SCHEMA-TYPE 'x' should be text (hint: quote it)"
    with pytest.raises(ValueError):
        Problem("a.yml", 1, 1, "NO-SUCH-RULE", "x")
    for rule in RULES.values():
        assert sorted(rule.description) == ["en", "fr"] and all(rule.description.values()) and rule.example
        assert rule.describe("fr") == rule.description["fr"] and rule.describe("de") == rule.description["en"]


def test_all_problems_are_reported_at_once(tmp_path):
    """Problems from several files and rules come out together, sorted by place."""
    project = make_project(
        tmp_path / "p",
        MINIMAL,
        tuple(FIXTURES / "broken" / n for n in ("schema-value-http-link", "typo-fr-missing-space", "yaml-empty-file")),
    )
    rules = [p.rule for p in load_content(project).problems]
    assert rules == ["TYPO-FR", "TYPO-FR", "YAML-EMPTY", "SCHEMA-VALUE"]


def test_real_content_is_valid():
    content = load_content(ROOT)
    assert [p.format() for p in content.problems] == []
    assert [p.number for p in content.pitfalls] == [1, 2, 3, 4, 5]
    assert content.role is not None
