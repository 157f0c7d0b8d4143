"""Exports and generated documents: GIFT parsed back against the YAML, contributing page and file."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from cmguide.loader import load_content
from cmguide.problems import RULES
from cmguide.render import export_paths, local
from conftest import ROOT
from htmlcheck import read_page

CONTENT = load_content(ROOT)
LANGS = CONTENT.languages
PREFIX = {lang: "" if lang == CONTENT.default_language else f"{lang}/" for lang in LANGS}


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """Split GIFT text on unescaped separator characters: [(separator, chunk)]."""
    out, current, sep, i = [], "", "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if ch in separators:
            out.append((sep, current))
            current, sep = "", ch
        else:
            current += ch
        i += 1
    out.append((sep, current))
    return out


def _unescape(text: str) -> str:
    """GIFT's backslash escapes undone; a leading '&#37;' is how the exporter writes a '%' that is not a weight."""
    text = re.sub(r"\\(.)", r"\1", text).strip()
    return "%" + text[5:] if text.startswith("&#37;") else text


def parse_gift(text: str) -> dict[str, dict]:
    """A small GIFT reader for what the exporter writes: titled multiple-choice questions with feedback."""
    questions = {}
    body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or block.startswith("$CATEGORY:"):
            continue
        match = re.match(r"::(.+?)::\[markdown\](.*)$", block, re.S)
        assert match, block[:80]
        title, rest = match.groups()
        prompt, _, answers = rest.partition(" {")
        answers = answers.rstrip().removesuffix("}")
        general = None
        if "####" in answers:
            answers, _, general = answers.partition("####")
        options = []
        for mark, chunk in _split(answers, "=~"):
            if not mark:
                continue
            weight = None
            if mark == "~" and chunk.startswith("%"):
                weight, chunk = chunk[1:].split("%", 1)
            parts = [c for _, c in _split(chunk, "#")]
            options.append(
                {
                    "correct": mark == "=" or (weight is not None and float(weight) > 0),
                    "text": _unescape(parts[0]),
                    "feedback": _unescape(parts[1]) if len(parts) > 1 else None,
                    "weight": weight,
                }
            )
        questions[title] = {"prompt": _unescape(prompt), "options": options, "general": _unescape(general or "")}
    return questions


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
