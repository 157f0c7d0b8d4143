"""The toolkit (issue #16): the prompt kit, the pre-publication checklist and the editorial-calendar template with its
CSV files."""

from __future__ import annotations

import csv
import io
import re

import pytest
import yaml
from helpers import CONTENT, LANGS, PREFIX

from cmguide import models as m
from cmguide.render import format_date, local
from cmguide.spreadsheet import CALENDAR_COLUMNS, calendar_csv, calendar_files, calendar_paths, neutralised
from conftest import MINIMAL, ROOT, make_project, mkdocs_build
from htmlcheck import read_page

BOM = "\ufeff"
CALENDAR_YAML = yaml.safe_load((ROOT / "guidance" / "calendar.yml").read_text(encoding="utf-8"))
SEPARATORS = {entry["lang"]: entry["separator"] for entry in CALENDAR_YAML["csv_separators"]}


def _parse(data: bytes, separator: str) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM) and not text.startswith(BOM * 2)
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=separator))


# The calendar's CSV files


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_csv_reads_back_as_the_yaml(lang):
    """The file the site serves, parsed with the csv module, holds the YAML's headings and rows cell for cell."""
    data = calendar_files(CONTENT)[calendar_paths(CONTENT)[lang]]
    separator = SEPARATORS[lang]
    assert separator == {"fr": ";", "en": ","}[lang]
    rows = _parse(data, separator)
    raw = CALENDAR_YAML
    headings = [local(raw["columns"][column]["name"], lang) for column in CALENDAR_COLUMNS]
    assert rows[0] == headings
    expected = []
    for row in raw["rows"]:
        cells = []
        for column in CALENDAR_COLUMNS:
            value = row[column]
            if isinstance(value, bool):
                cells.append(local(raw["answer_yes" if value else "answer_no"], lang))
            elif column == "idea_source":
                cells.append(local(raw["idea_origins"][value], lang))
            elif isinstance(value, dict):
                cells.append(local(value, lang))
            else:
                cells.append(value)
        expected.append(cells)
    assert rows[1:] == expected
    assert len(rows) == 1 + len(raw["rows"]) == 6
    assert data.count(b"\r\n") == len(rows)  # RFC 4180 line ends, one per record (no cell holds a line break)


HOSTILE = [
    'He said "hello", then; left',
    "two\nlines\r\nand a CR\rhere",
    '=HYPERLINK("https://example.com","x")',
    "+33 6 12 34 56 78",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "  =1+1",
    "＝1+1",
    "plain, with a comma",
    "« guillemets » ; point-virgule",
    "'already quoted",
]


@pytest.mark.parametrize("separator", [",", ";"])
def test_calendar_csv_survives_hostile_cells(separator):
    """Quotes, separators, line breaks and formula starts go through: each cell reads back as written, and a cell a
    spreadsheet would run as a formula reads back with one leading apostrophe."""

    def text(value: str) -> dict[str, str]:
        return {"fr": value, "en": value}

    rows = [
        m.CalendarRow(
            date="2027-01-01",
            subject=text(value),
            marronnier=i % 2 == 0,
            idea_source="ai",
            only_us=text(value),
            ai_assisted=True,
            reviewer=text(value),
            label=text(value),
        )
        for i, value in enumerate(HOSTILE)
    ]
    calendar = CONTENT.calendar.model_copy(
        update={
            "rows": rows,
            "csv_separators": [m.CsvSeparator(lang=lang, separator=separator) for lang in ("fr", "en")],
            "columns": CONTENT.calendar.columns.model_copy(
                update={"date": m.CalendarColumn(name=text("=cmd|' /C calc'!A0"), help=text("h"))}
            ),
        }
    )
    parsed = _parse(calendar_csv(calendar, "en"), separator)
    assert len(parsed) == 1 + len(HOSTILE)
    assert parsed[0][0] == "'=cmd|' /C calc'!A0"
    for value, row in zip(HOSTILE, parsed[1:], strict=True):
        assert row[0] == "2027-01-01"
        assert [row[1], row[4], row[6], row[7]] == [neutralised(value)] * 4
        assert row[5] == "Yes" and row[3] == "AI"
    prefixed = {value for value, row in zip(HOSTILE, parsed[1:], strict=True) if row[1] == "'" + value}
    assert prefixed == {HOSTILE[i] for i in (2, 3, 4, 5, 6, 7, 8)}
    for row in parsed:
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "＝"))


def test_neutralised_leaves_ordinary_text_alone():
    assert neutralised("Oui") == "Oui"
    assert neutralised("2027-01-08") == "2027-01-08"
    assert neutralised("a-b") == "a-b"
    assert neutralised("-") == "'-"
    assert neutralised("＠x") == "'＠x"


