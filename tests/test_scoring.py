"""The self-assessment's scoring model (cmguide/scoring.py) and the page that applies it in the browser:
not applicable answers, risky habits that lift a band, severity in the profile; the knowledge checks' summary
and retry."""

from __future__ import annotations

import pytest
from test_quiz_browser import expected_results

from cmguide.loader import load_content
from cmguide.render import local
from cmguide.scoring import NOT_APPLICABLE, profile_for, scale_score, score_pitfall, statement_points
from conftest import ROOT, wait_for_status

CONTENT = load_content(ROOT)
A = CONTENT.assessment
LANGS = CONTENT.languages
PREFIX = {lang: "" if lang == CONTENT.default_language else f"{lang}/" for lang in LANGS}
UI = CONTENT.site.quiz_ui


def safest(statement) -> str:
    return min(A.scale, key=lambda o: statement_points(A, statement, o.id)).id


def riskiest(statement) -> str:
    return max(A.scale, key=lambda o: statement_points(A, statement, o.id)).id


def all_safe() -> dict[str, str]:
    return {s.id: safest(s) for item in CONTENT.statement_sets for s in item.statements}


def lowest(pitfall_id: str):
    return min(CONTENT.statements[pitfall_id].bands, key=lambda b: b.min)


def highest(pitfall_id: str):
    return max(CONTENT.statements[pitfall_id].bands, key=lambda b: b.min)


# The model, in Python


def test_scaling_rounds_half_up_to_the_whole_pitfall():
    assert scale_score(6, 12, 20) == 10
    assert scale_score(5, 12, 20) == 8  # 8.33
    assert scale_score(3, 8, 20) == 8  # 7.5 rounds up
    assert scale_score(0, 0, 20) == 0


@pytest.mark.parametrize("pitfall", [p.id for p in CONTENT.pitfalls])
def test_one_riskiest_answer_lifts_its_pitfall_out_of_the_lowest_band(pitfall):
    item = CONTENT.statements[pitfall]
    for position, statement in enumerate(item.statements, 1):
        if statement.direction != "risk":
            continue
        answers = {**all_safe(), statement.id: riskiest(statement)}
        result = score_pitfall(A, item, answers)
        assert result.band.id != lowest(pitfall).id, statement.id
        assert result.lifted_by == position
        if statement.critical:
            assert result.band.id == highest(pitfall).id


def test_a_critical_habit_often_is_enough_to_leave_the_lowest_band():
    item, statement = next((item, s) for item in CONTENT.statement_sets for s in item.statements if s.critical)
    often = sorted(A.scale, key=lambda o: o.points)[-2].id
    result = score_pitfall(A, item, {**all_safe(), statement.id: often})
    assert result.band.id != lowest(item.pitfall).id and result.band.id != highest(item.pitfall).id


def test_not_applicable_answers_are_left_out_of_the_score():
    item = CONTENT.statements[CONTENT.pitfalls[0].id]
    answers = {s.id: riskiest(s) for s in item.statements}
    answers[item.statements[0].id] = NOT_APPLICABLE
    answers[item.statements[1].id] = NOT_APPLICABLE
    result = score_pitfall(A, item, answers)
    top = max(o.points for o in A.scale)
    assert (result.answered, result.set_aside) == (len(item.statements) - 2, 2)
    assert (result.score, result.answered_max) == (top * (len(item.statements) - 2),) * 2
    assert result.scaled == result.full_max and result.band.id == highest(item.pitfall).id


def test_too_few_answers_place_no_band():
    item = CONTENT.statements[CONTENT.pitfalls[0].id]
    answers = {s.id: NOT_APPLICABLE for s in item.statements}
    for statement in item.statements[: A.min_answered - 1]:
        answers[statement.id] = safest(statement)
    assert score_pitfall(A, item, answers).band is None
    answers[item.statements[A.min_answered - 1].id] = safest(item.statements[A.min_answered - 1])
    assert score_pitfall(A, item, answers).band is not None


def test_a_pitfall_in_the_top_band_moves_the_profile_past_those_that_allow_none():
    items = [CONTENT.statements[p.id] for p in CONTENT.pitfalls]
    profiles = sorted(A.profiles, key=lambda p: p.min_at_risk)
    answers = all_safe()
    assert profile_for(A, [score_pitfall(A, i, answers) for i in items], items).id == profiles[0].id
    first = items[0]
    answers.update({s.id: riskiest(s) for s in first.statements})
    results = [score_pitfall(A, i, answers) for i in items]
    assert results[0].band.id == highest(first.pitfall).id
    by_count = next(p for p in profiles if p.min_at_risk <= 1 and (p.max_at_risk is None or 1 <= p.max_at_risk))
    assert by_count.max_high == 0  # one pitfall at risk would read "a few things to fine-tune"…
    expected = next(p for p in profiles if p.min_at_risk > by_count.min_at_risk and (p.max_high or 99) >= 1)
    assert profile_for(A, results, items).id == expected.id != by_count.id  # …but it is at the top


# The same model in the browser


def answer(page, answers: dict[str, str]) -> None:
    for statement_id, option in answers.items():
        page.locator(f"input[name='{statement_id}'][value='{option}']").check()
    page.get_by_role("button", name=local(UI.see_results, "fr")).click()
    page.locator("#results").wait_for(state="visible")


def bands_shown(page) -> dict[str, str]:
    rows = page.locator(".cmg-table tbody tr").all_inner_texts()
    return {row.split("\t")[0].strip(): row.split("\t")[2].strip() for row in rows}


