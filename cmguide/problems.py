"""Problems found in the content, and the registry of the rules that find them.

Every problem names a rule from ``RULES`` and a place in a file, and prints as
``path:line:col: RULE-ID message (hint: ...)``. Line and column are 1-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    example: str


# Data


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule(
            "YAML-SYNTAX",
            "The file is valid YAML, one document, indented with spaces.",
            "expected <block end>, but found '-'",
        ),
        Rule(
            "YAML-DUPLICATE-KEY",
            "A key appears once in its mapping (YAML would silently keep the last one).",
            "duplicate key 'title' (first at line 3)",
        ),
        Rule(
            "YAML-ALIAS",
            "No anchors or aliases (&name, *name): every text is written out where it is used.",
            "aliases (*name) are not allowed in content",
        ),
        Rule(
            "YAML-FILE",
            "A content file is a regular file inside the project, of at most 1 MB (no pipe, device or outside link).",
            "this is a named pipe (FIFO), not a text file",
        ),
        Rule("YAML-EMPTY", "The file is not empty and holds a mapping at its top level.", "the file is empty"),
        Rule(
            "SCHEMA-UNKNOWN-KEY",
            "Every key is one the model knows (typos are caught).",
            "unknown key 'titel' (did you mean 'title'?)",
        ),
        Rule("SCHEMA-MISSING-KEY", "Every required key is present.", "missing key 'summary'"),
        Rule(
            "SCHEMA-TYPE",
            "Every value has the expected type (text, list, number, mapping).",
            "'title.fr' should be text, found a boolean",
        ),
        Rule("SCHEMA-EMPTY", "Required texts and lists are not empty.", "'summary.en' is empty"),
        Rule(
            "SCHEMA-COUNT",
            "Lists have the number of items the page structure needs.",
            "'warning_signs' needs at least 4 items, found 3",
        ),
        Rule(
            "SCHEMA-VALUE",
            "Values are in their allowed form (kebab-case ids, dates, https links).",
            "'id' must be kebab-case (a-z, 0-9, -), found 'Full_Automation'",
        ),
        Rule(
            "ID-FILENAME",
            "A file that holds one item is named after its id.",
            "id 'full-automation' does not match the file name 'automation.yml'",
        ),
        Rule(
            "ID-DUPLICATE",
            "Ids are unique within their kind.",
            "duplicate reference id 'reuters-2025' (first at guidance/references.yml:12:7)",
        ),
        Rule(
            "REF-UNKNOWN",
            "Every cross-reference (related pitfall, cited source) points at an existing id.",
            "unknown reference 'reuter-2025' (did you mean 'reuters-2025'?)",
        ),
        Rule(
            "REF-UNUSED",
            "Every reference in references.yml is cited somewhere.",
            "reference 'old-study' is never cited",
        ),
        Rule("I18N-MISSING", "Every text exists in every language of the site.", "'summary' has no 'en' text"),
        Rule(
            "I18N-UNKNOWN",
            "Texts use only the languages the site declares.",
            "'summary' has text in 'de', which the site does not declare",
        ),
        Rule(
            "I18N-CONFIG",
            "The languages of guidance/site.yml and of mkdocs.yml agree.",
            "mkdocs.yml builds ['fr'] but guidance/site.yml declares ['fr', 'en']",
        ),
        Rule(
            "TEXT-TODO",
            "No text is still marked TODO (as `python -m cmguide new` leaves them).",
            "'title.fr' is still to write",
        ),
        Rule(
            "TYPO-FR",
            "French text puts a space before ; : ! ? and inside « guillemets ».",
            "French text needs a space before ':' in 'Attention:'",
        ),
        Rule(
            "QUIZ-COVERAGE",
            "Every pitfall has its self-assessment statements and its knowledge check.",
            "pitfall 'full-automation' has no knowledge check",
        ),
        Rule(
            "QUIZ-ANSWERS",
            "A single-choice question has exactly one correct option, a multiple-choice at least one.",
            "single-choice question 'q1' needs exactly one correct option, found 2",
        ),
        Rule(
            "QUIZ-BANDS",
            "Result bands (and overall profiles) cover every reachable score once, with no gap.",
            "score 7 falls in none of the bands",
        ),
        Rule(
            "QUIZ-SOURCE",
            "A knowledge-check explanation cites a reference of its pitfall's page.",
            "source 'cmx-2024' is not cited on the page of pitfall 'careless-images'",
        ),
        Rule(
            "PAGE-MACRO",
            "A hand-written page calls the macros with the id of a pitfall that exists (one knowledge check a page).",
            "pitfall_card: no pitfall 'full-automaton' (did you mean 'full-automation'?)",
        ),
        Rule(
            "PITFALL-NUMBER",
            "Pitfall numbers run 1, 2, 3… with no gap and no repeat.",
            "pitfall numbers must run 1..5; found [1, 2, 4, 5, 6]",
        ),
    ]
}


class _Fields(NamedTuple):
    path: str
    line: int
    col: int
    rule: str
    message: str
    hint: str = ""


class Problem(_Fields):
    """One problem at one place (a tuple: cheap to make, sort and compare by the hundred thousand)."""

    __slots__ = ()

    def __new__(cls, path: str, line: int, col: int, rule: str, message: str, hint: str = "") -> Problem:
        if rule not in RULES:  # a programming error, not an author's
            raise ValueError(f"unregistered rule {rule!r}")
        return super().__new__(cls, path, line, col, rule, message, hint)

    def format(self) -> str:
        """One line, whatever the message quotes (a key with a newline, a control character)."""
        text = f"{one_line(self.path)}:{self.line}:{self.col}: {self.rule} {one_line(self.message)}"
        return f"{text} (hint: {one_line(self.hint)})" if self.hint else text

    def github(self) -> str:
        """A GitHub Actions annotation; data and properties escaped as the workflow-command format asks."""
        message = f"{self.rule} {self.message}" + (f" (hint: {self.hint})" if self.hint else "")
        props = f"file={_gh_property(self.path)},line={self.line},col={self.col},title={_gh_property(self.rule)}"
        return f"::error {props}::{_gh_data(message)}"


def one_line(text: str) -> str:
    """The text with line breaks and other control characters written as escapes (\\n, \\x07…)."""
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


#: how many problems of one rule in one file are listed (the rest are counted)
MAX_LISTED = 50


class Found(list):
    """Problems as rules find them. Past MAX_LISTED + 1 of one rule in one file, a problem is only counted
    (``totals``), so that a file with 100,000 mistakes costs no more than counting them."""

    def __init__(self) -> None:
        super().__init__()
        self.totals: dict[tuple[str, str], int] = {}

    def wants(self, path: str, rule: str) -> bool:
        """Count one more problem of ``rule`` in ``path``; say whether it is still worth making."""
        key = (path, rule)
        self.totals[key] = self.totals.get(key, 0) + 1
        return self.totals[key] <= MAX_LISTED + 1

    def merge(self, other: Found) -> None:
        self.extend(other)
        for key, count in other.totals.items():
            self.totals[key] = self.totals.get(key, 0) + count


class ContentError(Exception):
    """Raised by adapters when the content has problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = [p.format() for p in self.problems]
        count = len(lines)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n" + "\n".join(lines))
