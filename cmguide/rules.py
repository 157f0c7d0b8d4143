"""Consistency rules that span fields and files (ids, cross-references, languages, typography).

Per-file shape rules (types, missing and unknown keys, counts) come from the models in
``loader.validate_model``; the rules here run on what loaded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from . import models as m
from .balance import check_key_balance
from .problems import Found, Problem
from .yamlio import Document, Loc
from .yamlio import dotted as _dotted

MIN_REFERENCES = 3
GUESSES_PER_FILE = 50  # "did you mean" costs a comparison with every id: only for what will be listed


def check_content(content, refs: m.References | None) -> Found:
    problems = Found()

    def at(doc: Document, loc: Loc, rule: str, message: str, hint: str = "", key: bool = False) -> None:
        if not problems.wants(doc.path, rule):
            return
        line, col = doc.marks.key(loc) if key else doc.marks.value(loc)
        problems.append(Problem(doc.path, line, col, rule, message, hint))

    # Ids: unique, and equal to the file name where a file holds one item.
    if refs is not None:
        doc = content.doc_of(refs)
        seen: dict[str, int] = {}
        for i, ref in enumerate(refs.references):
            if ref.id in seen:
                line, col = doc.marks.value(("references", seen[ref.id], "id"))
                at(
                    doc,
                    ("references", i, "id"),
                    "ID-DUPLICATE",
                    f"duplicate reference id '{ref.id}' (first at {doc.path}:{line}:{col})",
                    "give each reference its own id",
                )
            else:
                seen[ref.id] = i
    pitfall_ids: dict[str, m.Pitfall] = {}
    for pitfall in content.pitfalls:
        doc = content.doc_of(pitfall)
        stem = PurePath(doc.path).stem
        if pitfall.id != stem:
            at(
                doc,
                ("id",),
                "ID-FILENAME",
                f"id '{pitfall.id}' does not match the file name '{PurePath(doc.path).name}'",
                f"rename the file to {pitfall.id}.yml or set id: {stem}",
            )
        if pitfall.id in pitfall_ids:
            other = content.doc_of(pitfall_ids[pitfall.id])
            line, col = other.marks.value(("id",))
            at(
                doc,
                ("id",),
                "ID-DUPLICATE",
                f"duplicate pitfall id '{pitfall.id}' (first at {other.path}:{line}:{col})",
                "give each pitfall its own id",
            )
        else:
            pitfall_ids[pitfall.id] = pitfall
        _unique(at, doc, pitfall.actions, ("actions",), "action")
    if content.role is not None and content.role.id in pitfall_ids:
        at(
            content.doc_of(content.role),
            ("id",),
            "ID-DUPLICATE",
            f"the role page id '{content.role.id}' is also a pitfall id",
            "choose another id",
        )

    numbers = sorted(p.number for p in content.pitfalls)
    if numbers and numbers != list(range(1, len(numbers) + 1)) and not content.unloaded_pitfalls:
        for pitfall in content.pitfalls:
            if numbers.count(pitfall.number) > 1 or pitfall.number > len(numbers):
                at(
                    content.doc_of(pitfall),
                    ("number",),
                    "PITFALL-NUMBER",
                    f"pitfall numbers must run 1..{len(numbers)} once each; found {numbers}",
                    "renumber the pitfalls so that they follow each other",
                )

    # Cross-references.
    cited: set[str] = set()

    unknown: dict[str, int] = {}

    def check_ref(doc: Document, loc: Loc, ref_id: str) -> None:
        cited.add(ref_id)
        if ref_id not in content.references and refs is not None:
            unknown[doc.path] = unknown.get(doc.path, 0) + 1
            guess = _guess(ref_id, content.references) if unknown[doc.path] <= GUESSES_PER_FILE else ""
            at(
                doc,
                loc,
                "REF-UNKNOWN",
                f"unknown reference '{ref_id}'{guess}",
                "cite an id from guidance/references.yml, or add the reference there",
            )

    for item, doc in _items(content):
        for loc, value in _walk(item, ()):
            if (
                loc
                and loc[-1] in ("sources", "further_reading", "credit_reference", "source")
                and not isinstance(value, dict)
            ):
                for i, ref_id in enumerate(value if isinstance(value, list) else [value]):
                    check_ref(doc, loc + (i,) if isinstance(value, list) else loc, ref_id)
    for pitfall in content.pitfalls:
        doc = content.doc_of(pitfall)
        for i, other in enumerate(pitfall.related):
            if other == pitfall.id:
                at(
                    doc,
                    ("related", i),
                    "REF-UNKNOWN",
                    f"pitfall '{other}' lists itself as related",
                    "list other pitfalls only",
                )
            elif other not in pitfall_ids and other not in content.unloaded_pitfalls:
                at(
                    doc,
                    ("related", i),
                    "REF-UNKNOWN",
                    f"unknown pitfall '{other}'{_guess(other, pitfall_ids)}",
                    "use the id of a file in guidance/pitfalls/",
                )
        count = len(page_references(pitfall))
        if count < MIN_REFERENCES:
            at(
                doc,
                ("why",),
                "SCHEMA-COUNT",
                f"the page cites {count} distinct references; a pitfall needs at least {MIN_REFERENCES}",
                "cite more sources in `why`, or add ids to `further_reading`",
            )
    if refs is not None and not problems_with(problems, "REF-UNKNOWN"):
        doc = content.doc_of(refs)
        for i, ref in enumerate(refs.references):
            if ref.id not in cited:
                at(
                    doc,
                    ("references", i, "id"),
                    "REF-UNUSED",
                    f"reference '{ref.id}' is never cited",
                    "cite it from a page, or remove it",
                )

    problems.merge(check_quizzes(content, pitfall_ids))
    problems.extend(check_key_balance(content))

    # Languages and French typography.
    languages = content.languages
    if languages:
        for item, doc in _items(content):
            for loc, value in _walk(item, ()):
                if not isinstance(value, dict):
                    continue
                for lang in languages:
                    if lang not in value:
                        at(
                            doc,
                            loc,
                            "I18N-MISSING",
                            f"'{_dotted(loc)}' has no '{lang}' text",
                            f"add `{lang}:` with the translation",
                        )
                for lang, text in value.items():
                    if isinstance(text, str) and text.lstrip().startswith("TODO"):
                        at(
                            doc,
                            loc + (lang,),
                            "TEXT-TODO",
                            f"'{_dotted(loc)}.{lang}' is still to write",
                            "replace the TODO text (left by `./dev new`)",
                        )
                    if lang not in languages:
                        at(
                            doc,
                            loc + (lang,),
                            "I18N-UNKNOWN",
                            f"'{_dotted(loc)}' has text in '{lang}', which guidance/site.yml does not declare",
                            f"declared languages: {', '.join(languages)}",
                            key=True,
                        )
                    elif lang == "fr":
                        for bad in _french_typography(text):
                            at(
                                doc,
                                loc + (lang,),
                                "TYPO-FR",
                                f"'{_dotted(loc)}.fr': {bad}",
                                "French puts a space before ; : ! ? and inside « » (made a no-break space on the site)",
                            )
    return problems


def check_quizzes(content, pitfall_ids: dict[str, m.Pitfall]) -> Found:
    """Self-assessment statements, bands and profiles; knowledge checks."""
    problems = Found()

    def at(doc: Document, loc: Loc, rule: str, message: str, hint: str = "") -> None:
        if not problems.wants(doc.path, rule):
            return
        line, col = doc.marks.value(loc)
        problems.append(Problem(doc.path, line, col, rule, message, hint))

    assessment = content.assessment
    if assessment is not None:
        doc = content.doc_of(assessment)
        _unique(at, doc, assessment.scale, ("scale",), "scale option")
        _unique(at, doc, assessment.profiles, ("profiles",), "profile")
        count = len(content.pitfalls) + len(content.unloaded_pitfalls)
        _cover(
            at,
            doc,
            ("profiles",),
            "profiles",
            "pitfalls at risk",
            set(range(count + 1)),
            [(p.id, p.min_at_risk, p.max_at_risk) for p in assessment.profiles],
        )

    statement_ids: dict[str, str] = {}
    for kind, sets, folder in (
        ("statements", content.statement_sets, "quizzes/self-assessment"),
        ("check", content.check_sets, "quizzes/checks"),
    ):
        seen_pitfalls: dict[str, str] = {}
        for item in sets:
            doc = content.doc_of(item)
            stem = PurePath(doc.path).stem
            if item.pitfall not in pitfall_ids and item.pitfall not in content.unloaded_pitfalls:
                at(
                    doc,
                    ("pitfall",),
                    "REF-UNKNOWN",
                    f"unknown pitfall '{item.pitfall}'{_guess(item.pitfall, pitfall_ids)}",
                    "use the id of a file in guidance/pitfalls/",
                )
            elif item.pitfall != stem:
                at(
                    doc,
                    ("pitfall",),
                    "ID-FILENAME",
                    f"pitfall '{item.pitfall}' does not match the file name '{PurePath(doc.path).name}'",
                    f"name the file {folder}/{item.pitfall}.yml",
                )
            if item.pitfall in seen_pitfalls:
                at(
                    doc,
                    ("pitfall",),
                    "ID-DUPLICATE",
                    f"pitfall '{item.pitfall}' already has its {kind} in {seen_pitfalls[item.pitfall]}",
                    "keep one file per pitfall",
                )
            seen_pitfalls.setdefault(item.pitfall, doc.path)
        for pitfall_id, pitfall in pitfall_ids.items():
            if pitfall_id not in seen_pitfalls and (kind, pitfall_id) not in content.unloaded_quizzes:
                label = "self-assessment statements" if kind == "statements" else "knowledge check"
                at(
                    content.doc_of(pitfall),
                    ("id",),
                    "QUIZ-COVERAGE",
                    f"pitfall '{pitfall_id}' has no {label}",
                    f"add {folder}/{pitfall_id}.yml",
                )

    for item in content.statement_sets:
        doc = content.doc_of(item)
        for i, statement in enumerate(item.statements):
            if statement.id in statement_ids:
                at(
                    doc,
                    ("statements", i, "id"),
                    "ID-DUPLICATE",
                    f"duplicate statement id '{statement.id}' (also in {statement_ids[statement.id]})",
                    "statement ids are unique across the whole self-assessment",
                )
            statement_ids.setdefault(statement.id, doc.path)
        _unique(at, doc, item.bands, ("bands",), "band")
        if assessment is not None:
            _cover(
                at,
                doc,
                ("bands",),
                "bands",
                "score",
                reachable_scores(assessment, item),
                [(b.id, b.min, b.max) for b in item.bands],
            )

    for item in content.check_sets:
        doc = content.doc_of(item)
        _unique(at, doc, item.questions, ("questions",), "question")
        page_refs = set(page_references(pitfall_ids[item.pitfall])) if item.pitfall in pitfall_ids else None
        for i, question in enumerate(item.questions):
            _unique(at, doc, question.options, ("questions", i, "options"), "option")
            correct = sum(option.correct for option in question.options)
            if question.type == "single" and correct != 1:
                at(
                    doc,
                    ("questions", i, "options"),
                    "QUIZ-ANSWERS",
                    f"single-choice question '{question.id}' needs exactly one correct option, found {correct}",
                    "mark one option `correct: true`, or make the question `type: multiple`",
                )
            elif question.type == "multiple" and correct < 1:
                at(
                    doc,
                    ("questions", i, "options"),
                    "QUIZ-ANSWERS",
                    f"multiple-choice question '{question.id}' needs at least one correct option, found 0",
                    "mark the right options `correct: true`",
                )
            if page_refs is not None and question.source in content.references and question.source not in page_refs:
                at(
                    doc,
                    ("questions", i, "source"),
                    "QUIZ-SOURCE",
                    f"source '{question.source}' is not cited on the page of pitfall '{item.pitfall}'",
                    "cite a reference of that page (its `why` sources or `further_reading`)",
                )
    return problems


def _unique(at, doc: Document, items: list, loc: Loc, what: str) -> None:
    """Ids of the items of one list are unique."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            at(doc, loc + (i, "id"), "ID-DUPLICATE", f"duplicate {what} id '{item.id}'", f"give each {what} its own id")
        seen.add(item.id)