@pytest.mark.parametrize("pitfall", [p.id for p in CONTENT.pitfalls])
def test_in_the_browser_one_riskiest_answer_lifts_its_pitfall(page, site_server, pitfall):
    item = CONTENT.statements[pitfall]
    statement = next(s for s in item.statements if s.direction == "risk")
    answers = {**all_safe(), statement.id: riskiest(statement)}
    page.goto(site_server.url + "self-assessment/")
    answer(page, answers)
    expected = score_pitfall(A, item, answers).band
    title = local(CONTENT.pitfall(pitfall).short_title, "fr")
    assert bands_shown(page)[title] == local(expected.label, "fr") != local(lowest(pitfall).label, "fr")
    before = CONTENT.pitfalls[: CONTENT.pitfalls.index(CONTENT.pitfall(pitfall))]
    number = sum(len(CONTENT.statements[p.id].statements) for p in before) + item.statements.index(statement) + 1
    lifted = local(UI.lifted, "fr").replace("{n}", str(number))
    assert lifted in page.locator("#results").inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_in_the_browser_not_applicable_is_set_aside_and_too_few_is_said(page, site_server, lang):
    first, second = (CONTENT.statements[p.id] for p in CONTENT.pitfalls[:2])
    answers = all_safe()
    answers[first.statements[0].id] = NOT_APPLICABLE
    for statement in second.statements[: len(second.statements) - A.min_answered + 1]:
        answers[statement.id] = NOT_APPLICABLE
    page.goto(site_server.url + PREFIX[lang] + "self-assessment/")
    for statement_id, option in answers.items():
        page.locator(f"input[name='{statement_id}'][value='{option}']").check()
    page.get_by_role("button", name=local(UI.see_results, lang)).click()
    page.locator("#results").wait_for(state="visible")
    rows = [tuple(c.strip() for c in r.split("\t")) for r in page.locator(".cmg-table tbody tr").all_inner_texts()]
    one = score_pitfall(A, first, answers)
    assert one.answered_max == max(o.points for o in A.scale) * (len(first.statements) - 1)
    assert rows == expected_results(lang, answers)
    title_one, title_two = (local(p.short_title, lang) for p in CONTENT.pitfalls[:2])
    assert dict((r[0], r[1]) for r in rows)[title_one] == f"{one.scaled}/{one.full_max}"
    assert rows[-1] == (title_two, "—", local(UI.unplaced, lang))  # not placed: listed last
    text = page.locator("#results").inner_text()
    assert local(UI.set_aside, lang).replace("{count}", "1") in text
    too_few = (
        local(UI.too_few, lang).replace("{min}", str(A.min_answered)).replace("{total}", str(len(second.statements)))
    )
    assert " ".join(too_few.split()) in " ".join(text.split())


def test_in_the_browser_one_pitfall_at_the_top_is_not_the_best_profile(page, site_server):
    items = [CONTENT.statements[p.id] for p in CONTENT.pitfalls]
    answers = {**all_safe(), **{s.id: riskiest(s) for s in items[0].statements}}
    page.goto(site_server.url + "en/self-assessment/")
    for statement_id, option in answers.items():
        page.locator(f"input[name='{statement_id}'][value='{option}']").check()
    page.get_by_role("button", name=local(UI.see_results, "en")).click()
    page.locator("#results").wait_for(state="visible")
    profile = profile_for(A, [score_pitfall(A, i, answers) for i in items], items)
    assert profile.id == max(A.profiles, key=lambda p: p.min_at_risk).id  # one at the top: the most attention
    heading = page.locator("#results h3").first.inner_text()
    assert heading.endswith(local(profile.label, "en"))


# Knowledge checks: a summary, what to reread, a retry of the missed ones


@pytest.mark.parametrize("lang", LANGS)
def test_knowledge_check_summary_and_retry(page, site_server, lang):
    pitfall = CONTENT.pitfalls[1]
    questions = CONTENT.checks[pitfall.id].questions
    page.goto(site_server.url + PREFIX[lang] + f"quiz/{pitfall.id}/")
    missed = questions[:2]
    for question in questions:
        fieldset = page.locator(f"#q-{question.id}")
        options = [o for o in question.options if o.correct != (question in missed)]
        for option in options[:1] if question in missed else options:
            fieldset.locator(f"input[value='{option.id}']").check()
        fieldset.locator("[data-check]").click()
        # feedback shown once: beside the options, not again in the list under the explanation
        assert fieldset.locator("[data-feedback-list]").is_hidden()
    summary = page.locator("[data-summary]")
    score = (
        local(UI.check_summary, lang)
        .replace("{score}", str(len(questions) - 2))
        .replace("{total}", str(len(questions)))
    )
    assert summary.locator(".cmg-summary-score").inner_text() == score
    links = summary.locator("a")
    assert links.count() == 2
    for link, question in zip(links.all(), missed, strict=True):
        assert link.get_attribute("href").endswith(f"pitfalls/{pitfall.id}/#{question.read}")
    summary.get_by_role("button", name=local(UI.retry, lang)).click()
    started = local(UI.retry_started, lang).replace("{count}", "2")
    assert wait_for_status(page, started) == started
    visible = [q.id for q in questions if page.locator(f"#q-{q.id}").is_visible()]
    assert visible == [q.id for q in missed]
    assert page.locator(f"#q-{missed[0].id} input").first.evaluate("el => el === document.activeElement")
    for question in missed:
        fieldset = page.locator(f"#q-{question.id}")
        for option in question.options:
            if option.correct:
                fieldset.locator(f"input[value='{option.id}']").check()
        fieldset.locator("[data-check]").click()
    all_score = (
        local(UI.check_summary, lang).replace("{score}", str(len(questions))).replace("{total}", str(len(questions)))
    )
    assert summary.locator(".cmg-summary-score").inner_text() == all_score
    assert local(UI.all_right, lang) in summary.inner_text()
    assert all(page.locator(f"#q-{q.id}").is_visible() for q in questions)
