"""Load every content file into typed models and report every problem at once.

``load_content(root)`` never raises for an author's mistake: it returns the models it could
build and the list of problems (each pointing at a YAML node). Callers decide to fail.
"""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import models as m
from .content import Content
from .counts import counts_of, filled
from .problems import MAX_LISTED, RULES, Problem
from .rules import check_content
from .yamlio import Document, Loc, read_document
from .yamlio import dotted as _dotted

# Loading

#: Every kind of content file: where it lives, its model, the name of its JSON Schema.
FILE_KINDS: list[tuple[str, type[BaseModel], str]] = [
    ("guidance/site.yml", m.Site, "site"),
    ("guidance/references.yml", m.References, "references"),
    ("guidance/pitfalls/*.yml", m.Pitfall, "pitfall"),
    ("guidance/role.yml", m.Role, "role"),
    ("guidance/contributing.yml", m.Contributing, "contributing"),
    ("guidance/law.yml", m.Law, "law"),  # optional: a site without it has no law page
    ("guidance/debrief.yml", m.Debrief, "debrief"),  # optional: the workshop's group debrief page
    ("guidance/glossary.yml", m.Glossary, "glossary"),  # optional: no glossary page, no links to it
    ("guidance/about.yml", m.About, "about"),  # optional: a site without it has no "about" page
    # the toolkit, each page optional too
    ("guidance/prompt-kit.yml", m.PromptKit, "prompt-kit"),
    ("guidance/checklist.yml", m.Checklist, "checklist"),
    ("guidance/calendar.yml", m.Calendar, "calendar"),
    ("guidance/workshop.yml", m.Workshop, "workshop"),  # optional: a site without it has no workshop pages
    ("guidance/activities/*.yml", m.Activity, "activity"),
    ("quizzes/self-assessment.yml", m.SelfAssessment, "self-assessment"),
    ("quizzes/self-assessment/*.yml", m.PitfallStatements, "statements"),
    ("quizzes/checks/*.yml", m.KnowledgeCheck, "check"),
]


def validate_model(doc: Document, model: type[BaseModel]) -> Any | None:
    """Validate ``doc.data`` against ``model``; add readable problems to ``doc.problems``."""
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        line, col = doc.marks.value(())
        doc.problems.append(
            Problem(
                doc.path,
                line,
                col,
                "YAML-EMPTY",
                f"the file should hold a mapping of keys, found {_kind(doc.data)}",
                f"start the file with the keys of a {model.__name__.lower()}",
            )
        )
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors()
        for error in errors:
            loc = tuple(error["loc"])
            if any(loc[: len(bad)] == bad for bad in doc.marks.refused):
                continue  # already reported where the YAML was read
            doc.problems.append(_problem_from_error(doc, model, error))
    # Only unknown keys (typos): without them the file still loads, so that the rules across files run on it
    # in the same round (its problems are reported all the same, and fail the build).
    if all(error["type"] == "extra_forbidden" for error in errors):
        try:
            return model.model_validate(_without(doc.data, [tuple(error["loc"]) for error in errors]))
        except ValidationError:
            return None
    return None


def _without(data: Any, locs: list[Loc]) -> Any:
    """A copy of ``data`` without the values at ``locs``."""
    drop = set(locs)

    def copy(value: Any, loc: Loc) -> Any:
        if isinstance(value, dict):
            return {k: copy(v, loc + (k,)) for k, v in value.items() if loc + (k,) not in drop}
        if isinstance(value, list):
            return [copy(v, loc + (i,)) for i, v in enumerate(value)]
        return value

    return copy(data, ())