def reachable_scores(assessment: m.SelfAssessment, item: m.PitfallStatements) -> set[int]:
    """Every total a reader can reach on one pitfall, from the scale's points and each statement's direction."""
    scores = {0}
    for statement in item.statements:
        points = {effective_points(assessment, statement, option) for option in assessment.scale}
        scores = {s + p for s in scores for p in points}
    return scores


def effective_points(assessment: m.SelfAssessment, statement: m.Statement, option: m.ScaleOption) -> int:
    """Risk points of an answer: the scale's points, reversed for a statement of good practice."""
    if statement.direction == "risk":
        return option.points
    values = [o.points for o in assessment.scale]
    return max(values) + min(values) - option.points


def _cover(
    at, doc: Document, loc: Loc, what: str, unit: str, reachable: set[int], ranges: list[tuple[str, int, int | None]]
) -> None:
    """Every reachable value falls in exactly one range; every range holds a reachable value."""
    top = max(reachable)
    for value in sorted(reachable):
        holders = [name for name, low, high in ranges if low <= value <= (top if high is None else high)]
        if not holders:
            at(
                doc,
                loc,
                "QUIZ-BANDS",
                f"{unit} {value} falls in none of the {what}",
                f"reachable values run from {min(reachable)} to {top}: make the {what} cover each one",
            )
            return
        if len(holders) > 1:
            at(
                doc,
                loc,
                "QUIZ-BANDS",
                f"{unit} {value} falls in several {what}: {', '.join(holders)}",
                "make the ranges follow each other without overlapping",
            )
            return
    for i, (name, low, high) in enumerate(ranges):
        if high is not None and high < low:
            at(doc, loc + (i,), "QUIZ-BANDS", f"'{name}' runs from {low} down to {high}", "put min below max")
        elif not any(low <= v <= (top if high is None else high) for v in reachable):
            at(
                doc,
                loc + (i,),
                "QUIZ-BANDS",
                f"'{name}' holds no reachable {unit} (reachable: {min(reachable)}..{top})",
                "adjust its range or remove it",
            )


