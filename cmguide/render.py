"""Render the content into Markdown pages (headings in Markdown, bodies as escaped HTML).

The core owns the site's URL layout (``page_path``) so that links between generated pages
are computed here, independent of any static-site generator. Every text from YAML goes
through Jinja's autoescape; the only formatting authors get is ``**bold**`` and ``*italic*``,
applied after escaping.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import math
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import models as m
from .content import TOOLKIT, Content
from .freshness import due_pages, reviewed_pages, today
from .problems import RULES, Problem
from .rules import effective_points, page_references, reachable_scores


@dataclass(frozen=True)
class PageRef:
    """A page of the site: its kind, its content id (if any) and its language."""

    kind: str  # home | pitfall | role | law | sources | assessment | check | contributing
    id: str
    lang: str


def page_path(content: Content, page: PageRef) -> str:
    """The page's directory URL relative to the site root, e.g. ``en/pitfalls/x/`` (home: ``""``)."""
    prefix = "" if page.lang == content.default_language else f"{page.lang}/"
    if page.kind == "home":
        return prefix
    if page.kind == "pitfall":
        return f"{prefix}pitfalls/{page.id}/"
    if page.kind == "check":
        return f"{prefix}quiz/{page.id}/"
    if page.kind == "assessment":
        return f"{prefix}self-assessment/"
    return f"{prefix}{page.kind}/"


def src_uri(content: Content, page: PageRef) -> str:
    """A virtual source path for the page (for generators that want one)."""
    path = page_path(content, page).removeprefix(f"{page.lang}/")
    return f"{path}index.{page.lang}.md" if path else f"index.{page.lang}.md"


def all_pages(content: Content) -> list[PageRef]:
    """Every page, per language, in reading order."""
    pages = []
    for lang in content.languages:
        pages.append(PageRef("home", "", lang))
        pages.extend(PageRef("pitfall", p.id, lang) for p in content.pitfalls)
        if content.role is not None:
            pages.append(PageRef("role", content.role.id, lang))
        if content.law is not None:
            pages.append(PageRef("law", content.law.id, lang))
        pages.extend(PageRef(kind, item.id, lang) for kind, item in content.toolkit_pages())
        if content.assessment is not None:
            pages.append(PageRef("assessment", content.assessment.id, lang))
        pages.extend(PageRef("check", p.id, lang) for p in content.pitfalls if p.id in content.checks)
        pages.append(PageRef("sources", "", lang))
        if content.contributing is not None:
            pages.append(PageRef("contributing", content.contributing.id, lang))
    return pages


QUIZ_KINDS = ("assessment", "check")
READ_TIMED_KINDS = ("pitfall", "role", "law", *TOOLKIT)  # pages that show their reading time
WORDS_PER_MINUTE = 200

#: What a hand-written page can embed (see `Renderer.fragment`): fragment name -> the page kind it comes from.
FRAGMENTS = {"card": "pitfall", "check": "check", "references": "pitfall"}
#: The macros that offer them to hand-written pages: macro name -> fragment name.
MACROS = {"pitfall_card": "card", "knowledge_check": "check", "reference_list": "references"}


@dataclass(frozen=True)
class MacroCall:
    name: str
    pitfall_id: str
    line: int
    col: int


_CALL = re.compile(r"\{\{-?\s*(" + "|".join(MACROS) + r")\s*\(\s*(?:\"([^\"\n]*)\"|'([^'\n]*)')\s*\)\s*-?\}\}")


def macro_calls(markdown: str, first_line: int = 1) -> list[MacroCall]:
    """Our macros' calls in a hand-written page, with their 1-based places (``first_line``: the body's first)."""
    calls = []
    for match in _CALL.finditer(markdown):
        before = markdown[: match.start()]
        line = first_line + before.count("\n")
        col = match.start() - (before.rfind("\n") + 1) + 1
        calls.append(MacroCall(match.group(1), match.group(2) or match.group(3) or "", line, col))
    return calls


