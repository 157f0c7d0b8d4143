"""Consistency rules that span fields and files (ids, cross-references, languages, typography).

Per-file shape rules (types, missing and unknown keys, counts) come from the models in
``loader.validate_model``; the rules here run on what loaded. Each rule is one check registered in
``checks.CHECKS`` with the rule it reports (see ``problems.RULES`` for its descriptions and example);
the quiz rules are in ``quiz_rules``. ``check_content`` runs the registry.
"""

from __future__ import annotations

from pathlib import PurePath

from . import balance, counts, freshness, quiz_rules, workshop  # noqa: F401  (registers their checks)
from . import models as m
from .checks import At, Context, check, guess, run_checks, unique
from .content import Content, items, page_references, walk
from .locales import typography_faults
from .problems import Found, Problem
from .quiz_rules import effective_points, reachable_scores
from .yamlio import dotted as _dotted

__all__ = ["check_content", "check_languages", "effective_points", "page_references", "reachable_scores"]

MIN_REFERENCES = 3
GUESSES_PER_FILE = 50  # "did you mean" costs a comparison with every id: only for what will be listed


def check_content(content: Content, refs: m.References | None) -> Found:
    """Every problem the registered checks find in the loaded content."""
    return run_checks(content, refs)


def check_languages(content: Content, built: list[str]) -> list[Problem]:
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


def problems_with(problems: list[Problem], rule: str) -> bool:
    return any(p.rule == rule for p in problems)


# Ids


@check("ID-DUPLICATE")
def id_duplicate(ctx: Context, at: At) -> None:
    """References, pitfalls (and the role page), and the actions of each pitfall have ids of their own."""
    content = ctx.content
    if ctx.refs is not None:
        doc = content.doc_of(ctx.refs)
        seen: dict[str, int] = {}
        for i, ref in enumerate(ctx.refs.references):
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
    for pitfall in content.pitfalls:
        doc = content.doc_of(pitfall)
        first = ctx.pitfall_ids[pitfall.id]
        if first is not pitfall:
            other = content.doc_of(first)
            line, col = other.marks.value(("id",))
            at(
                doc,
                ("id",),
                "ID-DUPLICATE",
                f"duplicate pitfall id '{pitfall.id}' (first at {other.path}:{line}:{col})",
                "give each pitfall its own id",
            )
        unique(at, doc, pitfall.actions, ("actions",), "action")
    if content.role is not None and content.role.id in ctx.pitfall_ids:
        at(
            content.doc_of(content.role),
            ("id",),
            "ID-DUPLICATE",
            f"the role page id '{content.role.id}' is also a pitfall id",
            "choose another id",
        )


@check("ID-FILENAME")
def id_filename(ctx: Context, at: At) -> None:
    """A pitfall file is named after the pitfall's id."""
    for pitfall in ctx.content.pitfalls:
        doc = ctx.content.doc_of(pitfall)
        stem = PurePath(doc.path).stem
        if pitfall.id != stem:
            at(
                doc,
                ("id",),
                "ID-FILENAME",
                f"id '{pitfall.id}' does not match the file name '{PurePath(doc.path).name}'",
                f"rename the file to {pitfall.id}.yml or set id: {stem}",
            )


@check("PITFALL-NUMBER")
def pitfall_number(ctx: Context, at: At) -> None:
    """Pitfall numbers run 1..n once each (unless a pitfall file did not load: its number is unknown)."""
    content = ctx.content
    numbers = sorted(p.number for p in content.pitfalls)
    if not numbers or numbers == list(range(1, len(numbers) + 1)) or content.unloaded_pitfalls:
        return
    for pitfall in content.pitfalls:
        if numbers.count(pitfall.number) > 1 or pitfall.number > len(numbers):
            at(
                content.doc_of(pitfall),
                ("number",),
                "PITFALL-NUMBER",
                f"pitfall numbers must run 1..{len(numbers)} once each; found {numbers}",
                "renumber the pitfalls so that they follow each other",
            )


# Cross-references


@check("REF-UNKNOWN")
def ref_unknown(ctx: Context, at: At) -> None:
    """Every cited reference exists; every related pitfall exists and is another one."""
    content = ctx.content
    unknown: dict[str, int] = {}
    if ctx.refs is not None:
        for doc, loc, ref_id in ctx.citations:
            if ref_id not in content.references:
                unknown[doc.path] = unknown.get(doc.path, 0) + 1
                guessed = guess(ref_id, content.references) if unknown[doc.path] <= GUESSES_PER_FILE else ""
                at(
                    doc,
                    loc,
                    "REF-UNKNOWN",
                    f"unknown reference '{ref_id}'{guessed}",
                    "cite an id from guidance/references.yml, or add the reference there",
                )
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
            elif other not in ctx.pitfall_ids and other not in content.unloaded_pitfalls:
                at(
                    doc,
                    ("related", i),
                    "REF-UNKNOWN",
                    f"unknown pitfall '{other}'{guess(other, ctx.pitfall_ids)}",
                    "use the id of a file in guidance/pitfalls/",
                )


