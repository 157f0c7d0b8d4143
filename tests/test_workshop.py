"""The facilitator's kit (issue #17): activities and session plans from YAML, times computed, and a handout per
pitfall that prints on exactly one A4 page in each language."""

from __future__ import annotations

import io
import re

import pytest
from helpers import CONTENT, LANGS, PREFIX

from cmguide.loader import load_content
from cmguide.locales import format_length
from cmguide.render import local
from cmguide.workshop import clock, first_actions, schedule, step_times
from conftest import MINIMAL, make_project, mkdocs_build
from htmlcheck import read_page

A4_POINTS = (595, 842)  # 210 x 297 mm in PDF points, rounded


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _plain(text: str) -> str:
    return re.sub(r"\*\*?", "", text)


def _inside(page, parent, tag: str) -> list:
    """The elements ``tag`` anywhere inside ``parent``."""

    def within(el) -> bool:
        while el is not None:
            if el is parent:
                return True
            el = el.parent
        return False

    return [el for el in page.elements if el.tag == tag and el is not parent and within(el.parent)]


# Times


def test_times_are_computed_from_the_blocks_and_the_steps(tmp_path):
    content = load_content(make_project(tmp_path / "p", MINIMAL))
    assert content.problems == []
    long = next(f for f in content.workshop.formats if f.id == "long")
    assert [(clock(s.start), clock(s.end), s.block) for s in schedule(content, long)] == [
        ("0:00", "0:10", "opening"),
        ("0:10", "0:30", "alpha"),
        ("0:30", "0:40", "pause"),
        ("0:40", "1:00", "beta"),
        ("1:00", "1:10", "closing"),
    ]
    assert [(start, end, step.id) for start, end, step in step_times(content.activities["alpha"])] == [
        (0, 12, "first"),
        (12, 20, "second"),
    ]


def test_lengths_are_written_as_each_language_writes_them():
    assert [format_length(m, "fr") for m in (25, 60, 90, 210)] == [
        "25\u00a0min",
        "1\u00a0h",
        "1\u00a0h\u00a030",
        "3\u00a0h\u00a030",
    ]
    assert [format_length(m, "en") for m in (25, 60, 90, 210)] == [
        "25\u00a0min",
        "1\u00a0h",
        "1\u00a0h\u00a030\u00a0min",
        "3\u00a0h\u00a030\u00a0min",
    ]
    assert clock(0) == "0:00" and clock(65) == "1:05" and clock(210) == "3:30"


def test_the_real_kit_has_an_activity_per_pitfall_and_sessions_that_add_up():
    assert [a.pitfall for a in CONTENT.activity_sets] and set(CONTENT.activities) == {p.id for p in CONTENT.pitfalls}
    for activity in CONTENT.activity_sets:
        assert 20 <= activity.duration <= 30
        assert sum(step.minutes for step in activity.steps) == activity.duration
    lengths = {f.id: f.minutes for f in CONTENT.workshop.formats}
    assert lengths == {"short": 90, "half-day": 210}
    for session in CONTENT.workshop.formats:
        slots = schedule(CONTENT, session)
        assert len(slots) == len(session.blocks) and slots[0].start == 0 and slots[-1].end == session.minutes
        assert all(a.end == b.start for a, b in zip(slots, slots[1:], strict=False))
        assert slots[0].segment.kind == "opening" and slots[-1].segment.kind == "closing"
    half_day = next(f for f in CONTENT.workshop.formats if f.id == "half-day")
    assert {s.block for s in schedule(CONTENT, half_day) if s.activity} == set(CONTENT.activities)
    assert [s.segment.kind for s in schedule(CONTENT, half_day) if s.segment].count("break") == 1


def test_a_handout_lists_the_priority_actions_first():
    for pitfall in CONTENT.pitfalls:
        chosen = first_actions(pitfall)
        priority = [a for a in pitfall.actions if a.priority]
        assert len(chosen) == 3 and chosen[: len(priority)] == priority[:3]
        assert chosen[len(priority) :] == [a for a in pitfall.actions if not a.priority][: 3 - len(priority)]


