"""Freshness: each page's review dates, the day it is today, and the rule that warns when a review is due.

Why a warning and not an error: a date passes on its own, with no change to the content. If it failed the
normal build, the site would stop building on a morning when nobody touched it. So REVIEW-DUE never fails
`mkdocs build` or `./dev validate`; `./dev validate --strict-dates` turns it into a failure, for a scheduled
job that opens an issue. The day can be set with CMGUIDE_TODAY=YYYY-MM-DD (tests, or a reproducible rebuild).
"""

from __future__ import annotations

import datetime as _dt

from . import models as m
from .checks import At, Context, check
from .content import Content
from .pages import KINDS
from .today import today

#: a page model with `reviewed` and `review_by` (every page of the table whose item has them)
Reviewed = m.Home | m.Pitfall | m.Role | m.Law | m.PromptKit | m.Checklist | m.Calendar


def review_dates(day: str) -> tuple[str, str]:
    """A page reviewed on ``day`` and its next review six months later (the month's last day when shorter)."""
    when = _dt.date.fromisoformat(day)
    month = when.month + 6
    year, month = when.year + (month - 1) // 12, (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day, _dt.date(year, month, min(when.day, last)).isoformat()
        except ValueError:
            continue
    raise AssertionError("unreachable")


def reviewed_pages(content: Content) -> list[tuple[str, str, Reviewed]]:
    """Every page that carries review dates: (kind, id, item), in reading order."""
    return [
        (kind.name, page_id, item)
        for kind in KINDS.values()
        for page_id, item in kind.pages(content)
        if getattr(item, "review_by", None) is not None
    ]


def due_pages(content: Content, day: str | None = None) -> list[tuple[str, str, Reviewed]]:
    """The pages whose review_by date is before ``day`` (today), most overdue first."""
    day = day or today()
    return sorted((p for p in reviewed_pages(content) if p[2].review_by < day), key=lambda p: p[2].review_by)


@check("REVIEW-DUE")
def review_due(ctx: Context, at: At) -> None:
    """A page's review_by date has passed (and reviewed comes before review_by)."""
    day = today()
    for _kind, _id, item in reviewed_pages(ctx.content):
        home = isinstance(item, m.Home)
        doc = ctx.content.doc_of(ctx.content.site if home else item)
        loc = ("home", "review_by") if home else ("review_by",)
        if item.review_by < day:
            at(
                doc,
                loc,
                "REVIEW-DUE",
                f"review_by {item.review_by} has passed: check the page's facts against its sources",
                "then set `reviewed:` to today and `review_by:` six months later",
            )
        elif item.review_by < item.reviewed:
            at(
                doc,
                loc,
                "REVIEW-DUE",
                f"review_by {item.review_by} comes before reviewed {item.reviewed}",
                "set `review_by:` six months after `reviewed:`",
            )
