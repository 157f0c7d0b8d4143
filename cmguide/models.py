"""The content model: what each kind of YAML file holds.

Texts that readers see are localised at the leaf: ``{fr: "...", en: "..."}``. Everything
else (ids, numbers, links, cross-references, dates) exists once, for every language.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

# Patterns are matched whole (`fullmatch`: a final newline never passes) and in ASCII (no other digits);
# the same patterns go into the JSON Schemas, where `^…$` means the whole string.
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", re.ASCII)
DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", re.ASCII)
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
LANG = re.compile(r"^[a-z]{2}$", re.ASCII)
#: An https link whose host every parser reads alike: letters, digits, hyphens and dots, then an optional port
#: and a path of URL characters. No user-info (`user@`), no backslash, no space or control character.
URL = re.compile(
    r"^https://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?::[0-9]{1,5})?"
    r"(?:[/?#][A-Za-z0-9._~%!$&'()*+,;=:@/?#\[\]-]*)?$",
    re.ASCII,
)


def _nonblank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "is empty")
    return value


def _kebab(value: str) -> str:
    if not KEBAB.fullmatch(value):
        raise PydanticCustomError(
            "id_format", "must be kebab-case (a-z, 0-9 and single hyphens), found '{value}'", {"value": value}
        )
    return value


def _date_text(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value


def _date(value: str) -> str:
    if not DATE.fullmatch(value):
        raise PydanticCustomError(
            "date_format", "must be a date as YYYY, YYYY-MM or YYYY-MM-DD, found '{value}'", {"value": value}
        )
    try:
        parts = [int(p) for p in value.split("-")]
        _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise PydanticCustomError("date_format", "is not a real date: '{value}'", {"value": value}) from None
    return value


def _day(value: str) -> str:
    if not DAY.fullmatch(value):
        raise PydanticCustomError("date_format", "must be a full date as YYYY-MM-DD, found '{value}'", {"value": value})
    return value


def _https(value: str) -> str:
    host = re.split(r"[/?#:]", value.removeprefix("https://"), maxsplit=1)[0]
    if not URL.fullmatch(value) or urlsplit(value).hostname != host.lower():  # what the page shows is what opens
        raise PydanticCustomError(
            "url_format",
            "must be a full https:// link to a named host, with no spaces, quotes, backslash or user@, found '{value}'",
            {"value": value},
        )
    return value


def _lang(value: str) -> str:
    if not LANG.fullmatch(value):
        raise PydanticCustomError(
            "lang_format", "must be a two-letter language code, found '{value}'", {"value": value}
        )
    return value


# Each type says how it looks in the JSON Schemas that editors use (schemas/), and checks itself with a
# message written for authors.
Str = Annotated[str, AfterValidator(_nonblank), WithJsonSchema({"type": "string", "pattern": r"\S"})]
Id = Annotated[str, AfterValidator(_kebab), WithJsonSchema({"type": "string", "pattern": KEBAB.pattern})]
DateText = Annotated[
    str,
    BeforeValidator(_date_text),
    AfterValidator(_date),
    WithJsonSchema({"type": "string", "pattern": DATE.pattern, "description": "YYYY, YYYY-MM or YYYY-MM-DD"}),
]
#: A full day, YYYY-MM-DD (review dates, legal checks): a date a reader and a rule can compare.
Day = Annotated[
    str,
    BeforeValidator(_date_text),
    AfterValidator(_date),
    AfterValidator(_day),
    WithJsonSchema({"type": "string", "pattern": DAY.pattern, "description": "YYYY-MM-DD"}),
]
Url = Annotated[str, AfterValidator(_https), WithJsonSchema({"type": "string", "pattern": URL.pattern})]
Lang = Annotated[str, AfterValidator(_lang), WithJsonSchema({"type": "string", "pattern": LANG.pattern})]
#: A text in every language of the site: ``{fr: "...", en: "..."}``. Languages are checked
#: against guidance/site.yml by the I18N rules, so that adding a language is data, not code.
LText = dict[str, Str]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# Site


class Ui(Model):
    """Labels of the page structure, in every language."""

    site_name: LText
    home: LText
    pitfalls: LText
    pitfall_number: LText
    summary: LText
    why: LText
    warning_signs: LText
    actions: LText
    scenario: LText
    related: LText
    references: LText
    role: LText
    sources: LText
    sources_intro: LText
    cited_on: LText
    read_more: LText
    source_label: LText
    published: LText
    not_legal_advice: LText
    legal_as_of: LText  # "{date}": the site's date (home.updated)
    origin: LText
    in_short: LText
    details: LText
    reading_time: LText  # "{minutes}": computed from the page's word count
    accessed: LText  # "{date}": when a web source was last opened
    not_found_title: LText
    not_found_text: LText
    not_found_home: LText
    last_reviewed: LText  # "{date}": the page's `reviewed` date
    law: LText
    glossary: LText  # the glossary page in the navigation
    about: LText  # the "about" page in the navigation and in links to it
    workshops: LText
    toolkit: LText  # the navigation group of the toolkit pages
    see_tool: LText  # before the link from an action to the toolkit page that helps with it


class QuizUi(Model):
    """Labels of the quiz pages and of their script, in every language."""

    test_yourself: LText
    self_assessment: LText
    check: LText
    check_intro: LText
    check_note: LText
    single: LText
    multiple: LText
    answer: LText
    correct_answers: LText
    check_button: LText
    choose_first: LText
    right: LText
    wrong: LText
    partly: LText
    checked_score: LText
    see_results: LText
    reset: LText
    scoring_key: LText
    scoring_intro: LText
    statement: LText
    bands_title: LText
    profiles_title: LText
    action_plans: LText
    results: LText
    profile: LText
    score: LText
    band: LText
    pitfall: LText
    chart: LText
    read: LText
    plan: LText
    plan_intro: LText
    plan_empty: LText
    print: LText
    copy_text: LText
    copied: LText
    download: LText
    answered: LText
    incomplete: LText
    ready: LText
    cleared_old: LText
    cleared_bad: LText
    no_storage: LText
    reset_done: LText
    at_risk: LText
    not_applicable: LText
    critical: LText
    set_aside: LText
    too_few: LText
    lifted: LText
    unplaced: LText
    how_title: LText
    check_summary: LText
    all_right: LText
    to_reread: LText
    retry: LText
    retry_started: LText
    next_step: LText
    read_link: LText
    more_actions: LText
    legend: LText
    thresholds: LText
    reset_ask: LText
    reset_ask_check: LText
    confirm: LText
    cancel: LText
    kept: LText
    missing: LText
    history: LText
    history_first: LText
    change: LText
    now: LText
    import_label: LText
    import_done: LText
    import_bad: LText
    import_other: LText
    code_title: LText
    code_intro: LText
    copy_code: LText
    code_qr: LText
    answer_key: LText
    answer_key_description: LText
    answer_key_intro: LText


class Home(Model):
    title: LText
    description: LText
    intro: LText
    audience_title: LText
    audience: list[LText] = Field(min_length=1)
    pitfalls_intro: LText
    role_teaser: LText
    quiz_teaser: LText
    credit: LText
    credit_reference: Id
    updated: DateText
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


class Site(Model):
    languages: list[Lang] = Field(min_length=1)  # default language first
    ui: Ui
    quiz_ui: QuizUi
    home: Home


# References


class Reference(Model):
    id: Id
    title: Str
    author: Str | None = None
    publisher: Str
    date: DateText | None = None  # None: the source is undated (shown as 'n.d.')
    url: Url
    lang: Lang
    accessed: DateText | None = None  # when the link was last opened and checked (web sources)
    note: LText | None = None


class References(Model):
    references: list[Reference] = Field(min_length=1)


# Guidance


class Fact(Model):
    """A statement with the references that support it; `detail` is shown behind a disclosure."""

    text: LText
    sources: list[Id] = Field(min_length=1)
    detail: LText | None = None


class Action(Model):
    id: Id
    text: LText
    priority: bool = False  # one of the 2 or 3 first steps the page presents: shown first in the action plan
    #: the toolkit page that helps with this action (prompt-kit, checklist or calendar): linked after its text
    tool: Id | None = None


class Scenario(Model):
    title: LText
    story: LText


class Pitfall(Model):
    id: Id
    number: int = Field(ge=1)
    title: LText
    short_title: LText
    description: LText
    summary: LText
    in_short: list[LText] = []  # "En bref / In short": 3 to 5 short lines at the top of the page
    why: list[Fact] = Field(min_length=2)
    warning_signs: list[LText] = Field(min_length=4)
    actions: list[Action] = Field(min_length=6)
    scenario: Scenario
    related: list[Id] = Field(min_length=1)
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


class Point(Model):
    text: LText
    sources: list[Id] = []


class RoleSection(Model):
    title: LText
    intro: LText
    points: list[Point] = Field(min_length=3)


class Indicator(Model):
    """A relationship indicator: what it counts and how, and its value in the page's example monthly report."""

    id: Id
    name: LText
    definition: LText
    example: LText