# Pages


@pytest.mark.parametrize("lang", LANGS)
def test_the_kit_page_lays_out_each_session_with_computed_times(built_site, lang):
    workshop, labels = CONTENT.workshop, CONTENT.workshop.labels
    page = read_page(built_site, PREFIX[lang] + "workshops/")
    assert page.find("h1")[0].text.strip().rstrip("¶") == local(workshop.title, lang)
    tables = page.with_class("table", "cmg-plan")
    assert len(tables) == len(workshop.formats)
    for table, session in zip(tables, workshop.formats, strict=True):
        assert page.find("h3", id=f"format-{session.id}")
        body = [r for r in _inside(page, table, "tr") if page.children(r, "td")]
        times = [_flat(page.children(r, "td")[0].text) for r in body[:-1]]
        slots = schedule(CONTENT, session)
        assert times == [f"{clock(s.start)}–{clock(s.end)}" for s in slots]
        total = _flat(page.children(body[-1], "td")[-1].text)
        assert total == _flat(format_length(session.minutes, lang))
        assert _flat(page.children(body[-1], "th")[0].text) == local(labels.total, lang)
        hrefs = [a.attrs["href"] for r in body[:-1] for a in _inside(page, r, "a")]
        for slot, href in zip(slots, hrefs, strict=True):
            if slot.activity:
                assert page.resolve(href) == f"{PREFIX[lang]}workshops/{slot.block}/"
            else:  # a segment: its details further down the page
                assert href == f"#segment-{slot.block}" and f"segment-{slot.block}" in page.ids()
    # the opening and the closing send everyone to the self-assessment, before and after, and the facilitator to
    # the group debrief (its session link and QR code at the start, the group's results at the end)
    buttons = [(_flat(a.text), page.resolve(a.attrs["href"])) for a in page.with_class("a", "md-button")]
    debrief = (_flat(local(CONTENT.debrief.title, lang)), PREFIX[lang] + "debrief/")
    assert buttons == [
        (_flat(local(labels.before, lang)), PREFIX[lang] + "self-assessment/"),
        debrief,
        (_flat(local(labels.after, lang)), PREFIX[lang] + "self-assessment/"),
        debrief,
    ]
    handouts = {page.resolve(a.attrs["href"]) for a in page.find("a")}
    assert {f"{PREFIX[lang]}workshops/{p.id}/handout/" for p in CONTENT.pitfalls} <= handouts


@pytest.mark.parametrize("lang", LANGS)
def test_each_activity_page_times_its_steps_and_links_its_handout(built_site, lang):
    labels = CONTENT.workshop.labels
    for pitfall in CONTENT.pitfalls:
        activity = CONTENT.activities[pitfall.id]
        page = read_page(built_site, PREFIX[lang] + f"workshops/{pitfall.id}/")
        title = (
            f"{local(labels.activity, lang)} {pitfall.number}\u00a0:" if lang == "fr" else f"Activity {pitfall.number}:"
        )
        assert page.find("h1")[0].text.strip().startswith(title)
        for start, end, step in step_times(activity):
            heading = page.find("h3", id=f"step-{step.id}")[0]
            assert _flat(heading.text).rstrip("¶").strip() == _flat(
                f"{clock(start)}–{clock(end)} · {_plain(local(step.title, lang))}"
            )
        notes = [_flat(p.text) for p in page.with_class("p", "cmg-note")]
        assert len(notes) == len(activity.steps)
        assert all(n.startswith(_flat(local(labels.note, lang))) for n in notes)
        for section in ("materials", "steps", "discussion", "debrief", "instructions", "sessions"):
            assert page.find("h2", id=section), (pitfall.id, section)
        links = {page.resolve(a.attrs["href"]) for a in page.find("a")}
        assert PREFIX[lang] + f"workshops/{pitfall.id}/handout/" in links
        assert PREFIX[lang] + f"pitfalls/{pitfall.id}/" in links


