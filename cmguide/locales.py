"""What changes with the language of a text: one table (`LOCALES`), so that adding a language is data.

The site's texts are written per language in YAML; this table holds only the rules of writing that the code
applies to them: the spacing of French punctuation, quotation marks, the colon of a label, the names of the
months and the typography rules the validator checks. A language without an entry writes as English does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

NBSP, NNBSP = "\u00a0", "\u202f"  # no-break space, narrow no-break space


@dataclass(frozen=True)
class Locale:
    months: tuple[str, ...]
    first_day: str  # how the first day of a month is written ("1er" in French)
    quotes: tuple[str, str]
    #: punctuation that takes a no-break space before it, and which space (French: ":" a no-break space,
    #: "; ! ?" a narrow one); empty for languages that put none
    spaced: dict[str, str]
    spaced_quotes: bool = False  # a no-break space inside the quotation marks
    spaced_percent: bool = False  # a narrow no-break space between a number and "%"
    #: a length of time with hours and minutes ("3 h 30" in French, "3 h 30 min" in English; no-break spaces)
    hours_minutes: str = "{h}\u00a0h\u00a0{m}\u00a0min"
    curly_apostrophe: bool = False  # the validator flags a straight apostrophe between letters (l'IA → l’IA)

    @property
    def colon(self) -> str:
        """The colon after a label, with its space if the language wants one."""
        return self.spaced.get(":", "") + ":"

    @property
    def separator(self) -> str:
        """What separates the items of a list written on one line ("a ; b" in French, "a; b" in English)."""
        return self.spaced.get(";", "") + "; "


LOCALES: dict[str, Locale] = {
    "fr": Locale(
        months=(
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        first_day="1er",
        quotes=(f"«{NBSP}", f"{NBSP}»"),
        spaced={":": NBSP, ";": NNBSP, "!": NNBSP, "?": NNBSP},
        spaced_quotes=True,
        spaced_percent=True,
        hours_minutes="{h}\u00a0h\u00a0{m:02d}",
        curly_apostrophe=True,
    ),
    "en": Locale(
        months=(
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        first_day="1",
        quotes=("“", "”"),
        spaced={},
    ),
}


def locale(lang: str) -> Locale:
    return LOCALES.get(lang, LOCALES["en"])


def colon(lang: str) -> str:
    return locale(lang).colon


def local(value: dict[str, str], lang: str) -> str:
    """A text in one language, without control characters, with its language's spacing rules applied."""
    return _written(value[lang], lang)


@lru_cache(maxsize=4096)  # the same labels come back on every page
def _written(text: str, lang: str) -> str:
    text = strip_controls(text)
    rules = locale(lang)
    if not rules.spaced:
        return text
    before = re.compile(r"[ \u00a0\u202f]([" + re.escape("".join(rules.spaced)) + "])")  # spaces the author wrote
    parts = re.split(r"(`[^`]*`)", text)  # leave code spans alone
    for i in range(0, len(parts), 2):
        part = parts[i]
        part = before.sub(lambda mt: rules.spaced[mt.group(1)] + mt.group(1), part)
        if rules.spaced_percent:
            part = re.sub(r"(?<=\d) %", f"{NNBSP}%", part)
        if rules.spaced_quotes:
            part = re.sub(r"«[ \u00a0]*", f"«{NBSP}", part)
            part = re.sub(r"[ \u00a0]*»", f"{NBSP}»", part)
        parts[i] = part
    return "".join(parts)


_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


def one_line(text: str) -> str:
    """A text on one line: each run of ASCII spaces and newlines is one space. No-break spaces (French, before
    ":" and inside « ») are not whitespace to collapse: they stay."""
    return _ASCII_SPACES.sub(" ", text).strip()


def strip_controls(text: str) -> str:
    """Without bidirectional overrides and control characters, which could make a text read as another."""
    return _CONTROLS.sub("", text)


def format_length(minutes: int, lang: str) -> str:
    """A length of time: "25 min", "2 h", "3 h 30" (French) or "3 h 30 min" (English), with no-break spaces."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}{NBSP}min"
    return locale(lang).hours_minutes.format(h=hours, m=rest) if rest else f"{hours}{NBSP}h"


def format_date(value: str, lang: str) -> str:
    """A date written out: "2026", "novembre 2026", "1er novembre 2026" / "November 2026", "1 November 2026"."""
    parts = [int(p) for p in value.split("-")]
    rules = locale(lang)
    if len(parts) == 1:
        return str(parts[0])
    month = rules.months[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = rules.first_day if parts[2] == 1 else str(parts[2])
    return f"{day} {month} {parts[0]}"


def typography_faults(text: str, lang: str) -> list[str]:
    """What breaks the typography of ``lang`` in ``text`` (rule TYPO-FR), each with the place it was found."""
    rules = locale(lang)
    text = re.sub(r"`[^`]*`", "`code`", text)  # code is not prose
    found = []
    for pattern, message in _typography_patterns(rules):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 12)
            found.append(message.format(match.group(0)) + f" in '…{text[start : match.end()]}'")
    return found


def _typography_patterns(rules: Locale) -> list[tuple[re.Pattern[str], str]]:
    spaces = "\\s\u00a0\u202f"
    patterns = []
    narrow = re.escape("".join(ch for ch in rules.spaced if ch != ":"))
    if narrow:
        patterns.append((re.compile(rf"(?<=[^{spaces}!?:;…\d(«])([{narrow}])(?=\s|$|»)"), "no space before '{0}'"))
    if ":" in rules.spaced:
        patterns.append((re.compile(rf"(?<=[^{spaces}\d])(:)(?=\s|$)"), "no space before '{0}'"))
    if rules.spaced_quotes:
        opening, closing = rules.quotes[0].strip(), rules.quotes[1].strip()
        patterns.append((re.compile(rf"{opening}(?=[^{spaces}])"), f"no space after '{opening}'"))
        patterns.append((re.compile(rf"(?<=[^{spaces}]){closing}"), f"no space before '{closing}'"))
    if rules.curly_apostrophe:
        patterns.append((re.compile(r"(?<=\w)'(?=\w)"), "a straight apostrophe (write ’)"))
    return patterns
