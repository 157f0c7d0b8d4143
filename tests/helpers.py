"""Helpers shared by several test modules: the real content, and what the browser and export tests do with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cmguide.loader import FILE_KINDS, load_content
from cmguide.render import local
from cmguide.scoring import score_pitfall
from conftest import ROOT

CONTENT = load_content(ROOT)  # the real content, loaded once for every test module
LANGS = CONTENT.languages
PREFIX = {lang: "" if lang == CONTENT.default_language else f"{lang}/" for lang in LANGS}
SCALE = CONTENT.assessment.scale


def flat(text: str) -> str:
    """On one line: ASCII spaces and newlines collapse; French no-break spaces (U+00A0, U+202F) stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# The self-assessment, answered by keyboard


#: axe-core, evaluated in pages by the test driver (the pages' policy allows no inline script)
AXE_SOURCE = (
    (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    if (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists()
    else ""
)


def chosen_option(index: int) -> int:
    """A spread of answers across the scale, different for each statement."""
    return (index * 7 + 3) % len(SCALE)


def keyboard_answers() -> dict[str, str]:
    """The answers fill_by_keyboard gives: statement id -> scale option id."""
    ids = [s.id for p in CONTENT.pitfalls for s in CONTENT.statements[p.id].statements]
    return {statement_id: SCALE[chosen_option(index)].id for index, statement_id in enumerate(ids)}


def ordered_results(answers: dict[str, str] | None = None):
    """(pitfall, result) from the YAML, highest risk first: band, then scaled score; not placed last."""
    answers = keyboard_answers() if answers is None else answers
    pairs = [(p, score_pitfall(CONTENT.assessment, CONTENT.statements[p.id], answers)) for p in CONTENT.pitfalls]

    def risk(pair):
        pitfall, result = pair
        if result.band is None:
            return (-1, -1)
        bands = sorted(CONTENT.statements[pitfall.id].bands, key=lambda b: b.min)
        return ([b.id for b in bands].index(result.band.id), result.scaled)

    return sorted(pairs, key=risk, reverse=True)  # stable: equal risks keep the page order


def expected_results(lang: str, answers: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(pitfall short title, 'scaled score/whole pitfall's maximum', band label), highest risk first."""
    rows = []
    for pitfall, result in ordered_results(answers):
        band = local(result.band.label, lang) if result.band else local(CONTENT.site.quiz_ui.unplaced, lang)
        score = f"{result.scaled}/{result.full_max}" if result.band else "—"
        rows.append((local(pitfall.short_title, lang), score, band))
    return rows


def table_rows(page) -> list[tuple[str, str, str]]:
    return [
        tuple(cell.strip() for cell in row.split("\t")) for row in page.locator(".cmg-table tbody tr").all_inner_texts()
    ]


def fill_by_keyboard(page) -> None:
    """Tab into the form, answer each statement with Space and arrow keys, submit with Enter."""
    first = page.locator("form.cmg-assessment input").first
    for _ in range(300):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the first answer cannot be reached with Tab")
    count = page.locator("form.cmg-assessment fieldset").count()
    for index in range(count):
        page.keyboard.press("Space")  # selects the focused (first) option
        for _ in range(chosen_option(index)):
            page.keyboard.press("ArrowRight")  # moves and selects, never submits
        assert page.locator("[data-results]").is_hidden()
        page.keyboard.press("Tab")  # next question (or the submit button after the last one)
    focused = page.evaluate("document.activeElement.type")
    assert focused == "submit"
    page.keyboard.press("Enter")


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


# Hostile content


LANG_KEYS = set(CONTENT.languages)

PLAIN_FIELDS = {"title", "author", "publisher"}  # references: text that is not localised


def _french(payload: str) -> str:
    """The French variant keeps French spacing (a space before ; : ! ?), or the typography rule refuses it."""
    return re.sub(r"(?<=\S)([;:!?])", r" \1", payload)


def inject(project: Path, payload: str) -> int:
    """Append the payload to every prose field of a copy of the content; returns how many fields."""
    count = 0

    def walk(node, key=None):
        nonlocal count
        if isinstance(node, dict):
            if node and set(node) <= LANG_KEYS and all(isinstance(v, str) for v in node.values()):
                for lang in node:
                    node[lang] += " " + (_french(payload) if lang == "fr" else payload)
                    count += 1
                return node
            return {
                k: (walk(v, k) if not (k in PLAIN_FIELDS and isinstance(v, str)) else _plain(v))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        return node

    def _plain(value: str) -> str:
        nonlocal count
        count += 1
        return value + " " + payload

    for pattern, _model, _name in FILE_KINDS:
        for path in project.glob(pattern):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            path.write_text(yaml.safe_dump(walk(data), allow_unicode=True, sort_keys=False, width=10**6), "utf-8")
    return count
