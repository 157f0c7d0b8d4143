"""Exports: the knowledge checks for learning platforms (Moodle GIFT) and the editorial-calendar template for
spreadsheets (CSV), one file per language.

GIFT keeps what the site shows: the question, each option with its feedback, several right answers (with
partial credit) and the explanation with its source as general feedback. Texts keep their accents (UTF-8)
and their **bold** / *italic* through GIFT's [markdown] format.
"""

from __future__ import annotations

import csv
import io
import re

from . import models as m
from .content import Content
from .render import calendar_paths, export_paths, local

GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """A text GIFT reads as text: its special characters backslash-escaped, on one line.

    GIFT has no escape for '%', which Moodle reads as a weight (``~%50%``) at the start of an answer: a
    leading '%' is written as the HTML entity ``&#37;`` (its '#' escaped too), which the [markdown] format
    shows as '%'.
    """
    escaped = GIFT_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return "&\\#37;" + escaped[1:] if escaped.startswith("%") else escaped


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def gift(content: Content, lang: str) -> str:
    """Every knowledge check of the site in one GIFT file, a category per pitfall."""
    lines = [
        f"// {local(content.site.ui.site_name, lang)} — {local(content.site.quiz_ui.check, lang)} ({lang})",
        "// Generated from quizzes/checks/*.yml; edit the YAML, not this file.",
        "",
    ]
    for pitfall in content.pitfalls:
        check = content.checks.get(pitfall.id)
        if check is None:
            continue
        lines += [f"$CATEGORY: cmguide/{lang}/{pitfall.number:02d}-{pitfall.id}", ""]
        for question in check.questions:
            right = [o for o in question.options if o.correct]
            source = content.references[question.source]
            explanation = f"{local(question.explanation, lang)} ({source.title}, {source.publisher}, {source.url})"
            lines.append(f"::{pitfall.id}/{question.id}::[markdown]{gift_escape(local(question.prompt, lang))} {{")
            for option in question.options:
                if question.type == "single":
                    mark = "=" if option.correct else "~"
                else:
                    mark = f"~%{_percent(100 / len(right))}%" if option.correct else "~%-100%"
                text, feedback = local(option.text, lang), local(option.feedback, lang)
                lines.append(f"\t{mark}{gift_escape(text)}#{gift_escape(feedback)}")
            lines.append(f"\t####{gift_escape(explanation)}")
            lines += ["}", ""]
    return "\n".join(lines)


# The editorial calendar as CSV

#: The calendar's columns, in the order of the page's table and of the CSV file (fields of CalendarColumns).
CALENDAR_COLUMNS = ("date", "subject", "marronnier", "idea_source", "only_us", "ai_assisted", "reviewer", "label")

#: What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection"): =, +, -, @, a tab, a carriage
#: return, and their full-width forms, which some spreadsheets fold into the same characters.
FORMULA_START = tuple("=+-@\t\r＝＋－＠")


def neutralised(cell: str) -> str:
    """A cell no spreadsheet runs: one that starts (after spaces) like a formula gets a leading apostrophe."""
    return "'" + cell if cell.lstrip(" ").startswith(FORMULA_START) else cell


def plain(text: str) -> str:
    """A text without the **bold** and *italic* marks the site renders (a spreadsheet would show them)."""
    text = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", text)
    return re.sub(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])", r"\1", text)


def calendar_table(calendar: m.Calendar, lang: str) -> list[list[str]]:
    """The calendar in one language as rows of plain cells: the headings, then each example row."""

    def t(value: dict[str, str]) -> str:
        return plain(local(value, lang))

    def cell(row: m.CalendarRow, column: str) -> str:
        value = getattr(row, column)
        if isinstance(value, bool):
            return t(calendar.answer_yes if value else calendar.answer_no)
        if column == "idea_source":
            return t(getattr(calendar.idea_origins, value))
        return t(value) if isinstance(value, dict) else value

    headings = [t(getattr(calendar.columns, column).name) for column in CALENDAR_COLUMNS]
    return [headings] + [[cell(row, column) for column in CALENDAR_COLUMNS] for row in calendar.rows]


def separator(calendar: m.Calendar, lang: str) -> str:
    """The CSV separator of a language (the rule I18N-MISSING makes sure each language has one)."""
    return next(entry.separator for entry in calendar.csv_separators if entry.lang == lang)


def calendar_csv(calendar: m.Calendar, lang: str) -> bytes:
    """The calendar as a CSV file: UTF-8 with a byte-order mark (Excel reads accents only with it), the language's
    separator (French Excel expects ';'), every cell quoted when it holds a separator, a quote or a line break
    (RFC 4180, CRLF line ends), and no cell that a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator(calendar, lang), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in calendar_table(calendar, lang):
        writer.writerow([neutralised(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_files(content: Content) -> dict[str, str | bytes]:
    """Site-relative path -> text (or bytes, written as they are), for every export."""
    files: dict[str, str | bytes] = {path: gift(content, lang) for lang, path in export_paths(content).items()}
    if content.calendar is not None:
        for lang, path in calendar_paths(content).items():
            files[path] = calendar_csv(content.calendar, lang)
    return files
