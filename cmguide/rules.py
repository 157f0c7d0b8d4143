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
from .content import TOOLKIT, Content, items, page_references, walk
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


@check("ID-DUPLICATE")
def id_duplicate_toolkit(ctx: Context, at: At) -> None:
    """The toolkit pages' lists have ids of their own; a checklist's items, boxes of one form, across sections."""
    content = ctx.content
    kit = content.prompt_kit
    if kit is not None:
        unique(at, content.doc_of(kit), kit.blocks, ("blocks",), "prompt block")
        unique(at, content.doc_of(kit), kit.techniques, ("techniques",), "technique")
    if content.checklist is not None:
        doc = content.doc_of(content.checklist)
        unique(at, doc, content.checklist.sections, ("sections",), "section")
        seen: set[str] = set()  # items are boxes of one form: their ids are unique across the sections
        for s, section in enumerate(content.checklist.sections):
            for i, item in enumerate(section.items):
                if item.id in seen:
                    at(
                        doc,
                        ("sections", s, "items", i, "id"),
                        "ID-DUPLICATE",
                        f"duplicate checklist item id '{item.id}'",
                        "give each item its own id, across all sections",
                    )
                seen.add(item.id)
        unique(at, doc, content.checklist.disclosures, ("disclosures",), "disclosure")


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


@check("REF-UNKNOWN")
def debrief_prompts_known(ctx: Context, at: At) -> None:
    """The debrief's discussion questions are each for a pitfall that exists."""
    content = ctx.content
    if content.debrief is not None:
        doc = content.doc_of(content.debrief)
        for i, prompts in enumerate(content.debrief.prompts):
            if prompts.pitfall not in ctx.pitfall_ids and prompts.pitfall not in content.unloaded_pitfalls:
                at(
                    doc,
                    ("prompts", i, "pitfall"),
                    "REF-UNKNOWN",
                    f"unknown pitfall '{prompts.pitfall}'{guess(prompts.pitfall, ctx.pitfall_ids)}",
                    "use the id of a file in guidance/pitfalls/",
                )


