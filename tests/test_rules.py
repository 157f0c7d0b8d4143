"""Every rule has a broken fixture, and each fixture gives exactly the expected messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmguide.checks import CHECKS, check, run_checks
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
    assert [p.format() for p in sorted(content.problems + content.warnings)] == expected


def test_every_rule_has_a_broken_fixture():
    # checked against mkdocs.yml (test_languages_must_match_mkdocs) and hand-written pages (test_untrusted.py)
    fixture_rules = {"I18N-CONFIG", "PAGE-MACRO", "PAGE-NAV"}
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


# The registry: each check alone on its rule's fixtures

#: rules found while reading and validating one file (cmguide/yamlio.py, cmguide/loader.py), or by adapters
NOT_CHECKS = {"I18N-CONFIG", "PAGE-MACRO", "PAGE-NAV"} | {r for r in RULES if r.startswith(("YAML-", "SCHEMA-"))}
CHECKED_RULES = sorted({c.rule for c in CHECKS.values()})


def test_every_check_reports_a_registered_rule_and_every_content_rule_has_a_check():
    assert set(RULES) - NOT_CHECKS - set(CHECKED_RULES) == set()
    for each in CHECKS.values():
        assert each.rule in RULES and each.function.__doc__, each.name
        assert all(name in CHECKS for name in each.after), each.name


@pytest.mark.parametrize("rule", CHECKED_RULES)
def test_each_rule_alone_reports_exactly_its_fixture_lines(rule: str, tmp_path):
    """Run only the checks of ``rule`` on every fixture named for it: exactly its expected lines, same places."""
    cases = [case for case in BROKEN if case.name.startswith(rule.lower() + "-")]
    if rule == "SCHEMA-COUNT":  # the models count list items; the check counts a page's references
        cases = []
    for case in cases:
        content = load_content(make_project(tmp_path / case.name, MINIMAL, (case,)))
        found = sorted(run_checks(content, content.references_file, only=[rule]))
        expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert [p.format() for p in found] == [line for line in expected if f" {rule} " in line], case.name
    clean = load_content(make_project(tmp_path / "clean", MINIMAL))
    assert list(run_checks(clean, clean.references_file, only=[rule])) == []


def test_page_reference_count(tmp_path):
    """SCHEMA-COUNT's check: a pitfall page cites at least three distinct references."""
    project = make_project(tmp_path / "p", MINIMAL)
    path = project / "guidance" / "pitfalls" / "alpha.yml"
    text = path.read_text(encoding="utf-8")
    for cited, alone in (("[study-two, study-one]", "[study-one]"), ("[mguillois-2024]", "[study-one]")):
        assert cited in text
        text = text.replace(cited, alone)
    path.write_text(text, encoding="utf-8")
    content = load_content(project)
    found = [p.format() for p in run_checks(content, content.references_file, only=["SCHEMA-COUNT"])]
    line, col = content.doc_of(content.pitfall("alpha")).marks.value(("why",))
    assert found == [
        f"guidance/pitfalls/alpha.yml:{line}:{col}: SCHEMA-COUNT the page cites 1 distinct references; a pitfall "
        "needs at least 3 (hint: cite more sources in `why`, or add ids to `further_reading`)"
    ]


def test_ref_unused_waits_for_ref_unknown(tmp_path):
    """A mistyped citation makes its reference look unused: REF-UNUSED stays quiet while REF-UNKNOWN reports."""
    assert CHECKS["ref_unused"].after == ("ref_unknown",)
    project = make_project(tmp_path / "p", MINIMAL, (FIXTURES / "broken" / "ref-unknown-source",))
    content = load_content(project)
    assert [p.rule for p in content.problems] == ["REF-UNKNOWN"]
    assert list(run_checks(content, content.references_file, only=["REF-UNUSED"])) == []


def test_a_check_cannot_report_another_rule(tmp_path):
    content = load_content(make_project(tmp_path / "p", MINIMAL))

    @check("TEXT-TODO")
    def wrong_rule(ctx, at):
        """Reports a rule it is not registered for."""
        at(ctx.content.doc_of(ctx.content.site), ("languages",), "I18N-MISSING", "x")

    try:
        with pytest.raises(ValueError, match="registered for TEXT-TODO, not I18N-MISSING"):
            run_checks(content, content.references_file, only=["TEXT-TODO"])
    finally:
        del CHECKS["wrong_rule"]


def test_typography_follows_the_language_table():
    """French: spaces before ; : ! ?, inside « », and the curly apostrophe; English: none of these."""
    from cmguide.locales import typography_faults

    assert typography_faults("l'IA et aujourd’hui : « oui »", "fr") == ["a straight apostrophe (write ’) in '…l''"]
    assert typography_faults("Attention: «oui»!", "fr") == [
        "no space before '!' in '…ntion: «oui»!'",
        "no space before ':' in '…Attention:'",
        "no space after '«' in '…Attention: «'",
        "no space before '»' in '…ention: «oui»'",
    ]
    assert typography_faults("l'IA: «oui»!", "en") == []
    assert typography_faults("code `l'IA:` stays", "fr") == []