@check("REF-UNUSED", after=("ref_unknown",))
def ref_unused(ctx: Context, at: At) -> None:
    """Every reference is cited somewhere; quiet while a citation is unknown (it may be a typo of an unused id)."""
    if ctx.refs is None or ctx.found("ref_unknown"):
        return
    doc = ctx.content.doc_of(ctx.refs)
    cited = {ref_id for _doc, _loc, ref_id in ctx.citations}
    for i, ref in enumerate(ctx.refs.references):
        if ref.id not in cited:
            at(
                doc,
                ("references", i, "id"),
                "REF-UNUSED",
                f"reference '{ref.id}' is never cited",
                "cite it from a page, or remove it",
            )


@check("SCHEMA-COUNT")
def page_reference_count(ctx: Context, at: At) -> None:
    """A pitfall page cites at least MIN_REFERENCES distinct references."""
    for pitfall in ctx.content.pitfalls:
        count = len(page_references(pitfall))
        if count < MIN_REFERENCES:
            at(
                ctx.content.doc_of(pitfall),
                ("why",),
                "SCHEMA-COUNT",
                f"the page cites {count} distinct references; a pitfall needs at least {MIN_REFERENCES}",
                "cite more sources in `why`, or add ids to `further_reading`",
            )


# Languages and typography


@check("I18N-MISSING")
def i18n_missing(ctx: Context, at: At) -> None:
    """Every text has every declared language."""
    languages = ctx.content.languages
    for doc, loc, value in ctx.texts if languages else ():
        for lang in languages:
            if lang not in value:
                at(
                    doc,
                    loc,
                    "I18N-MISSING",
                    f"'{_dotted(loc)}' has no '{lang}' text",
                    f"add `{lang}:` with the translation",
                )


@check("TEXT-TODO")
def text_todo(ctx: Context, at: At) -> None:
    """No text still starts with the TODO the scaffold leaves."""
    for doc, loc, value in ctx.texts if ctx.content.languages else ():
        for lang, text in value.items():
            if isinstance(text, str) and text.lstrip().startswith("TODO"):
                at(
                    doc,
                    loc + (lang,),
                    "TEXT-TODO",
                    f"'{_dotted(loc)}.{lang}' is still to write",
                    "replace the TODO text (left by `./dev new`)",
                )


@check("TEXT-TODO")
def id_todo(ctx: Context, at: At) -> None:
    """No id is still the placeholder the scaffold leaves (`todo-…`): saved answers and links use ids for good."""
    for item, doc in items(ctx.content):
        for loc, value in walk(item, ()):
            if loc and loc[-1] == "id" and isinstance(value, str) and value.startswith("todo-"):
                at(
                    doc,
                    loc,
                    "TEXT-TODO",
                    f"id '{value}' is still a placeholder",
                    "name it after what it holds, in kebab-case (ids never change once published)",
                )


@check("I18N-UNKNOWN")
def i18n_unknown(ctx: Context, at: At) -> None:
    """Texts use only the declared languages."""
    languages = ctx.content.languages
    for doc, loc, value in ctx.texts if languages else ():
        for lang in value:
            if lang not in languages:
                at(
                    doc,
                    loc + (lang,),
                    "I18N-UNKNOWN",
                    f"'{_dotted(loc)}' has text in '{lang}', which guidance/site.yml does not declare",
                    f"declared languages: {', '.join(languages)}",
                    key=True,
                )


@check("TYPO-FR")
def typo_fr(ctx: Context, at: At) -> None:
    """Texts follow their language's typography (cmguide/locales.py: French spacing, quotes, apostrophes)."""
    for doc, loc, value in ctx.texts:
        for lang, text in value.items():
            for bad in typography_faults(text, lang) if isinstance(text, str) and lang in ctx.content.languages else ():
                at(
                    doc,
                    loc + (lang,),
                    "TYPO-FR",
                    f"'{_dotted(loc)}.{lang}': {bad}",
                    "French puts a space before ; : ! ? and inside « » (made a no-break space on the site)"
                    if "apostrophe" not in bad
                    else "French writes the curly apostrophe ’ (AltGr+G on a French keyboard, or copy it)",
                )


# Helper functions