def check_languages(content, built: list[str]) -> list[Problem]:
    """The languages the site is built in must be those the content declares."""
    if content.site is None or built == content.languages:
        return []
    doc = content.doc_of(content.site)
    line, col = doc.marks.value(("languages",))
    return [
        Problem(
            doc.path,
            line,
            col,
            "I18N-CONFIG",
            f"mkdocs.yml builds {built} but guidance/site.yml declares {content.languages}",
            "list the same languages, in the same order (default first), in both files",
        )
    ]


def page_references(page: m.Pitfall | m.Role) -> list[str]:
    """The references a page lists: its sources in order of first citation, then further reading."""
    out: dict[str, None] = {}
    for loc, value in _walk(page, ()):
        if loc and loc[-1] == "sources" and isinstance(value, list):
            out.update(dict.fromkeys(value))
    out.update(dict.fromkeys(page.further_reading))
    return list(out)


def problems_with(problems: list[Problem], rule: str) -> bool:
    return any(p.rule == rule for p in problems)


# Helper functions


def _items(content) -> Iterator[tuple[BaseModel, Document]]:
    for item in [
        content.site,
        *content.pitfalls,
        content.role,
        content.contributing,
        content.assessment,
        *content.statement_sets,
        *content.check_sets,
    ]:
        if item is not None:
            yield item, content.doc_of(item)