@check("REF-UNKNOWN")
def ref_unknown_page(ctx: Context, at: At) -> None:
    """An action's `tool` is a toolkit page the site has; a checklist item's `law` ids are rows of the law page."""
    content = ctx.content
    tools = [kind for kind, _item in content.toolkit_pages()]
    for pitfall in content.pitfalls:
        for i, action in enumerate(pitfall.actions):
            if action.tool is not None and action.tool not in tools:
                known = action.tool in TOOLKIT
                at(
                    content.doc_of(pitfall),
                    ("actions", i, "tool"),
                    "REF-UNKNOWN",
                    f"the site has no toolkit page '{action.tool}'"
                    if known
                    else f"unknown toolkit page '{action.tool}'{guess(action.tool, TOOLKIT)}",
                    f"add guidance/{action.tool}.yml, or link another page"
                    if known
                    else f"toolkit pages: {', '.join(TOOLKIT)}",
                )
    if content.checklist is None:
        return
    rows = [rule.id for group in content.law.groups for rule in group.rules] if content.law is not None else []
    doc = content.doc_of(content.checklist)
    for s, section in enumerate(content.checklist.sections):
        for i, item in enumerate(section.items):
            for j, rule_id in enumerate(item.law):
                if rule_id not in rows:
                    at(
                        doc,
                        ("sections", s, "items", i, "law", j),
                        "REF-UNKNOWN",
                        f"unknown law row '{rule_id}'{guess(rule_id, rows)}",
                        "use the id of a rule in guidance/law.yml",
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


# The glossary


@check("GLOSSARY-DUPLICATE")
def glossary_duplicate(ctx: Context, at: At) -> None:
    """Each glossary entry has its own id, and its own headword in each language (case aside)."""
    glossary = ctx.content.glossary
    if glossary is None:
        return
    doc = ctx.content.doc_of(glossary)
    ids: dict[str, int] = {}
    headwords: dict[tuple[str, str], int] = {}
    for i, term in enumerate(glossary.terms):
        if term.id in ids:
            line, col = doc.marks.value(("terms", ids[term.id], "id"))
            at(
                doc,
                ("terms", i, "id"),
                "GLOSSARY-DUPLICATE",
                f"duplicate glossary term id '{term.id}' (first at {doc.path}:{line}:{col})",
                "give each entry its own id, or merge the two entries",
            )
        ids.setdefault(term.id, i)
        if term.id in GLOSSARY_ANCHORS or term.id.startswith("ref-"):
            at(
                doc,
                ("terms", i, "id"),
                "GLOSSARY-DUPLICATE",
                f"glossary term id '{term.id}' is also an anchor of the glossary page itself",
                "choose another id (the page uses title, uses, references and ref-…)",
            )
        for lang, text in term.term.items():
            key = (lang, form_key(text))
            if key in headwords:
                first = glossary.terms[headwords[key]]
                line, col = doc.marks.value(("terms", headwords[key], "term", lang))
                at(
                    doc,
                    ("terms", i, "term", lang),
                    "GLOSSARY-DUPLICATE",
                    f"term '{text}' ('{lang}') is already the headword of '{first.id}' (at {doc.path}:{line}:{col})",
                    "merge the two entries, or name this one differently",
                )
            headwords.setdefault(key, i)


@check("GLOSSARY-FORM")
def glossary_form(ctx: Context, at: At) -> None:
    """A form that links to the glossary belongs to one entry only (case aside)."""
    glossary = ctx.content.glossary
    if glossary is None:
        return
    doc = ctx.content.doc_of(glossary)
    owners: dict[tuple[str, str], tuple[int, int]] = {}
    for i, term in enumerate(glossary.terms):
        for lang, forms in term.forms.items():
            for j, form in enumerate(forms):
                key = (lang, form_key(form))
                if key not in owners:
                    owners[key] = (i, j)
                    continue
                first_term, first_form = owners[key]
                line, col = doc.marks.value(("terms", first_term, "forms", lang, first_form))
                other = glossary.terms[first_term].id
                where = f"(at {doc.path}:{line}:{col})"
                message = (
                    f"form '{form}' ('{lang}') is listed twice for '{term.id}' {where}"
                    if first_term == i
                    else f"form '{form}' ('{lang}') is also a form of '{other}' {where}"
                )
                at(
                    doc,
                    ("terms", i, "forms", lang, j),
                    "GLOSSARY-FORM",
                    message,
                    "keep the form in one entry only: a word on a page links to one definition",
                )


@check("GLOSSARY-SEE-ALSO")
def glossary_see_also(ctx: Context, at: At) -> None:
    """Every `see_also` of a glossary entry names another entry."""
    glossary = ctx.content.glossary
    if glossary is None:
        return
    doc = ctx.content.doc_of(glossary)
    known = {term.id for term in glossary.terms}
    for i, term in enumerate(glossary.terms):
        for j, other in enumerate(term.see_also):
            if other == term.id:
                message, hint = f"see_also: term '{other}' points to itself", "list other entries only"
            elif other not in known:
                message = f"see_also: no glossary term '{other}'{guess(other, sorted(known))}"
                hint = "use the id of an entry of guidance/glossary.yml"
            else:
                continue
            at(doc, ("terms", i, "see_also", j), "GLOSSARY-SEE-ALSO", message, hint)


#: the glossary page's own anchors (cmguide/templates/glossary.md.j2), which a term's anchor must not repeat
GLOSSARY_ANCHORS = ("title", "uses", "references")


def form_key(text: str) -> str:
    """How two forms compare: case folded, runs of spaces as one (accents kept: « marché » is not « marche »)."""
    return " ".join(text.casefold().split())


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


@check("I18N-MISSING")
def i18n_missing_separator(ctx: Context, at: At) -> None:
    """The calendar's CSV file has a separator in every language, once."""
    calendar = ctx.content.calendar
    if calendar is None:
        return
    doc = ctx.content.doc_of(calendar)
    listed = [entry.lang for entry in calendar.csv_separators]
    for lang in ctx.content.languages:
        if lang not in listed:
            at(
                doc,
                ("csv_separators",),
                "I18N-MISSING",
                f"'csv_separators' has no '{lang}' entry",
                f'add `- lang: {lang}` with its `separator: ","` or `";"`',
            )
    for i, lang in enumerate(listed):
        if lang in listed[:i] or lang not in ctx.content.languages:
            at(
                doc,
                ("csv_separators", i, "lang"),
                "I18N-MISSING",
                f"'csv_separators' lists '{lang}' twice, or a language guidance/site.yml does not declare",
                "list each language of the site once",
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