def check_macro_calls(content: Content, calls: list[MacroCall], path: str) -> list[Problem]:
    """Each call names a pitfall that has what the macro shows; at most one knowledge check per page."""
    problems = []
    pitfalls = [p.id for p in content.pitfalls]
    checks = 0
    for call in calls:
        wanted = pitfalls if call.name != "knowledge_check" else [p for p in pitfalls if p in content.checks]
        if call.pitfall_id not in wanted:
            guess = difflib.get_close_matches(call.pitfall_id, wanted, n=1, cutoff=0.6)
            message = f"{call.name}: no pitfall '{call.pitfall_id}'" + (
                f" (did you mean '{guess[0]}'?)" if guess else ""
            )
            hint = f"use the id of a file in guidance/pitfalls/: {', '.join(wanted)}"
            problems.append(Problem(path, call.line, call.col, "PAGE-MACRO", message, hint))
        checks += call.name == "knowledge_check"
        if call.name == "knowledge_check" and checks == 2:
            message, hint = "a second knowledge_check on the same page", "keep one knowledge check per page"
            problems.append(
                Problem(path, call.line, call.col, "PAGE-MACRO", message, hint + " (their questions would share ids)")
            )
    return problems


class Renderer:
    def __init__(self, content: Content):
        self.content = content
        self.env = Environment(
            loader=PackageLoader("cmguide", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # "{#id}" is Markdown's attribute list for headings, not a Jinja comment
            comment_start_string="{##",
            comment_end_string="##}",
        )

    # Page metadata

    def title(self, page: PageRef) -> str:
        """The plain-text title of a page (not escaped)."""
        return self._texts(page)[0]

    def nav_title(self, page: PageRef) -> str:
        return self._texts(page)[1]

    def description(self, page: PageRef) -> str:
        return self._texts(page)[2]

    def _texts(self, page: PageRef) -> tuple[str, str, str]:
        """Title, navigation title and meta description of a page, in its language."""
        c, lang, ui, qui = self.content, page.lang, self.content.site.ui, self.content.site.quiz_ui

        def t(value: dict[str, str]) -> str:
            return local(value, lang)

        if page.kind == "pitfall":
            p = c.pitfall(page.id)
            return t(p.title), f"{p.number}. {t(p.short_title)}", t(p.description)
        if page.kind == "check":
            p = c.pitfall(page.id)
            return (
                f"{t(qui.check)}{_colon(lang)} {t(p.short_title)}",
                f"{t(qui.check)} {p.number}{_colon(lang)} {t(p.short_title)}",
                f"{t(qui.check_intro)}{_colon(lang)} {t(p.title)}.",
            )
        texts = {
            "home": lambda: (t(c.site.home.title), t(ui.home), t(c.site.home.description)),
            "role": lambda: (t(c.role.title), t(ui.role), t(c.role.description)),
            "law": lambda: (t(c.law.title), t(ui.law), t(c.law.description)),
            **{kind: _toolkit_texts(c, kind, t) for kind in TOOLKIT},
            "assessment": lambda: (t(c.assessment.title), t(qui.self_assessment), t(c.assessment.description)),
            "contributing": lambda: (t(c.contributing.title),) * 2 + (t(c.contributing.description),),
            "sources": lambda: (t(ui.sources), t(ui.sources), t(ui.sources_intro)),
        }
        return texts[page.kind]()

    def nav(self, lang: str) -> list[tuple[str, PageRef | list[tuple[str, PageRef]]]]:
        """The navigation of one language: (title, page) or (title, [(title, page)…])."""
        c = self.content
        pitfalls = [PageRef("pitfall", p.id, lang) for p in c.pitfalls]
        items: list = [(self.nav_title(PageRef("home", "", lang)), PageRef("home", "", lang))]
        items.append((local(c.site.ui.pitfalls, lang), [(self.nav_title(p), p) for p in pitfalls]))
        if c.role is not None:
            role = PageRef("role", c.role.id, lang)
            items.append((self.nav_title(role), role))
        if c.law is not None:
            law = PageRef("law", c.law.id, lang)
            items.append((self.nav_title(law), law))
        tools = [PageRef(kind, item.id, lang) for kind, item in c.toolkit_pages()]
        if tools:
            items.append((local(c.site.ui.toolkit, lang), [(self.nav_title(p), p) for p in tools]))
        quizzes = [p for p in all_pages(c) if p.lang == lang and p.kind in QUIZ_KINDS]
        if quizzes:
            items.append((local(c.site.quiz_ui.test_yourself, lang), [(self.nav_title(p), p) for p in quizzes]))
        sources = PageRef("sources", "", lang)
        items.append((self.nav_title(sources), sources))
        if c.contributing is not None:
            contributing = PageRef("contributing", c.contributing.id, lang)
            items.append((self.nav_title(contributing), contributing))
        return items

    # Rendering

    def markdown(self, page: PageRef) -> str:
        template = self.env.get_template(f"{page.kind}.md.j2")
        context = self._context(page)
        if page.kind in READ_TIMED_KINDS:  # the reading time counts the words of the page as rendered
            context["minutes"] = reading_minutes(template.render({**context, "minutes": 0}))
        return template.render(context)

    def not_found(self, lang: str) -> dict[str, str]:
        """The plain-text title, message and home-link label of the "page not found" page (not escaped)."""
        ui = self.content.site.ui
        return {
            "title": local(ui.not_found_title, lang),
            "text": local(ui.not_found_text, lang),
            "home_label": local(ui.not_found_home, lang),
        }

    def legal_notice(self, lang: str) -> str:
        """The dated legal notice, e.g. "Point juridique au 30 novembre 2026 — ce guide n’est pas…" (not escaped)."""
        ui = self.content.site.ui
        as_of = local(ui.legal_as_of, lang).replace("{date}", format_date(self.content.site.home.updated, lang))
        return f"{as_of} — {local(ui.not_legal_advice, lang)}"

    def fragment(self, name: str, pitfall_id: str, lang: str, from_dir: str) -> str:
        """A piece of a pitfall's content for a hand-written page at ``from_dir`` (e.g. ``en/workshop/``).

        ``name`` is one of FRAGMENTS. Raises KeyError for an unknown name or pitfall: an author's page asked
        for something the content does not have.
        """
        kind = FRAGMENTS[name]
        if pitfall_id not in {p.id for p in self.content.pitfalls} or (
            kind == "check" and pitfall_id not in self.content.checks
        ):
            raise KeyError(pitfall_id)
        template = self.env.get_template(f"fragment-{name}.md.j2")
        return template.render(self._context(PageRef(kind, pitfall_id, lang), from_dir))

    def _context(self, page: PageRef, from_dir: str | None = None) -> dict:
        c, lang = self.content, page.lang
        here = page_path(c, page) if from_dir is None else from_dir

        def t(value: dict[str, str]) -> str:
            return local(value, lang)

        def url(kind: str, item_id: str = "") -> str:
            return relative_url(here, page_path(c, PageRef(kind, item_id, lang)))

        def prose(value: dict[str, str]) -> Markup:
            return Markup("\n".join(f"<p>{p}</p>" for p in _paragraphs(inline(value))))

        def inline(value: dict[str, str]) -> Markup:
            return _inline(t(value))

        def md(value: str) -> Markup:
            return Markup(_markdown_escape(value))

        item = None
        refs: list[str] = []
        if page.kind == "assessment":
            item = c.assessment
        elif page.kind == "contributing":
            item = c.contributing
        elif page.kind == "check":
            item = c.checks[page.id]
            refs = page_references(c.pitfall(page.id))
        elif page.kind == "pitfall":
            item = c.pitfall(page.id)
            refs = page_references(item)
        elif page.kind == "role":
            item = c.role
            refs = page_references(item)
        elif page.kind == "law":
            item = c.law
            refs = page_references(item)
        elif page.kind in TOOLKIT:
            item = getattr(c, TOOLKIT[page.kind])
            refs = page_references(item)
        numbers = {ref_id: i + 1 for i, ref_id in enumerate(refs)}

        def cite(sources: list[str]) -> Markup:
            links = []
            for ref_id in sources:
                ref = c.references[ref_id]
                label = f"{t(c.site.ui.source_label)} {numbers[ref_id]}{_colon(lang)} {ref.title}"
                links.append(
                    Markup('<a class="cmg-cite" href="#ref-{0}" aria-label="{1}">{2}</a>').format(
                        ref_id, label, numbers[ref_id]
                    )
                )
            return Markup('<span class="cmg-cites">[') + Markup(", ").join(links) + Markup("]</span>")

        def cite_titles(sources: list[str]) -> Markup:
            """The sources of a fact written out: "Source 3 : Title" links to the page's references."""
            links = [
                Markup('<a href="#ref-{0}">{1} {2}{3} <cite lang="{4}">{5}</cite></a>').format(
                    ref_id,
                    t(c.site.ui.source_label),
                    numbers[ref_id],
                    _colon(lang),
                    c.references[ref_id].lang,
                    strip_controls(c.references[ref_id].title),
                )
                for ref_id in sources
            ]
            return Markup("; ").join(links)

        return {
            "page": page,
            "c": c,
            "lang": lang,
            "ui": c.site.ui,
            "item": item,
            "refs": [c.references[r] for r in refs],
            "t": t,
            "url": url,
            "prose": prose,
            "inline": inline,
            "md": md,
            "cite": cite,
            "cite_titles": cite_titles,
            "legal_notice": self.legal_notice(lang),
            "last_reviewed": self._last_reviewed(page),
            "format_date": lambda value: format_date(value, lang),
            "today": today(),
            "due_pages": lambda: due_pages(c),
            "reviewed_pages": lambda: sorted(reviewed_pages(c), key=lambda p: p[2].review_by),  # stable: reading order
            "describe": lambda rule: local({lang: rule.describe(lang)}, lang),
            "sorted_references": sorted(c.references.values(), key=lambda ref: reference_sort_key(ref, lang)),
            "ref_line": lambda ref: self._ref_line(ref, lang),
            "title": self.title(page),
            "citations": self.citations,
            "nav_title": self.nav_title,
            "PageRef": PageRef,
            "qui": c.site.quiz_ui,
            "points": lambda statement, option: effective_points(c.assessment, statement, option),
            "max_score": lambda item: max(reachable_scores(c.assessment, item)),
            "version": quiz_version(c, page),
            "colon": _colon(lang),
            "fill": fill,
            "rules": list(RULES.values()),
            "root": relative_url(here, ""),
            "exports": {lang_: path for lang_, path in export_paths(c).items()},
            "i18n": lambda: json.dumps({k: t(v) for k, v in c.site.quiz_ui}, ensure_ascii=False),
            "tool_ids": {kind: tool.id for kind, tool in c.toolkit_pages()},
            "law_rules": {rule.id: rule for group in c.law.groups for rule in group.rules} if c.law else {},
            **(_calendar_context(c, lang) if page.kind == "calendar" else {}),
        }

    def _last_reviewed(self, page: PageRef) -> Markup:
        """ "Dernière révision : 30 novembre 2026" for a page with review dates (empty for the others)."""
        item = {
            "home": self.content.site.home,
            "pitfall": self.content.pitfall(page.id) if page.kind == "pitfall" else None,
            "role": self.content.role,
            "law": self.content.law,
            **{kind: getattr(self.content, attr) for kind, attr in TOOLKIT.items()},
        }.get(page.kind)
        if item is None:
            return Markup("")
        label = local(self.content.site.ui.last_reviewed, page.lang)
        before, _, after = label.partition("{date}")
        return Markup('{0}<time datetime="{1}">{2}</time>{3}').format(
            before, item.reviewed, format_date(item.reviewed, page.lang), after
        )

    def contributing_file(self) -> str:
        """CONTRIBUTING.md for the repository: the English recipes and the rules table."""
        # A Markdown file for the repository, from our own YAML: no HTML escaping (GitHub sanitises it).
        template = self.env.overlay(autoescape=False).get_template("CONTRIBUTING.md.j2")
        lang = "en" if "en" in self.content.languages else self.content.default_language
        return template.render(self._context(PageRef("contributing", self.content.contributing.id, lang)))

    def _ref_line(self, ref: m.Reference, lang: str) -> Markup:
        ui = self.content.site.ui
        ref = ref.model_copy(
            update={k: strip_controls(getattr(ref, k)) for k in ("title", "author", "publisher") if getattr(ref, k)}
        )
        parts = []
        if ref.author:
            parts.append(Markup("{0}").format(ref.author))
        quote_open, quote_close = ("«\u00a0", "\u00a0»") if lang == "fr" else ("“", "”")
        parts.append(Markup('{0}<cite lang="{1}">{2}</cite>{3}').format(quote_open, ref.lang, ref.title, quote_close))
        parts.append(Markup("{0}").format(ref.publisher))
        parts.append(Markup("{0}").format(format_date(ref.date, lang) if ref.date else local(ui.published, lang)))
        if ref.accessed:
            parts.append(
                Markup("{0}").format(local(ui.accessed, lang).replace("{date}", format_date(ref.accessed, lang)))
            )
        host = urlsplit(ref.url).hostname or ref.url
        link = Markup('<a href="{0}" rel="noopener noreferrer">{1}</a>').format(ref.url, host.removeprefix("www."))
        line = Markup(", ").join(parts)
        return line + (Markup(" ") if line.endswith(".") else Markup(". ")) + link

    @cached_property
    def citations(self) -> dict[str, list[tuple[str, str]]]:
        """For each reference id, the pages (kind, id) that cite it, in reading order."""
        c = self.content
        out: dict[str, list[tuple[str, str]]] = {ref_id: [] for ref_id in c.references}
        out.setdefault(c.site.home.credit_reference, []).append(("home", ""))
        pages: list[tuple[str, str, m.Pitfall | m.Role | m.Law]] = [("pitfall", p.id, p) for p in c.pitfalls]
        if c.role is not None:
            pages.append(("role", c.role.id, c.role))
        if c.law is not None:
            pages.append(("law", c.law.id, c.law))
        pages.extend((kind, item.id, item) for kind, item in c.toolkit_pages())
        for kind, item_id, item in pages:
            for ref_id in page_references(item):
                if (kind, item_id) not in out.setdefault(ref_id, []):
                    out[ref_id].append((kind, item_id))
        return out


# Helper functions


def _toolkit_texts(content: Content, kind: str, t):
    """Title, navigation title and description of a toolkit page (its title is short enough for the navigation)."""

    def texts() -> tuple[str, str, str]:
        item = getattr(content, TOOLKIT[kind])
        return t(item.title), t(item.title), t(item.description)

    return texts


def _calendar_context(content: Content, lang: str) -> dict:
    """The calendar page's table (the same cells as its CSV file) and the link to that file."""
    from .exports import CALENDAR_COLUMNS, calendar_table  # exports renders texts with this module's helpers

    return {
        "calendar_columns": CALENDAR_COLUMNS,
        "calendar_rows": calendar_table(content.calendar, lang)[1:],
        "calendar_csv": calendar_paths(content)[lang],
    }


def export_paths(content: Content) -> dict[str, str]:
    """Site-relative path of the GIFT export of each language."""
    return {lang: f"exports/cmguide-quiz-{lang}.gift.txt" for lang in content.languages}


def calendar_paths(content: Content) -> dict[str, str]:
    """Site-relative path of the editorial-calendar CSV of each language."""
    return {lang: f"exports/cmguide-calendar-{lang}.csv" for lang in content.languages}


def quiz_version(content: Content, page: PageRef) -> str:
    """A short fingerprint of what saved answers depend on (ids, options, points): a change clears them."""
    if page.kind == "assessment" and content.assessment is not None:
        shape = [[(o.id, o.points) for o in content.assessment.scale]]
        shape += [[(s.id, s.direction) for s in item.statements] for item in content.statement_sets]
    elif page.kind == "check":
        shape = [[(q.id, q.type, [(o.id, o.correct) for o in q.options]) for q in content.checks[page.id].questions]]
    else:
        return ""
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:12]