@pytest.mark.parametrize("lang", LANGS)
def test_each_handout_holds_the_pitfall_in_short_its_signs_first_actions_and_instructions(built_site, lang):
    for pitfall in CONTENT.pitfalls:
        page = read_page(built_site, PREFIX[lang] + f"workshops/{pitfall.id}/handout/")
        text = _flat(page.path.read_text(encoding="utf-8"))
        shown = _flat(page.find("article")[0].text)
        signs = [_flat(li.text) for li in page.children(page.with_class("ul", "cmg-checklist")[0], "li")]
        assert signs == [_flat(_plain(local(s, lang))) for s in pitfall.warning_signs]
        for action in first_actions(pitfall):
            assert _flat(_plain(local(action.text, lang))) in shown
        for line in CONTENT.activities[pitfall.id].instructions:
            assert _flat(_plain(local(line, lang))) in shown
        assert "cmg-notes-lines" in text


# Print


@pytest.mark.parametrize("lang", LANGS)
def test_each_handout_prints_on_exactly_one_a4_page(page, site_server, lang):
    from pypdf import PdfReader

    pages = {}
    for pitfall in CONTENT.pitfalls:
        page.goto(site_server.url + PREFIX[lang] + f"workshops/{pitfall.id}/handout/")
        page.emulate_media(media="print")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        overflow = page.evaluate(
            "[...document.querySelectorAll('.md-content *')].filter(e => e.scrollWidth > e.clientWidth + 1"
            " && getComputedStyle(e).overflowX !== 'visible').length"
        )
        assert overflow == 0
        reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
        pages[pitfall.id] = len(reader.pages)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
        flat = _flat(reader.pages[0].extract_text())
        activity = CONTENT.activities[pitfall.id]
        assert _flat(local(activity.instructions[-1], lang))[:40] in flat
        assert local(CONTENT.workshop.labels.notes, lang) in flat
        assert local(CONTENT.site.ui.pitfalls, lang) not in flat  # no navigation
        assert _flat(local(CONTENT.workshop.labels.print_hint, lang))[:30] not in flat  # screen-only hint
        page.emulate_media(media="screen")
    print(f"\nhandouts ({lang}): {pages}")
    assert pages == {p.id: 1 for p in CONTENT.pitfalls}


def test_kit_and_activity_pages_print_without_navigation(page, site_server):
    for path in ["workshops/", "en/workshops/"] + [f"workshops/{p.id}/" for p in CONTENT.pitfalls]:
        page.goto(site_server.url + path)
        page.emulate_media(media="print")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), path
        assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
        page.emulate_media(media="screen")


@pytest.mark.parametrize("path", ["workshops/full-automation/handout/", "en/checklist/", "pitfalls/full-automation/"])
def test_a_page_printed_from_a_dark_mode_browser_is_dark_text_on_white(browser, site_server, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(site_server.url + path)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"  # the dark palette, on screen
    page.emulate_media(media="print")
    colours = page.evaluate(
        """() => [document.body, document.querySelector("article h1"), document.querySelector("article p")]
            .map((node) => [getComputedStyle(node).color, getComputedStyle(document.body).backgroundColor])"""
    )
    # the margins of the paper are the canvas, whose colour follows the root element's colour scheme
    root = page.evaluate(
        "[getComputedStyle(document.documentElement).colorScheme, "
        "getComputedStyle(document.documentElement).backgroundColor]"
    )
    context.close()
    assert root == ["light", "rgb(255, 255, 255)"]
    for colour, background in colours:
        assert background == "rgb(255, 255, 255)"
        red, green, blue = (int(x) for x in re.findall(r"\d+", colour)[:3])
        assert max(red, green, blue) <= 60, colour  # near black (Material's #000000de)


# Building without the kit


def test_a_site_without_the_kit_has_no_workshop_pages_and_asks_for_no_activity(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    (project / "guidance" / "workshop.yml").unlink()
    for path in (project / "guidance" / "activities").iterdir():
        path.unlink()
    content = load_content(project)
    assert content.problems == [] and content.workshop is None
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "site" / "workshops").exists()
    assert (tmp_path / "site" / "pitfalls" / "alpha" / "index.html").exists()
