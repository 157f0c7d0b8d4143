"""The facilitator's kit: session formats laid out in time, and the rules on activities and sessions.

A session format lists its blocks by id: a segment of guidance/workshop.yml (opening, break, closing…) or a
pitfall id, which stands for that pitfall's activity (guidance/activities/<pitfall-id>.yml). Start and end
times, totals and lengths are computed here, never written by hand. The rules (WORKSHOP-*, and the workshop's
ids and cross-references) are checks registered in ``checks.CHECKS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from . import models as m
from .checks import At, Context, check, guess, unique
from .content import Content
from .yamlio import Document, Loc

#: how many of a pitfall's actions its handout lists (priority ones first)
FIRST_ACTIONS = 3
#: a session past this many minutes needs a break (WORKSHOP-PLAN)
BREAK_AFTER = 120
#: the longest time the room spends without a break, in a long session (WORKSHOP-PLAN)
MAX_STRETCH = 120


@dataclass(frozen=True)
class Slot:
    """One block of a session in time: minutes from the start, and what fills it."""

    start: int
    end: int
    block: str  # the block id as written
    segment: m.Segment | None = None
    activity: m.Activity | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


def schedule(content: Content, session: m.SessionFormat) -> list[Slot]:
    """The blocks of ``session`` with their computed times (blocks that name nothing known are skipped)."""
    segments = {s.id: s for s in content.workshop.segments} if content.workshop else {}
    slots: list[Slot] = []
    now = 0
    for block in session.blocks:
        segment, activity = segments.get(block), content.activities.get(block)
        minutes = segment.minutes if segment else activity.duration if activity else None
        if minutes is None:
            continue
        slots.append(Slot(now, now + minutes, block, segment, activity))
        now += minutes
    return slots


def step_times(activity: m.Activity) -> list[tuple[int, int, m.ActivityStep]]:
    """Each step of an activity with its start and end, in minutes from the activity's start."""
    out, now = [], 0
    for step in activity.steps:
        out.append((now, now + step.minutes, step))
        now += step.minutes
    return out


def clock(minutes: int) -> str:
    """Minutes from the start as a clock time: 0:05, 1:45."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def first_actions(pitfall: m.Pitfall, count: int = FIRST_ACTIONS) -> list[m.Action]:
    """The actions a handout lists: the pitfall's priority actions first, then the others, in page order."""
    return sorted(pitfall.actions, key=lambda action: not action.priority)[:count]


def sessions_using(content: Content, pitfall_id: str) -> list[m.SessionFormat]:
    """The session formats that run a pitfall's activity."""
    return [f for f in content.workshop.formats if pitfall_id in f.blocks] if content.workshop else []


# Rules


@check("WORKSHOP-COVERAGE")
def workshop_coverage(ctx: Context, at: At) -> None:
    """With a workshop kit, every pitfall has its activity."""
    content = ctx.content
    if content.workshop is None:
        return
    covered = {a.pitfall for a in content.activity_sets}
    for pitfall_id, pitfall in ctx.pitfall_ids.items():
        if pitfall_id not in covered and pitfall_id not in content.unloaded_activities:
            at(
                content.doc_of(pitfall),
                ("id",),
                "WORKSHOP-COVERAGE",
                f"pitfall '{pitfall_id}' has no workshop activity",
                f"add guidance/activities/{pitfall_id}.yml",
            )


@check("WORKSHOP-TIME")
def workshop_time(ctx: Context, at: At) -> None:
    """An activity lasts 20 to 30 minutes and its steps add up to it; a session's blocks add up to its length."""
    content = ctx.content
    low, high = m.ACTIVITY_MINUTES
    for activity in content.activity_sets:
        doc = content.doc_of(activity)
        steps = sum(step.minutes for step in activity.steps)
        if not low <= activity.duration <= high:
            at(
                doc,
                ("duration",),
                "WORKSHOP-TIME",
                f"activity '{activity.pitfall}' lasts {activity.duration} minutes; an activity lasts {low} to "
                f"{high} minutes",
                "shorten or lengthen its steps, then set `duration:` to their total",
            )
        if steps != activity.duration:
            at(
                doc,
                ("duration",),
                "WORKSHOP-TIME",
                f"the steps add up to {steps} minutes, but `duration` says {activity.duration}",
                "change a step's `minutes:` or the `duration:` so that they agree",
            )
    if content.workshop is None:
        return
    doc = content.doc_of(content.workshop)
    for i, session in enumerate(content.workshop.formats):
        total = sum(slot.minutes for slot in schedule(content, session))
        known = len(schedule(content, session)) == len(session.blocks)
        if known and total != session.minutes:
            shown = ", ".join(f"{slot.block} {slot.minutes}" for slot in schedule(content, session))
            at(
                doc,
                ("formats", i, "minutes"),
                "WORKSHOP-TIME",
                f"the blocks of '{session.id}' add up to {total} minutes ({shown}), but `minutes` says "
                f"{session.minutes}",
                "add, remove or resize a block (a segment's `minutes:`), or change the session's `minutes:`",
            )