def _walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    """Every field value of a model tree, with its YAML path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is not None:
                yield loc + (name,), child
                yield from _walk(child, loc + (name,))
    elif isinstance(value, list) and not (value and isinstance(value[0], str)):  # lists of ids hold no texts
        for i, child in enumerate(value):
            if isinstance(child, (BaseModel, list)):
                yield from _walk(child, loc + (i,))
            elif isinstance(child, dict):
                yield loc + (i,), child


_TYPO = [
    (re.compile(r"(?<=[^\s\u00a0\u202f!?:;…\d(«])([;!?])(?=\s|$|»)"), "no space before '{0}'"),
    (re.compile(r"(?<=[^\s\u00a0\u202f\d])(:)(?=\s|$)"), "no space before '{0}'"),
    (re.compile(r"«(?=[^\s\u00a0\u202f])"), "no space after '«'"),
    (re.compile(r"(?<=[^\s\u00a0\u202f])»"), "no space before '»'"),
]


def _french_typography(text: str) -> list[str]:
    found = []
    text = re.sub(r"`[^`]*`", "`code`", text)  # code is not French prose
    for pattern, message in _TYPO:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 12)
            found.append(message.format(match.group(0)) + f" in '…{text[start : match.end()]}'")
    return found


def _guess(value: str, known) -> str:
    guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{guess[0]}'?)" if guess else ""
