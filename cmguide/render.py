"""Render the content into Markdown pages (headings in Markdown, bodies as escaped HTML).

The core owns the site's URL layout (``page_path``) so that links between generated pages
are computed here, independent of any static-site generator. Every text from YAML goes
through Jinja's autoescape; the only formatting authors get is ``**bold**`` and ``*italic*``,
applied after escaping.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
import re
import unicodedata
from functools import cache, cached_property, lru_cache
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import models as m
from . import results_code
from .content import Content
from .freshness import due_pages, reviewed_pages, today
from .jinjacache import compiled_templates_cache
from .locales import colon, format_date, format_length, local, locale, one_line
from .macros import FRAGMENTS, MACROS, check_macro_calls, macro_calls
from .pages import GROUPS, KINDS, PageRef, all_pages, is_quiz, item_of, page_path, quiz_version, src_uri
from .problems import RULES
from .rules import effective_points, reachable_scores
from .spreadsheet import CALENDAR_COLUMNS, calendar_paths, calendar_table
from .terms import TermLinker
from .workshop import clock, first_actions, schedule, sessions_using, step_times

__all__ = [  # what the hook, the exports and the tests use from here
    "MACROS",
    "PageRef",
    "Renderer",
    "all_pages",
    "check_macro_calls",
    "format_date",
    "is_quiz",
    "local",
    "macro_calls",
    "page_path",
    "relative_url",
    "src_uri",
]


WORDS_PER_MINUTE = 200

_MINUTES = "0\x00"  # see Renderer.markdown


@cache
def _environment() -> Environment:
    """The templates' environment, one per process: its templates are compiled once, and their compiled code is
    kept between runs (see jinjacache: an edited template is compiled again)."""
    return Environment(
        loader=PackageLoader("cmguide", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # "{#id}" is Markdown's attribute list for headings, not a Jinja comment
        comment_start_string="{##",
        comment_end_string="##}",
        bytecode_cache=compiled_templates_cache(),
    )


class Renderer:
    def __init__(self, content: Content):
        self.content = content
        self._ref_lines: dict[tuple[str, str], Markup] = {}
        self.env = _environment()
        self._linkers: dict[str, TermLinker] = {}

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
        return KINDS[page.kind].texts(self.content, page.id, item_of(self.content, page), page.lang)

    def nav(self, lang: str) -> list[tuple[str, PageRef | list[tuple[str, PageRef]]]]:
        """The navigation of one language: (title, page) or, for a group of pages, (title, [(title, page)…])."""
        items: list = []
        group = None
        for page in (p for p in all_pages(self.content) if p.lang == lang and KINDS[p.kind].in_nav):
            kind = KINDS[page.kind]
            if kind.group is None:
                items.append((self.nav_title(page), page))
            elif kind.group == group:
                items[-1][1].append((self.nav_title(page), page))
            else:
                items.append((local(GROUPS[kind.group](self.content), lang), [(self.nav_title(page), page)]))
            group = kind.group
        return items

    # Rendering

    def markdown(self, page: PageRef) -> str:
        template = self.env.get_template(f"{page.kind}.md.j2")
        context = self._context(page)
        if not KINDS[page.kind].read_timed:
            return self._link_terms(page, template.render(context))
        # The reading time counts the words of the page as rendered: rendered once with a stand-in that counts
        # as the one word the number will be ("0" and a NUL, which no text from the content can hold), then filled.
        rendered = template.render({**context, "minutes": _MINUTES})
        return self._link_terms(page, rendered.replace(_MINUTES, str(reading_minutes(rendered))))

    def _link_terms(self, page: PageRef, rendered: str) -> str:
        """The page with the first use of each glossary term linked to its entry (on the kinds that ask for it)."""
        glossary = self.content.glossary
        if not KINDS[page.kind].links_terms or glossary is None:
            return rendered
        if page.lang not in self._linkers:  # the glossary's forms, compiled once per renderer and language
            self._linkers[page.lang] = TermLinker(glossary, page.lang, local)
        to = page_path(self.content, PageRef("glossary", glossary.id, page.lang))
        return self._linkers[page.lang].link(rendered, relative_url(page_path(self.content, page), to))

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
        """What a template sees: the page, its item, its references, and the helpers that write texts."""
        c, lang = self.content, page.lang
        kind, item = KINDS[page.kind], item_of(c, page)
        refs = kind.references(c, page.id, item) if kind.references else []
        here = page_path(c, page) if from_dir is None else from_dir
        writer = _Writer(c, lang, here, {ref_id: i + 1 for i, ref_id in enumerate(refs)})
        return {
            **writer.helpers(),
            "page": page,
            "c": c,
            "lang": lang,
            "ui": c.site.ui,
            "qui": c.site.quiz_ui,
            "item": item,
            "refs": [c.references[r] for r in refs],
            "title": self.title(page),
            "legal_notice": self.legal_notice(lang),
            "last_reviewed": self._last_reviewed(page),
            "today": today(),
            "due_pages": lambda: due_pages(c),
            "reviewed_pages": lambda: sorted(reviewed_pages(c), key=lambda p: p[2].review_by),  # stable: reading order
            "sorted_references": lambda: sorted(c.references.values(), key=lambda ref: reference_sort_key(ref, lang)),
            "ref_line": lambda ref: self._ref_line(ref, lang),
            "citations": self.citations,
            "nav_title": self.nav_title,
            "PageRef": PageRef,
            "pages_of": lambda kind: [PageRef(kind, page_id, lang) for page_id, _item in KINDS[kind].pages(c)],
            "version": quiz_version(c, page),
            "rules": list(RULES.values()),
            "root": relative_url(here, ""),
            "exports": export_paths(c),
            **_workshop_helpers(c, lang),
            **self._data(lang),
        }

    def _data(self, lang: str) -> dict:
        """What some kinds of pages show from other parts of the content (glossary, quizzes, debrief, toolkit)."""
        c = self.content
        return {
            "collated": lambda terms: sorted(terms, key=lambda term: (_collation_key(local(term.term, lang)), term.id)),
            "points": lambda statement, option: effective_points(c.assessment, statement, option),
            "max_score": lambda item: max(reachable_scores(c.assessment, item)),
            "prompts": {p.pitfall: p for p in c.debrief.prompts} if c.debrief is not None else {},
            # the toolkit: the page each action's `tool:` names, the law rows a checklist item points to, the calendar
            "tool_ids": {kind: tool.id for kind, tool in c.toolkit_pages()},
            "law_rules": {rule.id: rule for group in c.law.groups for rule in group.rules} if c.law else {},
            "calendar_columns": CALENDAR_COLUMNS,
            "calendar_rows": lambda: calendar_table(c.calendar, lang)[1:],
            "calendar_csv": calendar_paths(c).get(lang, "") if c.calendar else "",
        }

    def _last_reviewed(self, page: PageRef) -> Markup:
        """ "Dernière révision : 30 novembre 2026" for a page with review dates (empty for the others)."""
        item = item_of(self.content, page)
        if getattr(item, "reviewed", None) is None:
            return Markup("")
        label = local(self.content.site.ui.last_reviewed, page.lang)
        before, _, after = label.partition("{date}")
        return Markup('{0}<time datetime="{1}">{2}</time>{3}').format(
            before, item.reviewed, format_date(item.reviewed, page.lang), after
        )

    def contributing_file(self) -> str:
        """CONTRIBUTING.md for the repository: the English recipes and the rules table."""
        # A Markdown file for the repository, from our own YAML: no HTML escaping (GitHub sanitises it); the
        # compiled-templates cache keeps this code apart from the escaping environment's (see jinjacache).
        template = self.env.overlay(autoescape=False).get_template("CONTRIBUTING.md.j2")
        lang = "en" if "en" in self.content.languages else self.content.default_language
        return template.render(self._context(PageRef("contributing", self.content.contributing.id, lang)))

    def _ref_line(self, ref: m.Reference, lang: str) -> Markup:
        """A reference written out, e.g. "Author, « Title », Publisher, 25 avril 2024. host.example" (cached)."""
        key = (ref.id, lang)
        if key not in self._ref_lines:
            self._ref_lines[key] = self._write_ref_line(ref, lang)
        return self._ref_lines[key]

    def _write_ref_line(self, ref: m.Reference, lang: str) -> Markup:
        ui = self.content.site.ui
        ref = ref.model_copy(
            update={k: _own(getattr(ref, k), ref.lang) for k in ("title", "author", "publisher") if getattr(ref, k)}
        )
        parts = []
        if ref.author:
            parts.append(Markup("{0}").format(ref.author))
        quote_open, quote_close = locale(lang).quotes
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
        for kind in (k for k in KINDS.values() if k.citing and k.references):
            for item_id, item in kind.pages(c):
                for ref_id in kind.references(c, item_id, item):
                    if (kind.name, item_id) not in out.setdefault(ref_id, []):
                        out[ref_id].append((kind.name, item_id))
        return out


class _Writer:
    """The helpers a template writes texts with, for one page: in its language, with links relative to it."""

    def __init__(self, content: Content, lang: str, here: str, numbers: dict[str, int]):
        self.c, self.lang, self.here, self.numbers = content, lang, here, numbers

    def helpers(self) -> dict:
        lang = self.lang
        return {
            "t": self.t,
            "url": self.url,
            "prose": self.prose,
            "inline": self.inline,
            "md": lambda value: Markup(_markdown_escape(value)),
            "cite": self.cite,
            "cite_titles": self.cite_titles,
            "source_title": lambda ref: _own(ref.title, ref.lang),
            "format_date": lambda value: format_date(value, lang),
            "describe": lambda rule: local({lang: rule.describe(lang)}, lang),
            "colon": colon(lang),
            "fill": fill,
            "i18n": self.i18n,
            "debrief_i18n": self.debrief_i18n,
            "code_layout": lambda: results_code.layout_data(self.c, lang),
        }

    def t(self, value: dict[str, str]) -> str:
        return local(value, self.lang)

    def url(self, kind: str, item_id: str = "") -> str:
        return relative_url(self.here, page_path(self.c, PageRef(kind, item_id, self.lang)))

    def inline(self, value: dict[str, str]) -> Markup:
        return _inline(self.t(value))

    def prose(self, value: dict[str, str]) -> Markup:
        return Markup("\n".join(f"<p>{p}</p>" for p in _paragraphs(self.inline(value))))

    def cite(self, sources: list[str]) -> Markup:
        """A fact's sources as numbered links to the page's references: "[1, 3]"."""
        links = []
        for ref_id in sources:
            ref, number = self.c.references[ref_id], self.numbers[ref_id]
            label = f"{self.t(self.c.site.ui.source_label)} {number}{colon(self.lang)} {_own(ref.title, ref.lang)}"
            links.append(
                Markup('<a class="cmg-cite" href="#ref-{0}" aria-label="{1}">{2}</a>').format(ref_id, label, number)
            )
        return Markup('<span class="cmg-cites">[') + Markup(", ").join(links) + Markup("]</span>")

    def cite_titles(self, sources: list[str]) -> Markup:
        """The sources of a fact written out: "Source 3 : Title" links to the page's references."""
        links = [
            Markup('<a href="#ref-{0}">{1} {2}{3} <cite lang="{4}">{5}</cite></a>').format(
                ref_id,
                self.t(self.c.site.ui.source_label),
                self.numbers[ref_id],
                colon(self.lang),
                self.c.references[ref_id].lang,
                _own(self.c.references[ref_id].title, self.c.references[ref_id].lang),
            )
            for ref_id in sources
        ]
        return Markup(locale(self.lang).separator).join(links)

    def i18n(self) -> str:
        """The quiz script's texts, as JSON for a data attribute (escaped by the template)."""
        texts = {k: self.t(v) for k, v in self.c.site.quiz_ui}
        return json.dumps({**texts, "colon": colon(self.lang)}, ensure_ascii=False)

    def debrief_i18n(self) -> str:
        """The debrief script's texts, as JSON for a data attribute (escaped by the template)."""
        texts = {k: self.t(v) for k, v in self.c.debrief.ui}
        return json.dumps({**texts, "colon": colon(self.lang)}, ensure_ascii=False)