class Indicators(Model):
    """How to measure the relationship rather than the output: indicators and an example monthly report."""

    title: LText
    intro: LText
    col_indicator: LText
    col_definition: LText
    col_example: LText
    items: list[Indicator] = Field(min_length=3)
    report_title: LText
    report: LText  # prose: the example monthly report, paragraphs separated by a blank line
    sources: list[Id] = []


class Role(Model):
    id: Id
    title: LText
    description: LText
    summary: LText
    context: list[Fact] = Field(min_length=2)
    obsolete: RoleSection
    stays_human: RoleSection
    skills: RoleSection
    delegate: RoleSection
    never_delegate: RoleSection
    indicators: Indicators | None = None  # shown after the skills
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


ROLE_SECTIONS = ("obsolete", "stays_human", "skills", "delegate", "never_delegate")


# Contributing


class Recipe(Model):
    id: Id
    title: LText
    files: list[Str] = Field(min_length=1)  # the exact files the change touches (<id> marks a placeholder)
    steps: list[LText] = Field(min_length=1)


class MacroDoc(Model):
    """What one macro for hand-written pages does (its name is one of cmguide.render.MACROS)."""

    name: Annotated[str, WithJsonSchema({"type": "string", "pattern": "^[a-z_]+$"})]
    text: LText


