"""The quiz rules (QUIZ-*), and the ids and cross-references of the quiz files: self-assessment statements,
result bands and overall profiles; knowledge checks. Each rule is one check registered in ``checks.CHECKS``."""

from __future__ import annotations

from pathlib import PurePath

from . import models as m
from .checks import At, Context, check, guess, unique
from .content import page_references
from .yamlio import Document, Loc

#: The two kinds of quiz file per pitfall: kind, where they live, how the coverage rule names them.
QUIZ_FILES = (
    ("statements", "quizzes/self-assessment", "self-assessment statements"),
    ("check", "quizzes/checks", "knowledge check"),
)


def _quiz_sets(ctx: Context, kind: str) -> list:
    return ctx.content.statement_sets if kind == "statements" else ctx.content.check_sets


@check("REF-UNKNOWN")
def quiz_pitfall_unknown(ctx: Context, at: At) -> None:
    """A quiz file names a pitfall that exists."""
    content = ctx.content
    for kind, _folder, _label in QUIZ_FILES:
        for item in _quiz_sets(ctx, kind):
            if item.pitfall not in ctx.pitfall_ids and item.pitfall not in content.unloaded_pitfalls:
                at(
                    content.doc_of(item),
                    ("pitfall",),
                    "REF-UNKNOWN",
                    f"unknown pitfall '{item.pitfall}'{guess(item.pitfall, ctx.pitfall_ids)}",
                    "use the id of a file in guidance/pitfalls/",
                )


@check("ID-FILENAME")
def quiz_file_name(ctx: Context, at: At) -> None:
    """A quiz file of a known pitfall is named after it."""
    content = ctx.content
    for kind, folder, _label in QUIZ_FILES:
        for item in _quiz_sets(ctx, kind):
            doc = content.doc_of(item)
            known = item.pitfall in ctx.pitfall_ids or item.pitfall in content.unloaded_pitfalls
            if known and item.pitfall != PurePath(doc.path).stem:
                at(
                    doc,
                    ("pitfall",),
                    "ID-FILENAME",
                    f"pitfall '{item.pitfall}' does not match the file name '{PurePath(doc.path).name}'",
                    f"name the file {folder}/{item.pitfall}.yml",
                )


@check("ID-DUPLICATE")
def quiz_id_duplicate(ctx: Context, at: At) -> None:
    """One quiz file of each kind per pitfall; unique ids of scale options, profiles, statements (across the
    whole self-assessment), bands, questions and options."""
    content = ctx.content
    if content.assessment is not None:
        doc = content.doc_of(content.assessment)
        unique(at, doc, content.assessment.scale, ("scale",), "scale option")
        unique(at, doc, content.assessment.profiles, ("profiles",), "profile")
    for kind, _folder, _label in QUIZ_FILES:
        seen_pitfalls: dict[str, str] = {}
        for item in _quiz_sets(ctx, kind):
            doc = content.doc_of(item)
            if item.pitfall in seen_pitfalls:
                at(
                    doc,
                    ("pitfall",),
                    "ID-DUPLICATE",
                    f"pitfall '{item.pitfall}' already has its {kind} in {seen_pitfalls[item.pitfall]}",
                    "keep one file per pitfall",
                )
            seen_pitfalls.setdefault(item.pitfall, doc.path)
    statement_ids: dict[str, str] = {}
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
        unique(at, doc, item.bands, ("bands",), "band")
    for item in content.check_sets:
        doc = content.doc_of(item)
        unique(at, doc, item.questions, ("questions",), "question")
        for i, question in enumerate(item.questions):
            unique(at, doc, question.options, ("questions", i, "options"), "option")


@check("QUIZ-COVERAGE")
def quiz_coverage(ctx: Context, at: At) -> None:
    """Every pitfall has its self-assessment statements and its knowledge check."""
    content = ctx.content
    for kind, folder, label in QUIZ_FILES:
        covered = {item.pitfall for item in _quiz_sets(ctx, kind)}
        for pitfall_id, pitfall in ctx.pitfall_ids.items():
            if pitfall_id not in covered and (kind, pitfall_id) not in content.unloaded_quizzes:
                at(
                    content.doc_of(pitfall),
                    ("id",),
                    "QUIZ-COVERAGE",
                    f"pitfall '{pitfall_id}' has no {label}",
                    f"add {folder}/{pitfall_id}.yml",
                )


@check("QUIZ-BANDS")
def quiz_bands(ctx: Context, at: At) -> None:
    """Overall profiles cover every number of pitfalls at risk; each pitfall's bands cover every reachable score."""
    content = ctx.content
    assessment = content.assessment
    if assessment is None:
        return
    count = len(content.pitfalls) + len(content.unloaded_pitfalls)
    _cover(
        at,
        content.doc_of(assessment),
        ("profiles",),
        "profiles",
        "pitfalls at risk",
        set(range(count + 1)),
        [(p.id, p.min_at_risk, p.max_at_risk) for p in assessment.profiles],
    )
    for item in content.statement_sets:
        _cover(
            at,
            content.doc_of(item),
            ("bands",),
            "bands",
            "score",
            reachable_scores(assessment, item),
            [(b.id, b.min, b.max) for b in item.bands],
        )


@check("QUIZ-ANSWERS")
def quiz_answers(ctx: Context, at: At) -> None:
    """A single-choice question has exactly one correct option, a multiple-choice question at least one."""
    for item in ctx.content.check_sets:
        doc = ctx.content.doc_of(item)
        for i, question in enumerate(item.questions):
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


@check("QUIZ-SOURCE")
def quiz_source(ctx: Context, at: At) -> None:
    """A question's source is a reference cited on its pitfall's page."""
    content = ctx.content
    for item in content.check_sets:
        if item.pitfall not in ctx.pitfall_ids:
            continue
        doc = content.doc_of(item)
        page_refs = set(page_references(ctx.pitfall_ids[item.pitfall]))
        for i, question in enumerate(item.questions):
            if question.source in content.references and question.source not in page_refs:
                at(
                    doc,
                    ("questions", i, "source"),
                    "QUIZ-SOURCE",
                    f"source '{question.source}' is not cited on the page of pitfall '{item.pitfall}'",
                    "cite a reference of that page (its `why` sources or `further_reading`)",
                )


# Helper functions


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