# Helper functions


def _workshop_helpers(c: Content, lang: str) -> dict:
    """What the workshop kit's templates use: times computed from the activities' steps and the sessions' blocks."""
    return {
        "schedule": lambda session: schedule(c, session),
        "step_times": step_times,
        "clock": clock,
        "length": lambda minutes: format_length(minutes, lang),
        "first_actions": first_actions,
        "sessions_using": lambda pitfall_id: sessions_using(c, pitfall_id),
    }


def export_paths(content: Content) -> dict[str, dict[str, str]]:
    """Site-relative path of each export of the knowledge checks: format -> language -> path.

    The formats, in the order the contributing page lists them (cmguide/exports.py writes each one).
    """
    endings = {"gift": "gift.txt", "moodle-xml": "moodle.xml", "qti": "qti12.zip", "aiken": "aiken.txt"}
    return {
        fmt: {lang: f"exports/cmguide-quiz-{lang}.{ending}" for lang in content.languages}
        for fmt, ending in endings.items()
    }


def reading_minutes(rendered: str) -> int:
    """Minutes to read a rendered page at WORDS_PER_MINUTE, its list of references left out (at least 1)."""
    text = re.sub(r'<ol class="cmg-refs">.*?</ol>', " ", rendered, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>|\{#[^}]*\}", " ", text))
    words = len(_WORD.findall(text))  # runs of non-space characters with a letter or a digit in them
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


_WORD = re.compile(r"\S*[^\W_]\S*")


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


def _own(text: str, lang: str) -> str:
    """A source's text with the spacing of its own language (a French title keeps French typography everywhere)."""
    return local({lang: text}, lang)


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
    return [Markup(one_line(p)) for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _markdown_escape(text: str) -> str:
    """Text that Markdown shows as-is: HTML escaped, Markdown punctuation backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line(text), quote=True))


@lru_cache(maxsize=4096)
def relative_url(from_dir: str, to_dir: str) -> str:
    rel = posixpath.relpath("/" + to_dir, "/" + from_dir) if from_dir != to_dir else "."
    return "./" if rel == "." else rel.rstrip("/") + "/"
