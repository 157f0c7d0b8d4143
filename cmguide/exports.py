"""Exports of the knowledge checks for learning platforms: Moodle GIFT, one file per language.

GIFT keeps what the site shows: the question, each option with its feedback, several right answers (with
partial credit) and the explanation with its source as general feedback. Texts keep their accents (UTF-8)
and their **bold** / *italic* through GIFT's [markdown] format.
"""

from __future__ import annotations

import re

from .content import Content
from .render import export_paths, local

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


def export_files(content: Content) -> dict[str, str]:
    """Site-relative path -> text, for every export."""
    return {path: gift(content, lang) for lang, path in export_paths(content).items()}