def test_download_text_names_the_separator_of_its_file():
    names = {",": {"fr": "virgules", "en": "commas"}, ";": {"fr": "points-virgules", "en": "semicolons"}}
    for lang in LANGS:
        separator = SEPARATORS[lang]
        assert names[separator][lang] in CALENDAR_YAML["download_intro"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_page_links_its_file_and_shows_the_same_cells(built_site, lang):
    path = PREFIX[lang] + "calendar/"
    page = read_page(built_site, path)
    links = [a for a in page.find("a") if a.attrs.get("href", "").endswith(".csv")]
    assert {page.resolve(a.attrs["href"]) for a in links} == {calendar_paths(CONTENT)[lang]}
    served = (built_site / calendar_paths(CONTENT)[lang]).read_bytes()
    assert served == calendar_files(CONTENT)[calendar_paths(CONTENT)[lang]]
    rows = _parse(served, SEPARATORS[lang])
    table = page.with_class("table", "cmg-calendar")[0]
    shown = [[" ".join(cell.text.split()) for cell in row] for row in _table_rows(page, table)]
    assert shown[0] == rows[0]
    assert [r[0] for r in shown[1:]] == [format_date(r[0], lang) for r in rows[1:]]
    assert [r[1:] for r in shown[1:]] == [[" ".join(c.split()) for c in r[1:]] for r in rows[1:]]


def _table_rows(page, table):
    """The cells of each row of ``table``."""
    return [_cells(page, tr) for tr in _inside(page, table, "tr")]


def _cells(page, tr):
    return [el for el in page.elements if el.parent is tr and el.tag in ("th", "td")]


def _inside(page, ancestor, tag):
    """The elements ``tag`` anywhere inside ``ancestor``, in document order."""
    out = []
    for el in page.elements:
        node = el.parent
        while node is not None and node is not ancestor:
            node = node.parent
        if el.tag == tag and node is ancestor:
            out.append(el)
    return out


# The prompt kit


def test_before_prompt_is_the_one_the_scenario_quotes():
    story = CONTENT.pitfall("improvised-prompting").scenario.story
    for lang in LANGS:
        assert (
            f"« {CONTENT.prompt_kit.before.prompt[lang]} »" in story[lang]
            if lang == "fr"
            else (f"“{CONTENT.prompt_kit.before.prompt[lang]}”" in story[lang])
        )


def test_after_prompt_has_every_block_of_the_template_in_order():
    kit = CONTENT.prompt_kit
    for lang in LANGS:
        headings = re.findall(r"^## (.+)$", kit.after.prompt[lang], flags=re.M)
        assert headings == [block.name[lang] for block in kit.blocks]


@pytest.mark.parametrize("lang", LANGS)
def test_prompt_kit_page_shows_the_template_and_the_table(built_site, lang):
    kit = CONTENT.prompt_kit
    page = read_page(built_site, PREFIX[lang] + "prompt-kit/")
    wrapper = [el for el in page.find("div") if el.attrs.get("id") == "prompt-template"]
    assert len(wrapper) == 1
    text = _inside(page, wrapper[0], "pre")[0].text
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [
        local(block.name, lang) for block in kit.blocks
    ]
    assert ids_in(page, "tr") >= {row.id for row in kit.techniques}
    for section in ("template", "before-after", "before", "after", "techniques", "references"):
        assert section in page.ids()


def ids_in(page, tag):
    return {el.attrs["id"] for el in page.find(tag) if "id" in el.attrs}


# The checklist


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_is_a_form_of_labelled_checkboxes_with_law_links(built_site, lang):
    checklist = CONTENT.checklist
    page = read_page(built_site, PREFIX[lang] + "checklist/")
    items = [item for section in checklist.sections for item in section.items]
    boxes = [
        el
        for el in page.find("input")
        if el.attrs.get("type") == "checkbox" and "md-toggle" not in el.attrs.get("class", "")
    ]
    assert [box.attrs["id"] for box in boxes] == [f"check-{item.id}" for item in items]
    labels = {el.attrs.get("for") for el in page.find("label")}
    assert {f"check-{item.id}" for item in items} <= labels
    law = read_page(built_site, PREFIX[lang] + "law/")
    law_links = [
        a.attrs["href"]
        for a in page.find("a")
        if "/law/#" in page.resolve(a.attrs.get("href", "x")) or a.attrs.get("href", "").startswith("../law/#")
    ]
    wanted = [rule for item in items for rule in item.law]
    assert [href.split("#")[1] for href in law_links] == wanted
    assert set(wanted) <= law.ids()


def test_checklist_boxes_tick_and_clear_without_javascript(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_server.url + "checklist/")
        first = CONTENT.checklist.sections[0].items[0].id
        second = CONTENT.checklist.sections[0].items[1].id
        page.click(f"label[for=check-{first}]")  # a click on the label ticks its box
        page.focus(f"#check-{second}")
        page.keyboard.press("Space")  # and so does the keyboard
        assert page.locator(".cmg-checklist input[type=checkbox]:checked").count() == 2
        assert page.locator("[data-print]").is_hidden()
        page.click(".cmg-checklist button[type=reset]")
        assert page.locator(".cmg-checklist input[type=checkbox]:checked").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_prints_on_two_a4_pages_at_most_with_every_box(page, site_server, lang):
    from pypdf import PdfReader

    page.goto(site_server.url + PREFIX[lang] + "checklist/")
    assert page.locator("[data-print]").is_visible()  # the script shows the print button
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) <= 2
    flat = " ".join(" ".join(p.extract_text() for p in pdf.pages).split()).replace(" ", "")
    for section in CONTENT.checklist.sections:
        assert local(section.title, lang).replace(" ", "").replace("\u00a0", "") in flat.replace("\u00a0", "")
        for item in section.items:
            words = local(item.text, lang).split()[:4]
            assert "".join(words).replace("\u00a0", "").replace("\u202f", "") in flat.replace("\u00a0", "").replace(
                "\u202f", ""
            ), item.id
    assert local(CONTENT.checklist.charter_title, lang).replace(" ", "") not in flat  # the page's rest stays on screen
    assert local(CONTENT.site.ui.toolkit, lang) not in flat  # no navigation