def reading_minutes(rendered: str) -> int:
    """Minutes to read a rendered page at WORDS_PER_MINUTE, its list of references left out (at least 1)."""
    text = re.sub(r'<ol class="cmg-refs">.*?</ol>', " ", rendered, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>|\{#[^}]*\}", " ", text))
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    return max(1, math.ceil(len(words) / WORDS_PER_MINUTE))


def reference_sort_key(ref: m.Reference, lang: str) -> tuple[str, str, str]:
    """Where a reference goes in an alphabetical list: by what its entry starts with (author, else title),
    accents and case ignored ("É" sorts with "E"), leading quotes and punctuation skipped; then date, then id."""
    return (_collation_key(ref.author or ref.title), ref.date or "", ref.id)


def _collation_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("œ", "oe").replace("æ", "ae")
    return re.sub(r"^[^\w]+", "", folded)


def fill(text: Markup, **values: object) -> Markup:
    """A text with its ``{name}`` placeholders filled from ``values`` (nothing else in it is read or run)."""
    return Markup(re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]) if m[1] in values else m[0], str(text)))


def local(value: dict[str, str], lang: str) -> str:
    """A text in one language, with French spacing rules applied."""
    text = strip_controls(value[lang])
    if lang != "fr":
        return text
    parts = re.split(r"(`[^`]*`)", text)  # leave code spans alone
    for i in range(0, len(parts), 2):
        part = _FR_SPACES.sub(lambda mt: ("\u00a0" if mt.group(1) == ":" else "\u202f") + mt.group(1), parts[i])
        part = re.sub(r"(?<=\d) %", "\u202f%", part)
        part = re.sub(r"«[ \u00a0]*", "«\u00a0", part)
        parts[i] = re.sub(r"[ \u00a0]*»", "\u00a0»", part)
    return "".join(parts)