class ExportDoc(Model):
    """One export format of the knowledge checks on the contributing page (its id is a key of
    cmguide.render.export_paths)."""

    format: Literal["gift", "moodle-xml", "qti", "aiken"]  # a test checks they are export_paths' keys, in order
    name: LText  # the format and the platforms that read it
    how: LText  # one line: where to import it, and what it leaves out


class Contributing(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    recipes_title: LText
    files_label: LText
    recipes: list[Recipe] = Field(min_length=1)
    checks_title: LText
    checks_intro: LText
    rules_title: LText
    rules_intro: LText
    rule_id: LText
    rule_checks: LText
    rule_example: LText
    exports_title: LText
    exports_intro: LText
    exports: list[ExportDoc] = Field(min_length=1)
    macros_title: LText
    macros_intro: LText
    macros: list[MacroDoc] = Field(min_length=1)
    review_title: LText
    review_intro: LText  # "{date}": the day of the build
    review_none: LText
    review_page: LText
    review_last: LText
    review_due: LText


# The law in one table


class LawRule(Model):
    """One legal rule or platform policy: whom it binds, since when, what to do, its source, when last checked."""

    id: Id
    name: LText
    binds: LText
    since: LText
    todo: LText
    sources: list[Id] = Field(min_length=1)
    as_of: Day  # when this row was last checked against its sources


class LawGroup(Model):
    id: Id
    title: LText
    rules: list[LawRule] = Field(min_length=1)


class Law(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    col_rule: LText
    col_binds: LText
    col_since: LText
    col_todo: LText
    col_source: LText
    col_as_of: LText
    groups: list[LawGroup] = Field(min_length=1)
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


# The group debrief of a workshop


class DebriefPrompts(Model):
    """Discussion questions for one pitfall, offered when it concerns the group."""

    pitfall: Id
    questions: list[LText] = Field(min_length=1)


class DebriefUi(Model):
    """Texts of the debrief script; ``{name}`` placeholders are filled in by it."""

    participants: LText  # {count}
    empty: LText
    read: LText  # {count} {refused}
    line_format: LText  # {line}
    line_check: LText
    line_version: LText
    line_values: LText
    line_long: LText
    too_many: LText  # {max}
    duplicates: LText  # {count}
    file_added: LText  # {name}
    file_bad: LText
    file_old: LText
    file_limit: LText  # {max} {size}
    debrief_loaded: LText
    saved: LText
    restored: LText  # {date}
    forgotten: LText
    no_storage: LText
    before: LText
    after: LText
    chart: LText
    chart_note: LText
    pitfall: LText
    placed: LText
    median: LText
    quartiles: LText
    range: LText
    levels: LText
    not_placed: LText
    focus_title: LText
    focus_line: LText  # {count} {placed} {median} {max}
    focus_none: LText
    to_discuss: LText
    compare_title: LText
    compare_note: LText
    change: LText
    outside_low: LText


class Debrief(Model):
    """guidance/debrief.yml: the facilitator's group debrief page (results codes read in the browser)."""

    id: Id
    title: LText
    description: LText
    intro: LText
    privacy: LText
    no_js: LText
    session_title: LText
    session_intro: LText
    session_steps: list[LText] = Field(min_length=1)
    fullscreen: LText
    collect_title: LText
    collect_intro: LText
    before_label: LText
    after_label: LText
    files_label: LText
    show: LText
    save: LText
    forget: LText
    download: LText
    results_title: LText
    prompts_title: LText
    prompts_intro: LText
    split_prompt: LText
    prompts: list[DebriefPrompts] = []
    ui: DebriefUi


# The glossary


#: A form of a glossary term as readers meet it in a text (``marronniers``, ``AI Act``): letters and digits, with
#: single spaces, hyphens or typographic apostrophes between them. Nothing that HTML escaping would change, so that
#: a form is found in an escaped page as it is written.
FORM = re.compile(r"^[^\W_]+(?:[ ’-][^\W_]+)*$")


def _form(value: str) -> str:
    if not FORM.fullmatch(value):
        raise PydanticCustomError(
            "form_format",
            "must be words made of letters and digits, separated by single spaces, hyphens or ’, found '{value}'",
            {"value": value},
        )
    return value


Form = Annotated[str, AfterValidator(_form), WithJsonSchema({"type": "string", "pattern": FORM.pattern})]


class TermUse(Model):
    """For a prompting technique: the goal it serves and one use a community manager can copy."""

    goal: LText
    example: LText


class Term(Model):
    """One entry of the glossary: its headword and the forms that link to it, in each language."""

    id: Id  # the anchor of the entry on the glossary page (#id)
    term: LText
    #: the forms that, at their first use on a page, link to this entry (case and whole words aside, as written)
    forms: dict[str, Annotated[list[Form], Field(min_length=1)]]
    definition: LText
    sources: list[Id] = []
    see_also: list[Id] = []  # ids of other terms
    use: TermUse | None = None  # a technique: shown in the page's "which technique for which goal" table


class Glossary(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    see_also_label: LText
    link_label: LText  # "{term}": the accessible name of a link from a page to an entry
    uses_title: LText
    uses_intro: LText
    col_goal: LText
    col_technique: LText
    col_example: LText
    terms: list[Term] = Field(min_length=1)
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


# About the guide


#: The pages an "about" section can point readers to (texts hold no links: the page adds them).
AboutLink = Literal["contributing", "sources", "glossary", "law", "assessment"]


class AboutSection(Model):
    id: Id  # the anchor of the section
    title: LText
    text: LText  # prose: paragraphs separated by a blank line
    sources: list[Id] = []
    links: list[AboutLink] = []  # pages of the site shown as links after the text


class About(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    sections: list[AboutSection] = Field(min_length=1)
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


# The toolkit: a prompt kit, a pre-publication checklist and an editorial-calendar template


class PromptBlock(Model):
    """One block of the copy-ready prompt template: its heading and what to write under it."""

    id: Id
    name: LText
    text: LText  # the lines a reader copies, with [placeholders] to fill in
    sources: list[Id] = []


class PromptVersion(Model):
    """One side of the before/after: a prompt in full and what to notice about it."""

    label: LText
    prompt: LText
    comment: LText


class Technique(Model):
    """A row of the goal-to-technique table."""

    id: Id
    goal: LText
    technique: LText
    example: LText
    pitfall: LText
    sources: list[Id] = Field(min_length=1)


class PromptKit(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    template_title: LText
    template_intro: LText
    blocks: list[PromptBlock] = Field(min_length=4)
    copy_label: LText  # the copy button's label (shown with JavaScript; the text can always be selected)
    copied_label: LText  # said once the text is copied
    before_after_title: LText
    before_after_intro: LText
    before: PromptVersion
    after: PromptVersion
    techniques_title: LText
    techniques_intro: LText
    techniques_sources: list[Id] = Field(min_length=1)  # who says the seed's "five methods" are no one's list
    col_goal: LText
    col_technique: LText
    col_example: LText
    col_pitfall: LText
    col_source: LText
    techniques: list[Technique] = Field(min_length=3)
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


class CheckItem(Model):
    """One box to tick before publishing; `law` names rows of guidance/law.yml that the item points to."""

    id: Id
    text: LText
    sources: list[Id] = []
    law: list[Id] = []


class CheckSection(Model):
    id: Id
    title: LText
    items: list[CheckItem] = Field(min_length=1)


class Disclosure(Model):
    """A sample public sentence on how AI is used, and where it goes (a bio, a post, a FAQ)."""

    id: Id
    where: LText
    text: LText


class Checklist(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    print_label: LText  # the print button's label (shown with JavaScript; printing works from the browser's menu)
    reset_label: LText  # the button that clears every box (a plain reset button: no JavaScript)
    sections: list[CheckSection] = Field(min_length=1)
    charter_title: LText
    charter_intro: LText
    charter: list[Point] = Field(min_length=3)
    disclosures_title: LText
    disclosures_intro: LText
    disclosures: list[Disclosure] = Field(min_length=2)
    disclosures_sources: list[Id] = []
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


IdeaSource = Literal["member", "team", "ai"]


class CalendarColumn(Model):
    """A column of the calendar: its heading, what goes in it and the sources behind that advice."""

    name: LText
    help: LText
    sources: list[Id] = []


class CalendarColumns(Model):
    """The calendar's columns, in the order of the table and of the CSV file."""

    date: CalendarColumn
    subject: CalendarColumn
    marronnier: CalendarColumn
    idea_source: CalendarColumn
    only_us: CalendarColumn
    ai_assisted: CalendarColumn
    reviewer: CalendarColumn
    label: CalendarColumn


class IdeaOrigins(Model):
    """How each idea source reads in a cell."""

    member: LText
    team: LText
    ai: LText


class CalendarRow(Model):
    """An example row of the calendar."""

    date: Day
    subject: LText
    marronnier: bool
    idea_source: IdeaSource
    only_us: LText
    ai_assisted: bool
    reviewer: LText
    label: LText


class CsvSeparator(Model):
    lang: Lang
    separator: Literal[",", ";"]


class Calendar(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    columns_title: LText
    columns: CalendarColumns
    answer_yes: LText
    answer_no: LText
    idea_origins: IdeaOrigins
    rows: list[CalendarRow] = Field(min_length=1)
    example_title: LText
    example_intro: LText
    download_title: LText
    download_intro: LText  # how the file opens in a spreadsheet: encoding and separator
    download_label: LText
    #: the CSV file's separator in each language (French Excel expects ";"); every language of the site has one
    csv_separators: list[CsvSeparator] = Field(min_length=1)
    further_reading: list[Id] = []
    #: freshness: when the page's facts were last checked, and when they must be again (REVIEW-DUE warns after)
    reviewed: Day
    review_by: Day


# Quizzes

#: Bounds that keep every score computation small (the reachable scores of a pitfall are at most
#: MAX_STATEMENTS * MAX_POINTS + 1 values).
MAX_POINTS = 10
MAX_STATEMENTS = 30

Section = Literal["summary", "why", "warning-signs", "actions", "scenario"]


class ScaleOption(Model):
    id: Id
    label: LText
    points: int = Field(ge=0, le=MAX_POINTS)


class Profile(Model):
    """An overall profile, chosen by how many pitfalls land in a band at risk."""

    id: Id
    min_at_risk: int = Field(ge=0)
    max_at_risk: int | None = None  # None: "and more"
    #: the most pitfalls in their top band this profile allows (None: any); past it, the next profile applies
    max_high: int | None = Field(default=None, ge=0)
    label: LText
    text: LText


class SelfAssessment(Model):
    id: Id
    title: LText
    description: LText
    intro: LText
    privacy: LText
    scale: list[ScaleOption] = Field(min_length=2, max_length=10)
    #: a pitfall with fewer answered statements (not "not applicable") gets no band
    min_answered: int = Field(ge=1)
    #: how a score is computed, for the page ({min_answered} is filled in)
    scoring: LText
    profiles: list[Profile] = Field(min_length=1)


class Statement(Model):
    id: Id
    text: LText
    #: risk: the scale's points as they are (agreeing is risky); good: reversed (a good practice)
    direction: Literal["risk", "good"]
    #: a risk behaviour serious enough that its riskiest answer alone moves the pitfall out of the lowest band
    critical: bool = False


class Band(Model):
    id: Id
    level: Literal["low", "moderate", "high"]
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    label: LText
    advice: LText
    read: list[Section] = Field(min_length=1)


class PitfallStatements(Model):
    """quizzes/self-assessment/<pitfall-id>.yml: the statements and result bands of one pitfall."""

    pitfall: Id
    statements: list[Statement] = Field(min_length=5, max_length=MAX_STATEMENTS)
    bands: list[Band] = Field(min_length=2)


class Option(Model):
    id: Id
    text: LText
    correct: bool = False
    feedback: LText


class Question(Model):
    id: Id
    type: Literal["single", "multiple"]
    prompt: LText
    options: list[Option] = Field(min_length=2)
    explanation: LText
    source: Id
    #: the section of the pitfall's page to reread when the answer is wrong
    read: Section


class KnowledgeCheck(Model):
    """quizzes/checks/<pitfall-id>.yml: the knowledge check of one pitfall."""

    pitfall: Id
    questions: list[Question] = Field(min_length=5)


# Workshops: a facilitator's kit

#: An activity lasts between these many minutes (WORKSHOP-TIME); a step at least one minute.
ACTIVITY_MINUTES = (20, 30)


class ActivityStep(Model):
    """One step of an activity: what participants do, and a note for whoever runs it."""

    id: Id
    minutes: int = Field(ge=1)
    title: LText
    text: LText  # what happens, said to the facilitator
    note: LText  # the facilitator's note: what to watch for, what to say


class Activity(Model):
    """guidance/activities/<pitfall-id>.yml: the workshop activity of one pitfall."""

    pitfall: Id
    title: LText
    goal: LText
    #: minutes, between ACTIVITY_MINUTES; the steps add up to it (WORKSHOP-TIME)
    duration: int = Field(ge=1)
    groups: LText  # how the room works: alone, in pairs, in groups of 3 to 5…
    materials: list[LText] = Field(min_length=1)
    steps: list[ActivityStep] = Field(min_length=2)
    discussion: list[LText] = Field(min_length=2)  # prompts for the groups while they work
    debrief: list[LText] = Field(min_length=2)  # questions for the whole room at the end
    #: the participants' instructions, printed on the pitfall's handout
    instructions: list[LText] = Field(min_length=2, max_length=6)


class Segment(Model):
    """A block of a session that is not an activity: the opening, a break, the closing…"""

    id: Id
    #: opening and closing send participants to the self-assessment (before, then after)
    kind: Literal["opening", "break", "closing", "other"]
    minutes: int = Field(ge=1)
    title: LText
    text: LText
    note: LText | None = None


class SessionFormat(Model):
    """A session: its planned length and its blocks in order (segment ids and pitfall ids, for their activity)."""

    id: Id
    title: LText
    intro: LText
    minutes: int = Field(ge=1)  # the planned length: the blocks add up to it (WORKSHOP-TIME)
    blocks: list[Id] = Field(min_length=2)


class WorkshopLabels(Model):
    """The kit's own headings and labels, in every language."""

    kit: LText  # the navigation title of the kit's page
    segments: LText
    activity_description: LText  # "{length}", "{pitfall}": the meta description of an activity's page
    handout_description: LText  # "{activity}", "{pitfall}": the meta description of a handout
    formats: LText
    time: LText
    block: LText
    duration: LText
    total: LText  # shown beside the computed total, e.g. "3 h 30"
    activities: LText
    activity: LText
    goal: LText
    groups: LText
    materials: LText
    steps: LText
    note: LText
    discussion: LText
    debrief: LText
    instructions: LText
    handout: LText
    handouts: LText
    handout_intro: LText  # what a handout holds and how to print it
    print_hint: LText
    in_short: LText
    signs: LText
    first_actions: LText
    notes: LText
    before: LText  # the self-assessment, before the activities
    after: LText  # the self-assessment again, at the end
    read_pitfall: LText
    preparation: LText
    take_home: LText
    used_in: LText


class Workshop(Model):
    """guidance/workshop.yml (optional): the facilitator's kit — session formats built from the activities."""

    id: Id
    title: LText
    description: LText
    intro: LText
    audience: LText
    preparation: list[LText] = Field(min_length=1)
    take_home: list[LText] = Field(min_length=1)
    labels: WorkshopLabels
    segments: list[Segment] = Field(min_length=1)
    formats: list[SessionFormat] = Field(min_length=1)
