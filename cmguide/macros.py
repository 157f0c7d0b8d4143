"""Hand-written pages: the macros they may call (they show a piece of a pitfall's content), the check of their
calls, and the group of the navigation a page asks to be in (`nav_group` in its front matter).

Apart from the renderer so that a build read from the cache (see sitedata) can read a page without loading the
content's models.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    from .content import Content

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


_FRONT = re.compile(r"---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
_NAV_GROUP = re.compile(r"nav_group:[ \t]*(.*?)[ \t]*$", re.M)


def nav_group(source: str, path: str, groups: list[str]) -> tuple[str | None, list[Problem]]:
    """The group a hand-written page asks to be listed in (``nav_group: workshops`` in its front matter), or None
    for the default place (before Sources); ``groups``: those of this site's navigation."""
    front = _FRONT.match(source)
    found = _NAV_GROUP.search(front.group(1)) if front else None
    if found is None:
        return None, []
    name = found.group(1).strip("\"'")
    if name in groups:
        return name, []
    line = source[: front.start(1) + found.start()].count("\n") + 1
    guess = difflib.get_close_matches(name, groups, n=1, cutoff=0.6)
    message = f"nav_group: no group '{name}' in the navigation" + (f" (did you mean '{guess[0]}'?)" if guess else "")
    hint = f"use one of: {', '.join(groups)}, or leave nav_group out (the page then comes before Sources)"
    return None, [Problem(path, line, 1, "PAGE-NAV", message, hint)]
