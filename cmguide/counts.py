"""Counts in texts: computed, never written by hand.

A text may say ``{pitfalls}``, ``{statements}`` or ``{questions}`` (``{Pitfalls}``… at the start of a sentence):
the loader fills in the number of pitfalls, of self-assessment statements and of knowledge questions, in words, in
each text's language. The TEXT-COUNT rule then refuses a text that states another number of them.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from .checks import At, Context, check
from .content import items, walk

#: Number words, per language (0 to 20, then tens), for filling and for reading counts back.
WORDS = {
    "fr": (
        "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept "
        "dix-huit dix-neuf vingt"
    ).split(),
    "en": (
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty"
    ).split(),
}
TENS = {"fr": {30: "trente", 40: "quarante", 50: "cinquante"}, "en": {30: "thirty", 40: "forty", 50: "fifty"}}
#: The nouns each count is about, per language (singular and plural forms).
NOUNS = {
    "pitfalls": {"fr": ("piège", "pièges"), "en": ("pitfall", "pitfalls")},
    "statements": {"fr": ("affirmation", "affirmations"), "en": ("statement", "statements")},
    "questions": {"fr": ("question", "questions"), "en": ("question", "questions")},
}


def in_words(number: int, lang: str) -> str:
    """``number`` in words (digits past what the table knows)."""
    words, tens = WORDS.get(lang, WORDS["en"]), TENS.get(lang, TENS["en"])
    if number < len(words):
        return words[number]
    if number in tens:
        return tens[number]
    ten, unit = divmod(number, 10)
    if ten * 10 in tens and unit:
        joiner = " et " if lang == "fr" and unit == 1 else "-"
        return tens[ten * 10] + joiner + words[unit]
    return str(number)


def counts_of(content) -> dict[str, int]:
    return {
        "pitfalls": len(content.pitfalls),
        "statements": sum(len(s.statements) for s in content.statement_sets),
        "questions": sum(len(c.questions) for c in content.check_sets),
    }


def filled(item: BaseModel, counts: dict[str, int]) -> BaseModel:
    """The item with the count placeholders of its texts filled in (the same item when it has none)."""

    def fill(value: Any, lang: str | None = None) -> Any:
        if isinstance(value, str) and lang is not None and "{" in value:
            return _PLACEHOLDER.sub(lambda m: _word(m, counts, lang), value)
        if isinstance(value, dict):
            return {k: fill(v, k if isinstance(k, str) and len(k) == 2 else lang) for k, v in value.items()}
        if isinstance(value, list):
            if lang is None and value and isinstance(value[0], str):
                return value  # a list of ids (sources, further reading), not texts
            return [fill(v, lang) for v in value]
        if isinstance(value, BaseModel):
            changes = {name: fill(getattr(value, name), lang) for name in type(value).model_fields}
            return value.model_copy(update=changes)
        return value

    return fill(item)


_PLACEHOLDER = re.compile(r"\{(pitfalls|statements|questions|Pitfalls|Statements|Questions)\}")


def _word(match: re.Match, counts: dict[str, int], lang: str) -> str:
    name = match[1]
    word = in_words(counts[name.lower()], lang)
    return word[:1].upper() + word[1:] if name[0].isupper() else word


# The rule


@check("TEXT-COUNT")
def text_count(ctx: Context, at: At) -> None:
    """A text about the guide (site, self-assessment, contributing) that states how many pitfalls, statements or
    questions there are says the real number. Pages may speak of "three questions" to ask oneself."""
    counts = counts_of(ctx.content)
    content = ctx.content
    guide = [content.site, content.assessment, content.contributing]  # the texts about the guide itself
    for item, doc in ((item, doc) for item, doc in items(content) if any(item is g for g in guide)):
        for loc, value in walk(item, ()):
            if not isinstance(value, dict):
                continue
            for lang, text in value.items():
                if not isinstance(text, str):
                    continue
                for number, noun, what in _stated(text, lang):
                    if what == "questions" and number in {len(c.questions) for c in ctx.content.check_sets}:
                        continue  # "five questions" on a check page that has five
                    if number != counts[what]:
                        at(
                            doc,
                            loc + (lang,),
                            "TEXT-COUNT",
                            f"'{lang}' text says {number} {noun}, but the content has {counts[what]}",
                            f"write {{{what}}} instead of the number: the site fills it in",
                        )


def _stated(text: str, lang: str):
    """(number, noun, count name) for each "N nouns" in the text (N ≥ 2, not the end of a range "one or two")."""
    words = WORDS.get(lang)
    if words is None:
        return
    numbers = {w: n for n, w in enumerate(words)} | {w: n for n, w in TENS[lang].items()}
    for what, forms in NOUNS.items():
        nouns = forms.get(lang, ())
        pattern = re.compile(
            r"(?<![\w-])(?:(ou|or|à|to|et|and)\s+)?(\d+|" + "|".join(sorted(numbers, key=len, reverse=True)) + r")"
            r"\s+(?:\w+\s+)?(" + "|".join(nouns) + r")\b",
            re.IGNORECASE,
        )
        for match in pattern.finditer(text):
            if match[1]:
                continue  # "un ou deux pièges": a range, not a count of the content
            word = match[2].lower()
            number = int(word) if word.isdigit() else numbers.get(word)
            if number is not None and number >= 2:
                yield number, match[3], what