_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Without bidirectional overrides and control characters, which could make a text read as another."""
    return _CONTROLS.sub("", text)


_FR_SPACES = re.compile(r"[ \u00a0\u202f]([;:!?])")


def _colon(lang: str) -> str:
    return "\u00a0:" if lang == "fr" else ":"


def _inline(text: str) -> Markup:
    """Escaped text with the only formatting authors get: `code`, **bold** and *italic*."""
    parts = re.split(r"`([^`]*)`", text)
    return Markup("").join(
        Markup("<code>{0}</code>").format(part) if i % 2 else _emphasis(part) for i, part in enumerate(parts)
    )


def _emphasis(text: str) -> Markup:
    escaped = html.escape(text, quote=True)
    escaped = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"<strong>\1</strong>", escaped)
    escaped = re.sub(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])", r"<em>\1</em>", escaped)
    return Markup(escaped)


def _paragraphs(text: Markup) -> list[Markup]:
    return [Markup(" ".join(p.split())) for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _markdown_escape(text: str) -> str:
    """Text that Markdown shows as-is: HTML escaped, Markdown punctuation backslash-escaped."""
    # only ASCII whitespace collapses: French no-break spaces (before ":", inside « ») stay
    return _MD_SPECIAL.sub(r"\\\1", html.escape(re.sub(r"[ \t\r\n]+", " ", text).strip(), quote=True))


def relative_url(from_dir: str, to_dir: str) -> str:
    rel = posixpath.relpath("/" + to_dir, "/" + from_dir) if from_dir != to_dir else "."
    return "./" if rel == "." else rel.rstrip("/") + "/"


_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def format_date(value: str, lang: str) -> str:
    parts = [int(p) for p in value.split("-")]
    months = _MONTHS.get(lang, _MONTHS["en"])
    if len(parts) == 1:
        return str(parts[0])
    month = months[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = "1er" if lang == "fr" and parts[2] == 1 else str(parts[2])
    return f"{day} {month} {parts[0]}"
