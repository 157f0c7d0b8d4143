"""Self-assessment results a person acts on (issue #13): visible under the header, ordered by risk, a chart
readable on a phone, a prioritised plan that prints on two A4 pages, a reset that asks, unanswered statements
marked, a dated history and an export that loads back. Exact values come from the YAML and cmguide/scoring.py."""

from __future__ import annotations

import io
import json

import pytest
from helpers import AXE_SOURCE, CONTENT, LANGS, PREFIX, expected_results, keyboard_answers, ordered_results, table_rows

from cmguide.render import local
from conftest import wait_for_status

UI = CONTENT.site.quiz_ui
KEY = "cmguide:assessment/self-assessment"
HISTORY = "cmguide:history:assessment/self-assessment"


def open_assessment(page, site_server, lang: str = "fr", width: int = 1280) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_server.url + PREFIX[lang] + "self-assessment/")


def submit(page, answers: dict[str, str], lang: str = "fr") -> None:
    for statement_id, option in answers.items():
        page.locator(f"input[name='{statement_id}'][value='{option}']").check()
    page.get_by_role("button", name=local(UI.see_results, lang)).click()
    page.locator("#results").wait_for(state="visible")


def at_risk(answers=None) -> list:
    return [p for p, r in ordered_results(answers) if r.band is not None and r.band.level != "low"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", LANGS)
def test_results_show_below_the_header_highest_risk_first(page, site_server, lang, width):
    open_assessment(page, site_server, lang, width)
    submit(page, keyboard_answers(), lang)
    assert page.evaluate("document.activeElement.id") == "results"
    page.wait_for_timeout(300)  # any scrolling done
    header = page.locator(".md-header").bounding_box()
    title = page.locator("#results-title").bounding_box()
    assert title["y"] >= header["y"] + header["height"]  # not under the sticky header
    assert title["y"] + title["height"] <= page.viewport_size["height"]  # and on screen
    # the profile first, then the pitfalls from the highest risk, each with its band, score and next step
    headings = page.locator("#results h3").all_inner_texts()
    expected = expected_results(lang)
    assert headings[0].startswith(local(UI.profile, lang))
    assert headings[1 : 1 + len(expected)] == [f"{title} — {band} ({score})" for title, score, band in expected]
    assert table_rows(page) == expected
    risky = at_risk()
    next_steps = page.locator("#results .cmg-next").all_inner_texts()
    colon = "\u00a0: " if lang == "fr" else ": "
    assert next_steps == [
        local(UI.next_step, lang) + colon + " ".join(local(next(a for a in p.actions if a.priority).text, lang).split())
        for p in risky
    ]
    # links that say where they lead, all different
    links = page.locator("#results .cmg-read a").all_inner_texts()
    assert len(links) == len(set(links)) > 0
    assert links == [
        local(UI.read_link, lang).format(
            section=local(getattr(CONTENT.site.ui, section.replace("-", "_")), lang),
            pitfall=local(pitfall.short_title, lang),
        )
        for pitfall, result in ordered_results()
        if result.band is not None
        for section in result.band.read
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_chart_is_readable_at_320px_with_thresholds_and_a_legend(page, site_server, lang):
    open_assessment(page, site_server, lang, 320)
    submit(page, keyboard_answers(), lang)
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.cmg-chart *, .cmg-legend *')]
        .filter(n => [...n.childNodes].some(c => c.nodeType === 3 && c.textContent.trim()))
        .map(n => parseFloat(getComputedStyle(n).fontSize))"""
    )
    print(f"\nchart text at 320 px: {min(sizes)}–{max(sizes)} px")
    assert len(sizes) >= 2 * len(CONTENT.pitfalls) and min(sizes) >= 12
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # a line at each band threshold (every band but the lowest), on each pitfall's scale
    rows = page.locator(".cmg-chart .cmg-row")
    assert rows.count() == len(CONTENT.pitfalls)
    for i, (pitfall, result) in enumerate(ordered_results()):
        bands = sorted(CONTENT.statements[pitfall.id].bands, key=lambda b: b.min)
        lines = rows.nth(i).locator("line.cmg-th")
        assert [float(x) for x in lines.evaluate_all("ls => ls.map(l => l.getAttribute('x1'))")] == [
            b.min for b in bands[1:]
        ]
        assert rows.nth(i).locator("svg").get_attribute("viewBox") == f"0 0 {result.full_max} 1"
        title, score, band = expected_results(lang)[i]
        assert rows.nth(i).inner_text().split("\n") == [title, f"{score} · {band}"]  # band in words
    legend = page.locator(".cmg-legend").inner_text()
    for level in ("low", "moderate", "high"):
        band = next(b for b in CONTENT.statement_sets[0].bands if b.level == level)
        assert local(band.label, lang) in legend
    assert local(UI.thresholds, lang) in legend


def test_reset_asks_cancel_keeps_everything_confirm_clears(page, site_server):
    open_assessment(page, site_server)
    submit(page, keyboard_answers())
    page.locator(".cmg-plan input").first.check()
    saved = page.evaluate(f"localStorage.getItem('{KEY}')")
    reset = page.get_by_role("button", name=local(UI.reset, "fr"))
    reset.click()
    dialog = page.get_by_role("dialog", name=local(UI.reset_ask, "fr"))
    dialog.wait_for(state="visible")  # the dialog opens on the click's task: wait, then assert
    # Cancel has the focus; Escape cancels too
    assert page.evaluate("document.activeElement.textContent") == local(UI.cancel, "fr")
    page.keyboard.press("Escape")
    page.locator("dialog").wait_for(state="detached")
    assert page.locator("dialog").count() == 0
    assert wait_for_status(page, local(UI.kept, "fr")) == local(UI.kept, "fr")
    assert page.evaluate("document.activeElement.textContent") == local(UI.reset, "fr")
    reset.click()
    page.locator("dialog.cmg-dialog").get_by_role("button", name=local(UI.cancel, "fr")).click()
    page.locator("dialog").wait_for(state="detached")
    assert page.locator("form.cmg-assessment input:checked").count() == len(keyboard_answers())
    assert page.locator(".cmg-plan input").first.is_checked() and page.locator("#results").is_visible()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == saved
    reset.click()
    page.locator("dialog.cmg-dialog").get_by_role("button", name=local(UI.confirm, "fr")).click()
    assert wait_for_status(page, local(UI.reset_done, "fr"))
    assert page.locator("form.cmg-assessment input:checked").count() == 0
    assert page.locator("#results").is_hidden()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None


def test_knowledge_check_reset_asks_too(page, site_server):
    pitfall = CONTENT.pitfalls[0]
    page.goto(site_server.url + f"en/quiz/{pitfall.id}/")
    page.locator("fieldset.cmg-q input").first.check()
    page.get_by_role("button", name=local(UI.reset, "en")).click()
    page.get_by_role("dialog", name=local(UI.reset_ask_check, "en")).get_by_role(
        "button", name=local(UI.cancel, "en")
    ).click()
    page.locator("dialog").wait_for(state="detached")
    assert page.locator("fieldset.cmg-q input").first.is_checked()
    page.get_by_role("button", name=local(UI.reset, "en")).click()
    page.locator("dialog.cmg-dialog").get_by_role("button", name=local(UI.confirm, "en")).click()
    page.locator("dialog").wait_for(state="detached")
    assert not page.locator("fieldset.cmg-q input").first.is_checked()


@pytest.mark.parametrize("lang", LANGS)
def test_missing_answers_are_marked_announced_and_cleared(page, site_server, lang):
    open_assessment(page, site_server, lang, 390)
    answers = keyboard_answers()
    ids = list(answers)
    left = [ids[3], ids[10], ids[-1]]
    submit_button = page.get_by_role("button", name=local(UI.see_results, lang))
    for statement_id in ids:
        if statement_id not in left:
            page.locator(f"input[name='{statement_id}'][value='{answers[statement_id]}']").check()
    submit_button.click()
    message = local(UI.incomplete, lang).replace("{count}", "3")
    assert wait_for_status(page, message) == message
    assert page.locator("#results").is_hidden()
    marked = page.locator("fieldset[aria-invalid=true]")
    assert [marked.nth(i).get_attribute("id") for i in range(marked.count())] == [f"q-{i}" for i in left]
    for statement_id in left:  # in words, not by colour alone
        assert page.locator(f"#q-{statement_id} legend .cmg-missing").inner_text() == " — " + local(UI.missing, lang)
    # the message sits just before the first unanswered statement, which has the focus and is on screen
    note = page.locator(".cmg-missing-msg")
    assert note.inner_text() == message
    assert note.evaluate("n => n.nextElementSibling.id") == f"q-{left[0]}"
    assert page.evaluate("document.activeElement.name") == left[0]
    header = page.locator(".md-header").bounding_box()
    box = note.bounding_box()
    assert header["y"] + header["height"] <= box["y"] and box["y"] + box["height"] <= 800
    # the marks clear as answers come
    page.locator(f"input[name='{left[0]}'][value='{answers[left[0]]}']").check()
    assert (
        page.locator("fieldset[aria-invalid]").count() == 2 and page.locator(f"#q-{left[0]} .cmg-missing").count() == 0
    )
    for statement_id in left[1:]:
        page.locator(f"input[name='{statement_id}'][value='{answers[statement_id]}']").check()
    assert page.locator("fieldset[aria-invalid], .cmg-missing, .cmg-missing-msg").count() == 0
    submit_button.click()
    page.locator("#results").wait_for(state="visible")


def test_history_after_two_submissions_shows_the_change(page, site_server):
    first = keyboard_answers()
    open_assessment(page, site_server, "en")
    submit(page, first, "en")
    assert page.locator("#results").inner_text().count(" ".join(local(UI.history_first, "en").split())) == 1
    pitfall = ordered_results(first)[0][0]
    safer = dict(first)
    for statement in CONTENT.statements[pitfall.id].statements:  # the riskiest pitfall, now all safe
        safer[statement.id] = min(
            CONTENT.assessment.scale,
            key=lambda o: o.points if statement.direction == "risk" else -o.points,
        ).id
    submit(page, safer, "en")
    history = json.loads(page.evaluate(f"localStorage.getItem('{HISTORY}')"))
    assert len(history) == 2 and all(set(e) == {"d", "v", "s"} for e in history)
    before = {p.id: r for p, r in ordered_results(first)}[pitfall.id]
    after = {p.id: r for p, r in ordered_results(safer)}[pitfall.id]
    assert history[0]["s"][pitfall.id] == [before.scaled, before.band.id]
    assert history[1]["s"][pitfall.id] == [after.scaled, after.band.id]
    rows = {
        r.split("\t")[0].strip(): [c.strip() for c in r.split("\t")[1:]]
        for r in page.locator(".cmg-history tbody tr").all_inner_texts()
    }
    change = after.scaled - before.scaled
    assert change < 0
    assert rows[local(pitfall.short_title, "en")] == [
        str(before.scaled),
        str(after.scaled),
        f"−{-change}",
    ]
    unchanged = ordered_results(first)[-1][0]
    assert rows[local(unchanged.short_title, "en")][-1] == "="
    # bounded: the last 12 only
    for _ in range(12):
        page.get_by_role("button", name=local(UI.see_results, "en")).click()
    assert len(json.loads(page.evaluate(f"localStorage.getItem('{HISTORY}')"))) == 12


def export(page, lang: str = "fr") -> dict:
    with page.expect_download() as info:
        page.get_by_role("button", name=local(UI.download, lang)).click()
    return json.loads(open(info.value.path(), encoding="utf-8").read())


def load(page, data, lang: str = "fr") -> str:
    raw = data if isinstance(data, str) else json.dumps(data)
    page.locator("#cmg-import").set_input_files(
        files=[{"name": "export.json", "mimeType": "application/json", "buffer": raw.encode()}]
    )
    return wait_for_status(page)


def test_export_then_import_round_trips_answers_and_plan(browser, site_server):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        open_assessment(page, site_server)
        submit(page, keyboard_answers())
        page.locator(".cmg-plan input").nth(1).check()
        data = export(page)
        assert data["plan"] == {
            page.locator(".cmg-plan li")
            .nth(1)
            .evaluate("li => li.querySelector('input').id")
            .removeprefix("plan-")
            .replace("--", "/"): True
        }
        # another browser: nothing saved, then the file
        page.evaluate("localStorage.clear()")
        page.reload()
        assert page.locator("form.cmg-assessment input:checked").count() == 0
        assert load(page, data) == local(UI.import_done, "fr")
        checked = page.locator("form.cmg-assessment input:checked").evaluate_all(
            "ins => Object.fromEntries(ins.map(i => [i.name, i.value]))"
        )
        assert checked == keyboard_answers()
        assert table_rows(page) == expected_results("fr")
        assert page.locator(".cmg-plan input").nth(1).is_checked()
        assert page.locator(".cmg-plan input:checked").count() == 1
        assert json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["plan"] == data["plan"]
    finally:
        context.close()


def test_a_tampered_or_foreign_import_is_refused_with_a_message(browser, site_server):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        open_assessment(page, site_server, "en")
        submit(page, keyboard_answers(), "en")
        data = export(page, "en")
        page.evaluate("localStorage.clear()")
        page.reload()
        first = next(iter(keyboard_answers()))
        cases = [
            ("{not json", UI.import_bad),
            ("[]", UI.import_bad),
            ({**data, "answers": {**data["answers"], first: ["<img src=x onerror=alert(1)>"]}}, UI.import_bad),
            ({**data, "answers": {**data["answers"], "no-such-statement": ["often"]}}, UI.import_bad),
            ({**data, "plan": {"x/y": True}}, UI.import_bad),
            ({**data, "plan": {k: "yes" for k in data["plan"]} or {"a": "yes"}}, UI.import_bad),
            ({**data, "pitfalls": "none"}, UI.import_bad),
            ({**data, "version": "old"}, UI.import_other),
            ({**data, "quiz": "check/full-automation"}, UI.import_other),
        ]
        for raw, message in cases:
            page.evaluate("document.querySelector('[data-status]').textContent = ''")
            assert load(page, raw, "en") == local(message, "en"), raw
            assert page.locator("form.cmg-assessment input:checked").count() == 0  # nothing changed
            assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
        assert page.locator("img[src=x]").count() == 0
    finally:
        context.close()
    assert errors == []


def test_plan_with_four_pitfalls_at_risk_prints_on_at_most_two_a4_pages(page, site_server):
    from pypdf import PdfReader

    assert len(at_risk()) == 4
    open_assessment(page, site_server, "fr")
    submit(page, keyboard_answers())
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    print(f"\nresults with 4 pitfalls at risk: {len(reader.pages)} A4 page(s)")
    assert len(reader.pages) <= 2
    for pitfall in at_risk():
        for action in pitfall.actions:
            if action.priority:
                assert " ".join(local(action.text, "fr").split()[:6]) in text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_results(browser, site_server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        open_assessment(page, site_server, "fr", 390)
        if scheme == "dark":
            page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        answers = keyboard_answers()
        submit(page, answers)
        submit(page, answers)  # with the history table
        page.locator("#results details").first.evaluate("d => d.open = true")
        page.evaluate(AXE_SOURCE)
        run = "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes[0].target.join(' '))"
        assert page.evaluate(run) == []
        # with unanswered statements marked, and with the reset dialog open
        page.get_by_role("button", name=local(UI.reset, "fr")).click()
        page.locator("dialog.cmg-dialog").get_by_role("button", name=local(UI.confirm, "fr")).click()
        page.get_by_role("button", name=local(UI.see_results, "fr")).click()
        wait_for_status(page)
        page.get_by_role("button", name=local(UI.reset, "fr")).click()
        assert page.evaluate(run) == []
    finally:
        context.close()
