"""The site's pages: one table of page kinds (where each lives, which content it shows, how it is titled).

Adding a kind of page is one `Kind` in `KINDS` (in reading order) and its template ``<name>.md.j2``; every
list of pages (navigation, reading order, the Sources page's "cited on", review dates, saved-answer versions)
is read from this table. The core owns the URL layout, independent of any static-site generator.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .content import TOOLKIT, Content, page_references
from .locales import colon, format_length, local

Texts = tuple[str, str, str]  # title, navigation title, meta description (plain text, not escaped)


@dataclass(frozen=True)
class PageRef:
    """A page of the site: its kind, its content id (if any) and its language."""

    kind: str  # a name in KINDS
    id: str
    lang: str


@dataclass(frozen=True)
class Kind:
    name: str  # also the template's name: <name>.md.j2
    path: str  # the page's directory under the language prefix; "{id}" is the page's id ("" for the home page)
    #: the pages of this kind, in reading order: (id, the content item the page shows, or None)
    pages: Callable[[Content], list[tuple[str, Any]]]
    texts: Callable[[Content, str, Any, str], Texts]  # (content, id, item, lang)
    #: a navigation section: consecutive kinds with the same group share one section, titled by GROUPS[group]
    group: str | None = None
    #: the reference ids the page lists at its end, in order of first citation
    references: Callable[[Content, str, Any], list[str]] | None = None
    citing: bool = False  # the Sources page lists this page under each reference it cites
    read_timed: bool = False  # the page shows its reading time
    #: a quiz page: what its saved answers depend on (a change of it clears them)
    quiz_shape: Callable[[Content, str], Any] | None = None
    #: the page's own scripts and stylesheets under docs/ (.css, .js, or .mjs for a module), loaded on it only
    assets: tuple[str, ...] = ()
    links_terms: bool = False  # the first use of each glossary term on the page links to its entry
    in_nav: bool = True  # False: a page reached from others' links only (a printable handout)
    searchable: bool = True  # False: left out of the site's search (an answer key)


def _one(item: Any) -> list[tuple[str, Any]]:
    """The page of a singleton content file, when it is there."""
    return [] if item is None else [(item.id, item)]


def _own_references(_c: Content, _id: str, item: Any) -> list[str]:
    return page_references(item)


def _home_texts(c: Content, _id: str, home: Any, lang: str) -> Texts:
    return local(home.title, lang), local(c.site.ui.home, lang), local(home.description, lang)


def _pitfall_texts(_c: Content, _id: str, p: Any, lang: str) -> Texts:
    return local(p.title, lang), f"{p.number}. {local(p.short_title, lang)}", local(p.description, lang)


def _check_texts(c: Content, page_id: str, _item: Any, lang: str) -> Texts:
    qui, p = c.site.quiz_ui, c.pitfall(page_id)
    return (
        f"{local(qui.check, lang)}{colon(lang)} {local(p.short_title, lang)}",
        f"{local(qui.check, lang)} {p.number}{colon(lang)} {local(p.short_title, lang)}",
        f"{local(qui.check_intro, lang)}{colon(lang)} {local(p.title, lang)}.",
    )


def _assessment_shape(c: Content, _id: str) -> Any:
    shape = [[(o.id, o.points) for o in c.assessment.scale]]
    return shape + [[(s.id, s.direction) for s in item.statements] for item in c.statement_sets]


def _check_shape(c: Content, page_id: str) -> Any:
    return [[(q.id, q.type, [(o.id, o.correct) for o in q.options]) for q in c.checks[page_id].questions]]


def _activities(c: Content) -> list[tuple[str, Any]]:
    """The workshop activities, in the order of their pitfalls (none without the workshop kit, whose labels
    their pages use)."""
    if c.workshop is None:
        return []
    return [(p.id, c.activities[p.id]) for p in c.pitfalls if p.id in c.activities]


def _activity_texts(c: Content, page_id: str, activity: Any, lang: str) -> Texts:
    labels, p = c.workshop.labels, c.pitfall(page_id)
    title = local(activity.title, lang)
    description = local(labels.activity_description, lang)
    values = {"length": format_length(activity.duration, lang), "pitfall": local(p.short_title, lang)}
    return (
        f"{local(labels.activity, lang)} {p.number}{colon(lang)} {title}",
        f"{p.number}. {title}",
        fill_text(description, values),
    )


def _handout_texts(c: Content, page_id: str, activity: Any, lang: str) -> Texts:
    labels, p = c.workshop.labels, c.pitfall(page_id)
    title = f"{local(labels.handout, lang)}{colon(lang)} {local(p.short_title, lang)}"
    values = {"activity": local(activity.title, lang), "pitfall": local(p.short_title, lang)}
    return title, title, fill_text(local(labels.handout_description, lang), values)


def fill_text(text: str, values: dict[str, str]) -> str:
    """A plain text with its ``{name}`` placeholders filled from ``values`` (nothing else in it is read)."""
    return re.sub(r"\{(\w+)\}", lambda mt: values.get(mt[1], mt[0]), text)


def _titled(nav: Callable[[Content], dict[str, str]] | None = None) -> Callable[..., Texts]:
    """Texts of a page whose item has a title and a description (its navigation title: ``nav`` or the title)."""

    def texts(c: Content, _id: str, item: Any, lang: str) -> Texts:
        title = local(item.title, lang)
        return title, local(nav(c), lang) if nav else title, local(item.description, lang)

    return texts


#: What a quiz page loads (a hand-written page with a knowledge check too).
QUIZ_ASSETS = ("assets/cmguide-quiz.css", "assets/cmguide-quiz.js")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind(
            "home",
            "",
            lambda c: [("", c.site.home)] if c.site is not None else [],
            lambda c, _id, home, lang: (
                local(home.title, lang),
                local(c.site.ui.home, lang),
                local(home.description, lang),
            ),
            links_terms=True,
        ),
        Kind(
            "pitfall",
            "pitfalls/{id}/",
            lambda c: [(p.id, p) for p in c.pitfalls],
            lambda c, _id, p, lang: (
                local(p.title, lang),
                f"{p.number}. {local(p.short_title, lang)}",
                local(p.description, lang),
            ),
            group="pitfalls",
            references=_own_references,
            citing=True,
            read_timed=True,
            links_terms=True,
        ),
        Kind(
            "role",
            "role/",
            lambda c: _one(c.role),
            _titled(lambda c: c.site.ui.role),
            references=_own_references,
            citing=True,
            read_timed=True,
            links_terms=True,
        ),
        Kind(
            "law",
            "law/",
            lambda c: _one(c.law),
            _titled(lambda c: c.site.ui.law),
            references=_own_references,
            citing=True,
            read_timed=True,
            links_terms=True,
        ),
        *[
            Kind(
                name,
                f"{name}/",
                lambda c, attr=attr: _one(getattr(c, attr)),
                _titled(),
                group="toolkit",
                references=_own_references,
                citing=True,
                read_timed=True,
                assets=("assets/cmguide-tools.js",),  # copy and print buttons
            )
            for name, attr in TOOLKIT.items()
        ],
        Kind(
            "assessment",
            "self-assessment/",
            lambda c: _one(c.assessment),
            _titled(lambda c: c.site.quiz_ui.self_assessment),
            group="quizzes",
            quiz_shape=_assessment_shape,
            assets=QUIZ_ASSETS + ("assets/cmguide-code.js", "assets/cmguide-qr.mjs"),
        ),
        Kind(
            "check",
            "quiz/{id}/",
            lambda c: [(p.id, c.checks[p.id]) for p in c.pitfalls if p.id in c.checks],
            _check_texts,
            group="quizzes",
            references=lambda c, page_id, _item: page_references(c.pitfall(page_id)),
            quiz_shape=_check_shape,
            assets=QUIZ_ASSETS,
        ),
        Kind(
            "workshop",
            "workshops/",
            lambda c: _one(c.workshop),
            _titled(lambda c: c.workshop.labels.kit),
            group="workshops",
        ),
        Kind("activity", "workshops/{id}/", _activities, _activity_texts, group="workshops"),
        Kind("handout", "workshops/{id}/handout/", _activities, _handout_texts, in_nav=False),
        Kind(
            "debrief",
            "debrief/",
            lambda c: _one(c.debrief) if c.assessment is not None else [],
            _titled(),
            group="workshops",
            assets=(
                "assets/cmguide-debrief.css",
                "assets/cmguide-code.js",
                "assets/cmguide-debrief.js",
                "assets/cmguide-qr.mjs",
            ),
        ),
        Kind(
            "answers",
            "answer-key/",
            lambda c: [("", None)] if c.checks else [],
            lambda c, _id, _item, lang: (
                local(c.site.quiz_ui.answer_key, lang),
                local(c.site.quiz_ui.answer_key, lang),
                local(c.site.quiz_ui.answer_key_description, lang),
            ),
            group="workshops",
            searchable=False,
        ),
        Kind(
            "glossary",
            "glossary/",
            lambda c: _one(c.glossary),
            _titled(lambda c: c.site.ui.glossary),
            references=_own_references,
            citing=True,
        ),
        Kind(
            "sources",
            "sources/",
            lambda c: [("", None)],
            lambda c, _id, _item, lang: (local(c.site.ui.sources, lang),) * 2 + (local(c.site.ui.sources_intro, lang),),
        ),
        Kind(
            "about",
            "about/",
            lambda c: _one(c.about),
            _titled(lambda c: c.site.ui.about),
            references=_own_references,
            citing=True,
            links_terms=True,
        ),
        Kind("contributing", "contributing/", lambda c: _one(c.contributing), _titled()),
    ]
}

#: The title of each navigation section (see `Kind.group`).
GROUPS: dict[str, Callable[[Content], dict[str, str]]] = {
    "pitfalls": lambda c: c.site.ui.pitfalls,
    "toolkit": lambda c: c.site.ui.toolkit,
    "quizzes": lambda c: c.site.quiz_ui.test_yourself,
    "workshops": lambda c: c.site.ui.workshops,
}


def page_path(content: Content, page: PageRef) -> str:
    """The page's directory URL relative to the site root, e.g. ``en/pitfalls/x/`` (home: ``""``)."""
    prefix = "" if page.lang == content.default_language else f"{page.lang}/"
    return prefix + KINDS[page.kind].path.format(id=page.id)


def src_uri(content: Content, page: PageRef) -> str:
    """A virtual source path for the page (for generators that want one)."""
    path = page_path(content, page).removeprefix(f"{page.lang}/")
    return f"{path}index.{page.lang}.md" if path else f"index.{page.lang}.md"


def all_pages(content: Content) -> list[PageRef]:
    """Every page, per language, in reading order."""
    return [
        PageRef(kind.name, page_id, lang)
        for lang in content.languages
        for kind in KINDS.values()
        for page_id, _item in kind.pages(content)
    ]


def item_of(content: Content, page: PageRef) -> Any:
    """The content item a page shows (None for a page made of the whole content, such as Sources)."""
    return dict(KINDS[page.kind].pages(content)).get(page.id)


def is_quiz(page: PageRef) -> bool:
    return KINDS[page.kind].quiz_shape is not None


def quiz_version(content: Content, page: PageRef) -> str:
    """A short fingerprint of what saved answers depend on (ids, options, points): a change clears them."""
    shape = KINDS[page.kind].quiz_shape
    if shape is None:
        return ""
    return hashlib.sha256(json.dumps(shape(content, page.id), sort_keys=True).encode()).hexdigest()[:12]
