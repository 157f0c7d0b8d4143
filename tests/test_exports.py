"""Exports and generated documents: GIFT parsed back against the YAML, contributing page and file."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import CONTENT, LANGS, PREFIX, parse_gift

from cmguide.problems import RULES
from cmguide.render import export_paths, local
from conftest import ROOT
from htmlcheck import read_page


@pytest.mark.parametrize("lang", LANGS)
def test_gift_export_round_trips_to_the_yaml(built_site, lang):
    text = (built_site / export_paths(CONTENT)[lang]).read_text(encoding="utf-8")
    parsed = parse_gift(text)
    expected_count = sum(len(check.questions) for check in CONTENT.checks.values())
    assert len(parsed) == expected_count >= 25
    for pitfall_id, check in CONTENT.checks.items():
        for question in check.questions:
            got = parsed[f"{pitfall_id}/{question.id}"]
            assert got["prompt"] == " ".join(local(question.prompt, lang).split())
            assert [o["text"] for o in got["options"]] == [
                " ".join(local(o.text, lang).split()) for o in question.options
            ]
            assert [o["feedback"] for o in got["options"]] == [
                " ".join(local(o.feedback, lang).split()) for o in question.options
            ]
            assert [o["correct"] for o in got["options"]] == [o.correct for o in question.options]
            if question.type == "multiple":
                weights = [float(o["weight"]) for o in got["options"] if o["correct"]]
                assert abs(sum(weights) - 100) < 0.01
            assert got["general"].startswith(" ".join(local(question.explanation, lang).split()))
            assert CONTENT.references[question.source].url in got["general"]
    if lang == "fr":
        assert "é" in text and "«" in text or "’" in text  # accents and typography survive as UTF-8


@pytest.mark.parametrize("lang", LANGS)
def test_contributing_page_lists_recipes_rules_and_exports(built_site, lang):
    page = read_page(built_site, PREFIX[lang] + "contributing/")
    rows = [el for el in page.find("code") if el.text in RULES]
    assert {el.text for el in rows} == set(RULES)
    for recipe in CONTENT.contributing.recipes:
        assert f"recipe-{recipe.id}" in page.ids()
    links = {page.resolve(a.attrs["href"]) for a in page.find("a")}
    for path in export_paths(CONTENT).values():
        assert path in links and (built_site / path).exists()


def test_contributing_file_is_up_to_date():
    result = subprocess.run(
        [sys.executable, "-m", "cmguide", "contributing", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.describe('en')} |" in text
