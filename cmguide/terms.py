"""Links from the first use of a glossary term on a page to its entry in the glossary.

The page is already rendered and escaped when it gets here: every text from YAML went through Jinja's
autoescape, so the only ``<`` and ``&`` left are the renderer's own tags and entities. One compiled regular
expression walks the page once, left to right. At each place it first tries what is never linked and keeps it as
it is (a whole element whose text must stay plain: a link, code, a quotation title, a button…; any other tag; an
entity; a Markdown heading line), then a form of a term. A form is words of letters and digits (the model refuses
anything else), so what it matches is plain text between tags: a link wrapped around it cannot break a tag or an
entity. Each term is linked once per page, at its first use.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from . import models as m
from .rules import form_key

#: elements whose text is never linked: links themselves (no link in a link), code, the titles of cited works,
#: disclosure summaries, form controls and their labels, dates, and anything a browser does not show as text
PLAIN_ELEMENTS = (
    "a",
    "code",
    "pre",
    "cite",
    "summary",
    "button",
    "label",
    "legend",
    "time",
    "script",
    "style",
    "textarea",
    "select",
    "option",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
)

_KEPT = (
    rf"<(?P<tag>{'|'.join(PLAIN_ELEMENTS)})\b[^>]*>[\s\S]*?</(?P=tag)\s*>"  # a plain element, whole
    r'|<ol class="cmg-refs">[\s\S]*?</ol>'  # a page's list of references
    r"|<[^>]*>"  # any other tag
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"  # an entity
    r"|^#{1,6}[ \t][^\n]*"  # a Markdown heading, with its {#id}
)
_SPACE = r"[ \t\n\u00a0\u202f]+"  # between the words of a form: any space the renderer may have put there


class TermLinker:
    """The glossary's forms in one language, ready to link pages: ``link(page, href)``."""

    def __init__(self, glossary: m.Glossary, lang: str, local: Callable[[dict[str, str], str], str]):
        #: each form (as compared: case folded) -> the id of its entry; the first entry wins (GLOSSARY-FORM reports)
        self.owner: dict[str, str] = {}
        for term in glossary.terms:
            for form in term.forms.get(lang, []):
                self.owner.setdefault(form_key(form), term.id)
        self.label = local(glossary.link_label, lang)
        # longest forms first: at one place, « chaînage de prompts » wins over « chaînage »
        forms = sorted(self.owner, key=lambda form: (-len(form), form))
        alternation = "|".join(_SPACE.join(re.escape(word) for word in form.split(" ")) for form in forms)
        term = rf"(?<![\w-])(?P<term>{alternation})(?![\w-])" if forms else r"(?P<term>(?!))"
        self.pattern = re.compile(rf"(?P<kept>{_KEPT})|{term}", re.IGNORECASE | re.MULTILINE)

    def link(self, page: str, href: str) -> str:
        """The page with the first use of each term linked to ``href#<term id>`` (``href``: the glossary page)."""
        linked: set[str] = set()

        def replace(match: re.Match) -> str:
            text = match["term"]
            if text is None:
                return match[0]
            term_id = self.owner.get(form_key(text))
            if term_id is None or term_id in linked:
                return text
            linked.add(term_id)
            label = html.escape(self.label.replace("{term}", html.unescape(text)), quote=True)
            return (
                f'<a class="cmg-term" href="{html.escape(href, quote=True)}#{term_id}" aria-label="{label}">{text}</a>'
            )

        return self.pattern.sub(replace, page)