def test_prompt_copy_button_copies_the_template(browser, site_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(site_server.url + "en/prompt-kit/")
        page.click("[data-copy=prompt-template]")
        status = page.locator("[data-copy=prompt-template] ~ [role=status]")
        status.wait_for(state="attached")
        page.wait_for_timeout(200)
        assert status.inner_text() == CONTENT.prompt_kit.copied_label["en"]
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#prompt-template pre").text_content()
        assert copied.startswith("## Role\nYou are [")
    finally:
        context.close()


# Links from the pitfalls' actions


@pytest.mark.parametrize("lang", LANGS)
def test_actions_link_to_the_toolkit_page_that_helps(built_site, lang):
    for pitfall in CONTENT.pitfalls:
        page = read_page(built_site, PREFIX[lang] + f"pitfalls/{pitfall.id}/")
        for action in pitfall.actions:
            item = next(el for el in page.find("li") if el.attrs.get("id") == f"action-{action.id}")
            targets = [page.resolve(a.attrs["href"]) for a in _inside(page, item, "a")]
            assert targets == ([PREFIX[lang] + f"{action.tool}/"] if action.tool else [])


def test_toolkit_is_a_navigation_group(built_site):
    for lang in LANGS:
        page = read_page(built_site, PREFIX[lang] + "")
        text = " ".join(page.find("nav")[0].text.split()) if page.find("nav") else ""
        assert local(CONTENT.site.ui.toolkit, lang) in " ".join(" ".join(n.text.split()) for n in page.find("nav")), (
            text
        )


def _checklist_edited(tmp_path, old: str, new: str) -> tuple[int, list[str]]:
    """The real content with one line of the checklist edited: that line's number, and the problems found."""
    from cmguide.loader import load_content

    project = make_project(tmp_path / "p")
    path = project / "guidance" / "checklist.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if old.strip() in row)
    return line, [p.format() for p in load_content(project).problems]


def test_an_unknown_law_row_in_the_checklist_is_reported(tmp_path):
    line, problems = _checklist_edited(tmp_path, "law: [loi-2023-451]", "law: [loi-2023-45]")
    assert problems == [
        f"guidance/checklist.yml:{line}:15: REF-UNKNOWN unknown law row 'loi-2023-45' (did you mean 'loi-2023-451'?)"
        " (hint: use the id of a rule in guidance/law.yml)"
    ]


def test_a_site_without_toolkit_builds_without_its_pages(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site" / "checklist").exists()
    assert not list((tmp_path / "site" / "exports").glob("*.csv"))


def test_a_checklist_item_id_used_twice_is_reported(tmp_path):
    line, problems = _checklist_edited(tmp_path, "- id: alt-text\n", "- id: zoom-logos\n")
    assert problems == [
        f"guidance/checklist.yml:{line}:13: ID-DUPLICATE duplicate checklist item id 'zoom-logos'"
        " (hint: give each item its own id, across all sections)"
    ]


def test_a_table_wider_than_a_phone_shows_a_shadow_where_columns_are_hidden(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site_server.url + "calendar/")
    region = page.locator(".cmg-table-scroll").first
    scrolls = region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    style = region.evaluate("(el) => [getComputedStyle(el).backgroundAttachment, getComputedStyle(el).backgroundImage]")
    context.close()
    assert scrolls  # the example calendar is wider than a phone
    # two covers that move with the table, over two shadows fixed at the edges
    assert style[0] == "local, local, scroll, scroll"
    assert style[1].count("linear-gradient") == 2 and style[1].count("radial-gradient") == 2