def _problem_from_error(doc: Document, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    shown = _dotted(loc)
    value = error.get("input")
    if kind in ("missing", "extra_forbidden"):
        return _key_problem(doc, model, loc, kind == "missing")
    line, col = doc.marks.value(loc)
    if kind == "blank" or (value is None and kind.endswith("_type")):
        return Problem(doc.path, line, col, "SCHEMA-EMPTY", f"'{shown}' is empty", "write the text, or remove the key")
    if kind in _COUNTS:
        ctx = error.get("ctx", {})
        bound, hint = _COUNTS[kind]
        message = bound.format(**ctx) + f", found {ctx.get('actual_length')}"
        return Problem(doc.path, line, col, "SCHEMA-COUNT", f"'{shown}' {message}", hint)
    if kind == "less_than_equal":
        return Problem(
            doc.path,
            line,
            col,
            "SCHEMA-VALUE",
            f"'{shown}' must be at most {error.get('ctx', {}).get('le')}, found {value}",
            "use a smaller number",
        )
    if kind in ("id_format", "date_format", "url_format", "lang_format", "form_format", "greater_than_equal"):
        return Problem(
            doc.path, line, col, "SCHEMA-VALUE", f"'{shown}' {error['msg']}", _VALUE_HINTS.get(kind, "fix the value")
        )
    expected = _EXPECTED.get(kind, kind.replace("_type", "").replace("_", " "))
    return Problem(
        doc.path,
        line,
        col,
        "SCHEMA-TYPE",
        f"'{shown}' should be {expected}, found {_kind(value)}",
        _type_hint(doc, loc, value, expected),
    )


def _key_problem(doc: Document, model: type[BaseModel], loc: Loc, missing: bool) -> Problem:
    """A required key that is not there, or a key the model does not know (with the closest known one)."""
    shown = _dotted(loc)
    if missing:
        line, col = doc.marks.value(loc[:-1])
        return Problem(
            doc.path, line, col, "SCHEMA-MISSING-KEY", f"missing key '{shown}'", f"add `{loc[-1]}:` to this mapping"
        )
    line, col = doc.marks.key(loc)
    known = _fields_at(model, loc[:-1])
    guess = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    message = f"unknown key '{shown}'" + (f" (did you mean '{guess[0]}'?)" if guess else "")
    hint = f"allowed keys here: {', '.join(known)}" if known else "remove this key"
    return Problem(doc.path, line, col, "SCHEMA-UNKNOWN-KEY", message, hint)


def _type_hint(doc: Document, loc: Loc, value: Any, expected: str) -> str:
    """What to do about a value of the wrong type, for the ways YAML most often surprises an author."""
    hint = "write the value in the expected form"
    source = doc.marks.scalars.get(loc, "")
    if isinstance(value, bool) and source.lower() in _YAML11_BOOLS:
        hint = f'YAML reads an unquoted {source} as a boolean: write "{source}" in quotes'
    elif expected == "text" and isinstance(value, (int, float)):
        hint = "YAML read a number: put the text in quotes"
    elif expected == "text" and isinstance(value, (dict, list)):
        hint = "a text containing ': ' or starting with '-', '[' or '{' must be quoted or written as a block (>-)"
    return hint


#: list lengths out of bounds: the message (from pydantic's context) and the hint
_COUNTS = {
    "too_short": ("needs at least {min_length} items", "add items to this list"),
    "too_long": ("holds at most {max_length} items", "split the list, or remove items"),
}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "bool_type": "true or false",
}
_VALUE_HINTS = {
    "id_format": "ids use lowercase letters, digits and hyphens, e.g. full-automation",
    "date_format": 'write dates in quotes as "2025-03-18", "2025-03" or "2025"',
    "url_format": "links start with https:// and a host name, with no user@, backslash or space",
    "lang_format": "use a two-letter code such as fr or en",
    "form_format": "write the form as readers meet it in a text, e.g. marronniers or AI Act (no quotes or punctuation)",
    "greater_than_equal": "numbers start at 1",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _fields_at(model: Any, loc: Loc) -> list[str]:
    """The keys the model allows at ``loc`` (for 'did you mean')."""
    current = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field_info = current.model_fields.get(str(part))
            if field_info is None:
                return []
            current = field_info.annotation
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        else:
            return tp


def _load(content: Content, file: Path, model: type[BaseModel]) -> Any | None:
    doc = read_document(file, file.relative_to(content.root).as_posix(), content.root)
    item = validate_model(doc, model)
    content.problems.extend(doc.problems)
    if item is not None:
        content.docs[id(item)] = doc
    return item


#: the files of one page each (FILE_KINDS names) and the Content attribute each fills: required, then optional
REQUIRED_PAGES = {"role": "role", "contributing": "contributing"}
OPTIONAL_PAGES = {
    "law": "law",
    "debrief": "debrief",
    "glossary": "glossary",
    "about": "about",
    "prompt-kit": "prompt_kit",
    "checklist": "checklist",
    "calendar": "calendar",
    "workshop": "workshop",
}


def _file_kind(name: str) -> tuple[str, type[BaseModel]]:
    return next((pattern, model) for pattern, model, kind in FILE_KINDS if kind == name)


def _load_one(content: Content, kind: str) -> Any | None:
    pattern, model = _file_kind(kind)
    return _load(content, content.root / pattern, model)


def _load_optional(content: Content, kind: str) -> Any | None:
    """A file the site may do without: loaded when it exists."""
    pattern, _model = _file_kind(kind)
    return _load_one(content, kind) if (content.root / pattern).exists() else None


def _load_many(content: Content, kind: str) -> list[tuple[Path, Any | None]]:
    pattern, model = _file_kind(kind)
    return [(file, _load(content, file, model)) for file in content_files(content.root, pattern)]


def _fill_counts(content: Content) -> None:
    """Every text's {pitfalls}, {statements} and {questions}, filled in with the content's own counts."""
    counts = counts_of(content)

    def swap(item):
        if item is None:
            return None
        new = filled(item, counts)
        content.docs[id(new)] = content.docs[id(item)]
        return new

    content.site, content.assessment = swap(content.site), swap(content.assessment)
    for attribute in (*REQUIRED_PAGES.values(), *OPTIONAL_PAGES.values()):
        setattr(content, attribute, swap(getattr(content, attribute)))
    for group in (content.pitfalls, content.statement_sets, content.check_sets, content.activity_sets):
        group[:] = [swap(item) for item in group]


def content_files(root: Path, pattern: str) -> list[Path]:
    """The files a pattern names, without hidden ones (editors' lock files such as `.#alpha.yml`)."""
    files = sorted(root.glob(pattern)) + sorted(root.glob(pattern.replace("*.yml", "*.yaml")))
    return [file for file in files if not file.name.startswith(".")]


def _load_per_pitfall(content: Content) -> None:
    """The files kept one per pitfall beside its page: self-assessment statements, knowledge checks, activities
    (the stems of those that did not load are kept, so that the coverage rules do not report them missing)."""
    for kind, store in (("statements", content.statement_sets), ("check", content.check_sets)):
        for file, item in _load_many(content, kind):
            if item is None:
                content.unloaded_quizzes.add((kind, file.stem))
            else:
                store.append(item)
    for file, activity in _load_many(content, "activity"):
        if activity is None:
            content.unloaded_activities.add(file.stem)
        else:
            content.activity_sets.append(activity)


def load_content(root: Path) -> Content:
    """Load every content file below ``root``; every problem found is in ``content.problems``."""
    root = Path(root)
    content = Content(root=root)
    content.site = _load_one(content, "site")
    refs = content.references_file = _load_one(content, "references")
    if refs is not None:
        content.docs[id(refs.references)] = content.docs[id(refs)]
        for ref in refs.references:
            content.references.setdefault(ref.id, ref)
    for file, pitfall in _load_many(content, "pitfall"):
        if pitfall is not None:
            content.pitfalls.append(pitfall)
        else:
            content.unloaded_pitfalls.add(file.stem)
    content.pitfalls.sort(key=lambda p: p.number)
    for kind, attribute in REQUIRED_PAGES.items():
        setattr(content, attribute, _load_one(content, kind))
    for kind, attribute in OPTIONAL_PAGES.items():  # a site without one has no such page
        setattr(content, attribute, _load_optional(content, kind))
    content.assessment = _load_one(content, "self-assessment")
    _load_per_pitfall(content)
    _fill_counts(content)
    for items, index in (
        (content.statement_sets, content.statements),
        (content.check_sets, content.checks),
        (content.activity_sets, content.activities),
    ):
        for item in items:
            index.setdefault(item.pitfall, item)
    found = check_content(content, refs)
    everything = capped(sorted(set(content.problems + found)), found.totals)
    content.problems = [p for p in everything if not RULES[p.rule].warning]
    content.warnings = [p for p in everything if RULES[p.rule].warning]
    return content


def capped(
    problems: list[Problem], totals: dict[tuple[str, str], int] | None = None, limit: int = MAX_LISTED
) -> list[Problem]:
    """At most ``limit`` problems of one rule in one file, then one line that counts the rest (``totals``: the
    counts of the problems that the rules counted without making them)."""
    counts: dict[tuple[str, str], int] = {}
    dropped: dict[tuple[str, str], Problem] = {}
    out: list[Problem] = []
    for problem in problems:
        key = (problem.path, problem.rule)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= limit:
            out.append(problem)
        else:
            dropped.setdefault(key, problem)
    for (path, rule), first_dropped in dropped.items():
        count = max(counts[(path, rule)], (totals or {}).get((path, rule), 0))
        out.append(
            Problem(
                path,
                first_dropped.line,
                first_dropped.col,
                rule,
                f"and {count - limit:,} more {rule} problems in this file from here on "
                f"(only the first {limit} are listed)",
                "fix the ones above, then run the check again",
            )
        )
    return sorted(out)