@check("WORKSHOP-PLAN")
def workshop_plan(ctx: Context, at: At) -> None:
    """A session opens with an opening and ends with a closing (the self-assessment before and after), runs each
    block once, and a long one has a break with no stretch longer than two hours."""
    content = ctx.content
    if content.workshop is None:
        return
    doc = content.doc_of(content.workshop)
    kinds = {s.id: s.kind for s in content.workshop.segments}
    for i, session in enumerate(content.workshop.formats):
        _plan_shape(at, doc, ("formats", i, "blocks"), session, kinds)
        slots = schedule(content, session)
        if len(slots) != len(session.blocks) or session.minutes <= BREAK_AFTER:
            continue
        stretch, longest = 0, 0
        for slot in slots:
            stretch = 0 if slot.segment and slot.segment.kind == "break" else stretch + slot.minutes
            longest = max(longest, stretch)
        if longest > MAX_STRETCH:
            at(
                doc,
                ("formats", i, "blocks"),
                "WORKSHOP-PLAN",
                f"session '{session.id}' runs {longest} minutes without a break (at most {MAX_STRETCH})",
                "add a segment of `kind: break` between two blocks",
            )


def _plan_shape(at: At, doc: Document, loc: Loc, session: m.SessionFormat, kinds: dict[str, str]) -> None:
    """The opening first, the closing last, and no block twice (but a break)."""
    first, last = session.blocks[0], session.blocks[-1]
    if kinds.get(first) != "opening":
        at(
            doc,
            loc + (0,),
            "WORKSHOP-PLAN",
            f"session '{session.id}' starts with '{first}', not with an opening",
            "start with a segment of `kind: opening` (the self-assessment, before)",
        )
    if kinds.get(last) != "closing":
        at(
            doc,
            loc + (len(session.blocks) - 1,),
            "WORKSHOP-PLAN",
            f"session '{session.id}' ends with '{last}', not with a closing",
            "end with a segment of `kind: closing` (the self-assessment again, after)",
        )
    seen: set[str] = set()
    for j, block in enumerate(session.blocks):
        if block in seen and kinds.get(block) != "break":
            at(
                doc,
                loc + (j,),
                "WORKSHOP-PLAN",
                f"'{block}' comes twice in session '{session.id}'",
                "run each activity and segment once per session",
            )
        seen.add(block)


@check("REF-UNKNOWN")
def workshop_unknown(ctx: Context, at: At) -> None:
    """An activity names a pitfall that exists; a session's blocks name a segment or a pitfall with an activity."""
    content = ctx.content
    for activity in content.activity_sets:
        if activity.pitfall not in ctx.pitfall_ids and activity.pitfall not in content.unloaded_pitfalls:
            at(
                content.doc_of(activity),
                ("pitfall",),
                "REF-UNKNOWN",
                f"unknown pitfall '{activity.pitfall}'{guess(activity.pitfall, ctx.pitfall_ids)}",
                "use the id of a file in guidance/pitfalls/",
            )
    if content.workshop is None:
        return
    doc = content.doc_of(content.workshop)
    known = [s.id for s in content.workshop.segments] + list(content.activities)
    unloaded = content.unloaded_activities | content.unloaded_pitfalls
    for i, session in enumerate(content.workshop.formats):
        for j, block in enumerate(session.blocks):
            if block not in known and block not in unloaded:
                at(
                    doc,
                    ("formats", i, "blocks", j),
                    "REF-UNKNOWN",
                    f"unknown block '{block}'{guess(block, known)}",
                    "name a segment of this file or a pitfall that has an activity in guidance/activities/",
                )


@check("ID-FILENAME")
def activity_file_name(ctx: Context, at: At) -> None:
    """An activity file is named after its pitfall."""
    for activity in ctx.content.activity_sets:
        doc = ctx.content.doc_of(activity)
        if activity.pitfall != PurePath(doc.path).stem:
            at(
                doc,
                ("pitfall",),
                "ID-FILENAME",
                f"pitfall '{activity.pitfall}' does not match the file name '{PurePath(doc.path).name}'",
                f"name the file guidance/activities/{activity.pitfall}.yml",
            )


@check("ID-DUPLICATE")
def workshop_ids(ctx: Context, at: At) -> None:
    """One activity per pitfall, step ids unique in an activity; segment and session ids unique, and no segment
    takes a pitfall's id (a session's block would mean both)."""
    content = ctx.content
    first: dict[str, str] = {}
    for activity in content.activity_sets:
        doc = content.doc_of(activity)
        if activity.pitfall in first:
            at(
                doc,
                ("pitfall",),
                "ID-DUPLICATE",
                f"pitfall '{activity.pitfall}' already has its activity in {first[activity.pitfall]}",
                "keep one activity file per pitfall",
            )
        first.setdefault(activity.pitfall, doc.path)
        unique(at, doc, activity.steps, ("steps",), "step")
    if content.workshop is None:
        return
    doc = content.doc_of(content.workshop)
    unique(at, doc, content.workshop.segments, ("segments",), "segment")
    unique(at, doc, content.workshop.formats, ("formats",), "session format")
    for i, segment in enumerate(content.workshop.segments):
        if segment.id in ctx.pitfall_ids:
            at(
                doc,
                ("segments", i, "id"),
                "ID-DUPLICATE",
                f"segment id '{segment.id}' is also a pitfall id",
                "give the segment another id",
            )
