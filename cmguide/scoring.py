"""The self-assessment's scoring model, in one place (the quiz script follows the same steps in the browser).

For each pitfall:
1. "Not applicable" answers are set aside; the score is the sum of the risk points of the other answers.
2. With fewer than ``min_answered`` answers, the pitfall is not placed in a band.
3. Otherwise the score is brought back to the scale of the whole pitfall (as if every statement had been
   answered at the same level), rounded half up, and read against the bands.
4. A risky habit can lift the band: any risk statement answered with the riskiest option puts the pitfall at
   least in the second band; on a statement marked critical, the second-riskiest option does the same and the
   riskiest puts it in the top band.
Overall: the profile is chosen by the number of placed pitfalls outside the lowest band, then moved on to the
next one while the number of pitfalls in their top band is over the profile's ``max_high``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import models as m

NOT_APPLICABLE = "na"  # the form value of the "Not applicable" answer


def statement_points(assessment: m.SelfAssessment, statement: m.Statement, option_id: str) -> int:
    """Risk points of an answer: the scale's points, reversed for a statement of good practice."""
    values = [o.points for o in assessment.scale]
    points = next(o.points for o in assessment.scale if o.id == option_id)
    return points if statement.direction == "risk" else max(values) + min(values) - points


@dataclass(frozen=True)
class PitfallResult:
    pitfall: str
    score: int  # over the statements answered
    answered_max: int  # the most those statements could give
    full_max: int  # the most the whole pitfall could give
    answered: int
    set_aside: int
    band: m.Band | None  # None: not enough answers to place it
    lifted_by: int | None  # 1-based position (in the pitfall) of the statement that lifted the band

    @property
    def scaled(self) -> int:
        return scale_score(self.score, self.answered_max, self.full_max)


def scale_score(score: int, answered_max: int, full_max: int) -> int:
    """The score over the answered statements, brought to the whole pitfall's scale, rounded half up."""
    return (2 * score * full_max + answered_max) // (2 * answered_max) if answered_max else 0


def score_pitfall(assessment: m.SelfAssessment, item: m.PitfallStatements, answers: dict[str, str]) -> PitfallResult:
    """The result of one pitfall for ``answers`` (statement id -> scale option id, or "na")."""
    top = max(o.points for o in assessment.scale)
    riskiest = sorted({o.points for o in assessment.scale}, reverse=True)
    bands = sorted(item.bands, key=lambda b: b.min)
    score = answered_max = answered = set_aside = 0
    floor, lifted_by = 0, None
    for position, statement in enumerate(item.statements, 1):
        choice = answers.get(statement.id)
        if choice is None or choice == NOT_APPLICABLE:
            set_aside += choice == NOT_APPLICABLE
            continue
        points = statement_points(assessment, statement, choice)
        score, answered_max, answered = score + points, answered_max + top, answered + 1
        if statement.direction != "risk":
            continue
        lift = 0
        if points == riskiest[0]:
            lift = len(bands) - 1 if statement.critical else 1
        elif statement.critical and len(riskiest) > 1 and points == riskiest[1]:
            lift = 1
        if min(lift, len(bands) - 1) > floor:
            floor, lifted_by = min(lift, len(bands) - 1), position
    full_max = top * len(item.statements)
    if answered < assessment.min_answered:
        return PitfallResult(item.pitfall, score, answered_max, full_max, answered, set_aside, None, None)
    scaled = scale_score(score, answered_max, full_max)
    by_score = next(i for i, b in enumerate(bands) if b.min <= scaled <= b.max)
    index = max(by_score, floor)
    return PitfallResult(
        item.pitfall,
        score,
        answered_max,
        full_max,
        answered,
        set_aside,
        bands[index],
        lifted_by if index > by_score else None,
    )


def profile_for(assessment: m.SelfAssessment, results: list[PitfallResult], items: list[m.PitfallStatements]):
    """The overall profile: by the number of placed pitfalls outside the lowest band, then the next profile
    while more pitfalls are in their top band than the profile allows."""
    at_risk = high = 0
    for result, item in zip(results, items, strict=True):
        if result.band is None:
            continue
        bands = sorted(item.bands, key=lambda b: b.min)
        at_risk += result.band.id != bands[0].id
        high += result.band.id == bands[-1].id
    profiles = sorted(assessment.profiles, key=lambda p: p.min_at_risk)
    index = next(
        i
        for i, p in enumerate(profiles)
        if p.min_at_risk <= at_risk and (p.max_at_risk is None or at_risk <= p.max_at_risk)
    )
    while profiles[index].max_high is not None and high > profiles[index].max_high and index + 1 < len(profiles):
        index += 1
    return profiles[index]
