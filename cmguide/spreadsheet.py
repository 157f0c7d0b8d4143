"""The editorial-calendar template as CSV: one file per language, read back cell for cell by any CSV parser.

UTF-8 with a byte-order mark: Excel on Windows reads a CSV file without it in the system's code page and garbles
accents; LibreOffice and Google Sheets read the mark too. The separator is the language's (guidance/calendar.yml):
Excel splits columns on the list separator of the system's regional settings, ';' in French. Cells are quoted
when they hold a separator, a quote or a line break (RFC 4180, CRLF line ends), and a cell that a spreadsheet would
run as a formula gets a leading apostrophe (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import io
import re

from . import models as m
from .content import Content
from .locales import local


def calendar_paths(content: Content) -> dict[str, str]:
    """Site-relative path of the editorial-calendar CSV of each language."""
    return {lang: f"exports/cmguide-calendar-{lang}.csv" for lang in content.languages}


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


def calendar_files(content: Content) -> dict[str, bytes]:
    """Site-relative path -> bytes of each language's CSV file (none when the site has no calendar)."""
    if content.calendar is None:
        return {}
    return {path: calendar_csv(content.calendar, lang) for lang, path in calendar_paths(content).items()}
