"""The loaded content: every model, where each came from, and the problems found while loading.

Its own module so that the loader (which fills it) and the rules (which read it) need not import each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import models as m
from .problems import Problem
from .yamlio import Document, Loc

#: The toolkit's page kinds, in reading order, and the attribute of Content that holds each page. An action's
#: `tool:` names one of these kinds.
TOOLKIT = {"prompt-kit": "prompt_kit", "checklist": "checklist", "calendar": "calendar"}


@dataclass
class Content:
    root: Path
    site: m.Site | None = None
    #: the references file as loaded (None when it did not load), and its references by id (the first wins)
    references_file: m.References | None = None
    references: dict[str, m.Reference] = field(default_factory=dict)
    pitfalls: list[m.Pitfall] = field(default_factory=list)  # sorted by number
    #: ids (file names) of pitfall files that could not be loaded: rules across files skip them
    unloaded_pitfalls: set[str] = field(default_factory=set)
    role: m.Role | None = None
    contributing: m.Contributing | None = None
    law: m.Law | None = None
    debrief: m.Debrief | None = None
    glossary: m.Glossary | None = None
    about: m.About | None = None
    #: the toolkit pages (each optional)
    prompt_kit: m.PromptKit | None = None
    checklist: m.Checklist | None = None
    calendar: m.Calendar | None = None
    assessment: m.SelfAssessment | None = None
    statement_sets: list[m.PitfallStatements] = field(default_factory=list)
    check_sets: list[m.KnowledgeCheck] = field(default_factory=list)
    #: the same, by pitfall id (the first file wins; the rules report a second one)
    statements: dict[str, m.PitfallStatements] = field(default_factory=dict)
    checks: dict[str, m.KnowledgeCheck] = field(default_factory=dict)
    #: the workshop kit (guidance/workshop.yml, optional) and the activities (guidance/activities/<pitfall-id>.yml)
    workshop: m.Workshop | None = None
    activity_sets: list[m.Activity] = field(default_factory=list)
    activities: dict[str, m.Activity] = field(default_factory=dict)  # by pitfall id (the first file wins)
    unloaded_activities: set[str] = field(default_factory=set)  # file stems of activity files that did not load
    #: file stems of quiz files that could not be loaded: coverage rules skip them
    unloaded_quizzes: set[tuple[str, str]] = field(default_factory=set)
    #: where each loaded item came from, for rules that point back at the YAML
    docs: dict[int, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: what the warning rules found (REVIEW-DUE): printed by `./dev validate`, never a reason to fail a build
    warnings: list[Problem] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return list(self.site.languages) if self.site else []

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def toolkit(self) -> list[m.PromptKit | m.Checklist | m.Calendar]:
        """The toolkit pages the content has, in reading order."""
        return [item for _kind, item in self.toolkit_pages()]

    def toolkit_pages(self) -> list[tuple[str, m.PromptKit | m.Checklist | m.Calendar]]:
        """(page kind, item) of each toolkit page the content has, in reading order."""
        return [(kind, getattr(self, attr)) for kind, attr in TOOLKIT.items() if getattr(self, attr) is not None]

    def pitfall(self, pitfall_id: str) -> m.Pitfall:
        return next(p for p in self.pitfalls if p.id == pitfall_id)

    def doc_of(self, item: Any) -> Document:
        return self.docs[id(item)]


def items(content: Content) -> Iterator[tuple[BaseModel, Document]]:
    """Every loaded item of the content with the document it came from, in file order."""
    for item in [
        content.site,
        *content.pitfalls,
        content.role,
        content.contributing,
        content.law,
        content.debrief,
        content.glossary,
        content.about,
        *content.toolkit,
        content.assessment,
        *content.statement_sets,
        *content.check_sets,
        content.workshop,
        *content.activity_sets,
    ]:
        if item is not None:
            yield item, content.doc_of(item)


def walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    """Every field value of a model tree, with its YAML path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            if child is not None:
                yield loc + (name,), child
                yield from walk(child, loc + (name,))
    elif isinstance(value, list) and not (value and isinstance(value[0], str)):  # lists of ids hold no texts
        for i, child in enumerate(value):
            if isinstance(child, (BaseModel, list)):
                yield from walk(child, loc + (i,))
            elif isinstance(child, dict):
                yield loc + (i,), child


def page_references(page: BaseModel) -> list[str]:
    """The references a page lists: its sources in order of first citation, then further reading."""
    out: dict[str, None] = {}
    for loc, value in walk(page, ()):
        if loc and (loc[-1] == "sources" or str(loc[-1]).endswith("_sources")) and isinstance(value, list):
            out.update(dict.fromkeys(value))
    out.update(dict.fromkeys(page.further_reading))
    return list(out)
