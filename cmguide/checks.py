"""The registry of the checks that run on loaded content, and what they share.

A check is one function that finds the problems of one rule (``problems.RULES`` holds each rule's id,
descriptions and example). It is registered with ``@check(RULE_ID, after=(...))``: ``after`` names the checks
whose results it reads, which run first. ``run_checks`` runs the registry and nothing else.

    @check("REF-UNUSED", after=("ref_unknown",))
    def ref_unused(ctx: Context, at: At) -> None:
        if ctx.found("ref_unknown"):  # a mistyped id would make its reference look unused
            return
        ...
        at(doc, ("references", i, "id"), "REF-UNUSED", "reference 'x' is never cited", "cite it…")

Each check gets its own ``Found`` (so that past MAX_LISTED problems of one rule in one file are only counted);
``at`` refuses a rule the check was not registered for.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from . import models as m
from .content import Content, items, walk
from .problems import RULES, Found, Problem
from .yamlio import Document, Loc


class At(Protocol):
    def __call__(self, doc: Document, loc: Loc, rule: str, message: str, hint: str = "", key: bool = False) -> None: ...


@dataclass(frozen=True)
class Check:
    """One registered check: its name (the function's), the rule it reports, the checks it reads."""

    name: str
    rule: str
    function: Callable[[Context, At], None]
    after: tuple[str, ...] = ()


#: Every check, by name, in the order of registration.
CHECKS: dict[str, Check] = {}


def check(rule: str, after: Iterable[str] = ()) -> Callable:
    """Register the decorated function as a check of ``rule`` (which must be in ``RULES``)."""
    if rule not in RULES:
        raise ValueError(f"unregistered rule {rule!r}")

    def register(function: Callable[[Context, At], None]) -> Callable[[Context, At], None]:
        if function.__name__ in CHECKS:
            raise ValueError(f"a check named {function.__name__!r} is already registered")
        CHECKS[function.__name__] = Check(function.__name__, rule, function, tuple(after))
        return function

    return register


def checks_of(rule: str) -> list[Check]:
    return [c for c in CHECKS.values() if c.rule == rule]


class Context:
    """What the checks read: the content, the references file, what shared queries found, earlier results."""

    def __init__(self, content: Content, refs: m.References | None):
        self.content = content
        self.refs = refs
        self.results: dict[str, Found] = {}

    def found(self, name: str) -> Found:
        """The problems found by the check ``name`` (which the asking check lists in its ``after``)."""
        return self.results[name]

    @cached_property
    def pitfall_ids(self) -> dict[str, m.Pitfall]:
        """The loaded pitfalls by id (the first of two with the same id)."""
        out: dict[str, m.Pitfall] = {}
        for pitfall in self.content.pitfalls:
            out.setdefault(pitfall.id, pitfall)
        return out

    @cached_property
    def texts(self) -> list[tuple[Document, Loc, dict]]:
        """Every localised text (a mapping of language to text) of every item, with its place."""
        return [
            (doc, loc, value)
            for item, doc in items(self.content)
            for loc, value in walk(item, ())
            if isinstance(value, dict)
        ]

    @cached_property
    def citations(self) -> list[tuple[Document, Loc, str]]:
        """Every reference id cited anywhere (sources, further reading, credits), with its place."""
        out = []
        for item, doc in items(self.content):
            for loc, value in walk(item, ()):
                if loc and citing(loc[-1]) and isinstance(value, (list, str)):
                    if isinstance(value, list):
                        out.extend((doc, loc + (i,), ref_id) for i, ref_id in enumerate(value))
                    else:
                        out.append((doc, loc, value))
        return out


_CITING = ("sources", "further_reading", "credit_reference", "source")


def citing(key: object) -> bool:
    """A field that holds reference ids: one of _CITING, or a section's sources (`techniques_sources`…)."""
    return key in _CITING or str(key).endswith("_sources")


def run_checks(content: Content, refs: m.References | None, only: Iterable[str] | None = None) -> Found:
    """Run every registered check (or those of the rules ``only``, with the checks they read); all they found."""
    ctx = Context(content, refs)
    wanted = [c for c in CHECKS.values() if only is None or c.rule in set(only)]
    for each in wanted:
        _run(ctx, each, ())
    problems = Found()
    for each in wanted:
        problems.merge(ctx.results[each.name])
    return problems


def _run(ctx: Context, each: Check, stack: tuple[str, ...]) -> None:
    """Run one check once, after the checks it reads."""
    if each.name in ctx.results:
        return
    if each.name in stack:
        raise ValueError(f"checks depend on each other in a circle: {' -> '.join(stack + (each.name,))}")
    for name in each.after:
        _run(ctx, CHECKS[name], stack + (each.name,))
    found = Found()

    def at(doc: Document, loc: Loc, rule: str, message: str, hint: str = "", key: bool = False) -> None:
        if rule != each.rule:  # a programming error: the registry would describe the check wrongly
            raise ValueError(f"check {each.name!r} is registered for {each.rule}, not {rule}")
        if not found.wants(doc.path, rule):
            return
        line, col = doc.marks.key(loc) if key else doc.marks.value(loc)
        found.append(Problem(doc.path, line, col, rule, message, hint))

    each.function(ctx, at)
    ctx.results[each.name] = found


# Helper functions shared by the checks


def unique(at: At, doc: Document, listed: list, loc: Loc, what: str) -> None:
    """Ids of the items of one list are unique."""
    seen: set[str] = set()
    for i, item in enumerate(listed):
        if item.id in seen:
            at(doc, loc + (i, "id"), "ID-DUPLICATE", f"duplicate {what} id '{item.id}'", f"give each {what} its own id")
        seen.add(item.id)


def guess(value: str, known) -> str:
    """ " (did you mean 'x'?)" for the closest known value, or nothing."""
    found = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{found[0]}'?)" if found else ""
