"""Exports and generated documents: every export parsed back against the YAML, contributing page and file.

Each format is read back with a small reader written here from the format's rules (Moodle XML and QTI 1.2 with
xml.etree, Aiken by Moodle's line rules), never with the exporter's own code, and compared with the YAML for
every question: text, options in order, which are right, the score of each choice, feedback and explanation.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest
import yaml
from helpers import CONTENT, LANGS, PREFIX, flat, inject, parse_gift

from cmguide import exports
from cmguide.loader import load_content
from cmguide.locales import local
from cmguide.problems import RULES
from cmguide.render import export_paths
from conftest import ROOT, make_project
from htmlcheck import read_page

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
CANVAS = "{http://canvas.instructure.com/xsd/cccv1p0}"


def questions(content):
    """(pitfall id, question) in reading order."""
    return [(p.id, q) for p in content.pitfalls if p.id in content.checks for q in content.checks[p.id].questions]


def yaml_text(value, lang: str) -> str:
    """What an export must give back for a YAML text: the text on one line."""
    return flat(local(value, lang))


def from_html(fragment: str) -> str:
    """An exported HTML text back to the YAML's markup: only <strong>, <em>, <code> and a source's link are tags."""

    def link(mt: re.Match) -> str:
        assert mt[1] == mt[2], mt[0]  # the link shows its own address
        return mt[2]

    fragment = re.sub(r'<a href="([^"<>]*)">([^<>]*)</a>', link, fragment)
    assert re.findall(r"<(?!/?(?:strong|em|code)>)", fragment) == [], fragment  # every other '<' was escaped
    marks = {"strong": "**", "em": "*", "code": "`"}
    return html.unescape(re.sub(r"</?(strong|em|code)>", lambda mt: marks[mt[1]], fragment))


def explained(question, content, lang: str) -> str:
    """The explanation with its source, as the Moodle XML and QTI general feedback give it back."""
    source = content.references[question.source]
    return f"{yaml_text(question.explanation, lang)} ({flat(source.title)}, {flat(source.publisher)}, {source.url})"


def shares(question) -> list[float]:
    """The score of each option chosen alone, as in the GIFT export: percent of the question's points."""
    right = sum(o.correct for o in question.options)
    if question.type == "single":
        return [100.0 if o.correct else 0.0 for o in question.options]
    return [round(100 / right, 5) if o.correct else -100.0 for o in question.options]


# Moodle GIFT


@pytest.mark.parametrize("lang", LANGS)
def test_gift_export_round_trips_to_the_yaml(built_site, lang):
    text = (built_site / export_paths(CONTENT)["gift"][lang]).read_text(encoding="utf-8")
    parsed = parse_gift(text)
    expected_count = sum(len(check.questions) for check in CONTENT.checks.values())
    assert len(parsed) == expected_count >= 25
    for pitfall_id, check in CONTENT.checks.items():
        for question in check.questions:
            got = parsed[f"{pitfall_id}/{question.id}"]
            assert got["prompt"] == flat(local(question.prompt, lang))
            assert [o["text"] for o in got["options"]] == [flat(local(o.text, lang)) for o in question.options]
            assert [o["feedback"] for o in got["options"]] == [flat(local(o.feedback, lang)) for o in question.options]
            assert [o["correct"] for o in got["options"]] == [o.correct for o in question.options]
            if question.type == "multiple":
                weights = [float(o["weight"]) for o in got["options"] if o["correct"]]
                assert abs(sum(weights) - 100) < 0.01
            assert got["general"].startswith(flat(local(question.explanation, lang)))
            assert CONTENT.references[question.source].url in got["general"]
    if lang == "fr":
        assert "é" in text and "«" in text or "’" in text  # accents and typography survive as UTF-8


# Moodle XML: a reader of what Moodle's importer reads (question/format/xml/format.php)


def read_moodle_xml(text: str) -> list[dict]:
    """The file's questions in order, each with the category in force, as Moodle's importer reads them."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')  # the declaration on the first line
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "quiz"
    out, current = [], None
    for element in root:
        if element.tag is ET.Comment:
            continue
        assert element.tag == "question"
        if element.get("type") == "category":
            current = element.findtext("category/text")
            continue
        assert element.get("type") == "multichoice"
        for tag in ("questiontext", "generalfeedback"):
            assert element.find(tag).get("format") == "html"
        out.append(
            {
                "category": current,
                "name": element.findtext("name/text"),
                "idnumber": element.findtext("idnumber"),
                "single": element.findtext("single"),
                "prompt": element.findtext("questiontext/text"),
                "general": element.findtext("generalfeedback/text"),
                "answers": [
                    (float(a.get("fraction")), a.findtext("text"), a.findtext("feedback/text"))
                    for a in element.findall("answer")
                ],
            }
        )
    return out


def assert_moodle_xml_matches(text: str, content, lang: str) -> None:
    got = read_moodle_xml(text)
    expected = questions(content)
    assert len(got) == len(expected)
    numbers = {p.id: p.number for p in content.pitfalls}
    for parsed, (pitfall_id, question) in zip(got, expected, strict=True):
        assert parsed["category"] == f"cmguide/{lang}/{numbers[pitfall_id]:02d}-{pitfall_id}"
        assert parsed["name"] == parsed["idnumber"] == f"{pitfall_id}/{question.id}"
        assert parsed["single"] == ("true" if question.type == "single" else "false")
        assert from_html(parsed["prompt"]) == yaml_text(question.prompt, lang)
        assert [a[0] for a in parsed["answers"]] == shares(question)
        assert [from_html(a[1]) for a in parsed["answers"]] == [yaml_text(o.text, lang) for o in question.options]
        assert [from_html(a[2]) for a in parsed["answers"]] == [yaml_text(o.feedback, lang) for o in question.options]
        assert from_html(parsed["general"]) == explained(question, content, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_moodle_xml_export_round_trips_to_the_yaml(built_site, lang):
    text = (built_site / export_paths(CONTENT)["moodle-xml"][lang]).read_text(encoding="utf-8")
    assert_moodle_xml_matches(text, CONTENT, lang)
    root = ET.fromstring(text.encode("utf-8"))
    assert [q.findtext("category/text") for q in root.findall("question[@type='category']")] == [
        f"cmguide/{lang}/{p.number:02d}-{p.id}" for p in CONTENT.pitfalls if p.id in CONTENT.checks
    ]
    # empty texts are written <text></text>, as Moodle writes them
    assert text.count('<correctfeedback format="html">\n      <text></text>') == len(questions(CONTENT))


# QTI 1.2: a reader of the package and a small QTI 1.2 response processor


def read_qti_package(data: bytes) -> dict[str, ET.Element]:
    """Path -> parsed XML for every file the manifest names (and nothing else in the package)."""
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest"
    listed = ["imsmanifest.xml"] + [f.get("href") for f in manifest.iter(f"{CP}file")]
    assert sorted(listed) == sorted(names)
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    ids = {r.get("identifier") for r in resources}
    for resource in resources:
        for dependency in resource.findall(f"{CP}dependency"):
            assert dependency.get("identifierref") in ids
    return {name: ET.fromstring(package.read(name)) for name in names}


def score(item: ET.Element, chosen: set[str]) -> tuple[float, list[str]]:
    """QTI 1.2 response processing of one item for a set of chosen options: (SCORE, feedback idents shown)."""
    processing = item.find(f"{QTI}resprocessing")
    decvar = processing.find(f"{QTI}outcomes/{QTI}decvar")
    value, shown = 0.0, []
    for condition in processing.findall(f"{QTI}respcondition"):
        test = condition.find(f"{QTI}conditionvar")[0]
        if test.tag == f"{QTI}other" or (test.tag == f"{QTI}varequal" and test.text in chosen):
            for setvar in condition.findall(f"{QTI}setvar"):
                value = float(setvar.text) if setvar.get("action") == "Set" else value + float(setvar.text)
            shown += [d.get("linkrefid") for d in condition.findall(f"{QTI}displayfeedback")]
            if condition.get("continue") == "No":
                break
    return max(float(decvar.get("minvalue")), min(float(decvar.get("maxvalue")), value)), shown


def read_qti_item(item: ET.Element) -> dict:
    metadata = {
        f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry") for f in item.iter(f"{QTI}qtimetadatafield")
    }
    labels = item.findall(f".//{QTI}response_label")
    feedback = {f.get("ident"): f.findtext(f".//{QTI}mattext") for f in item.findall(f"{QTI}itemfeedback")}
    return {
        "title": item.get("title"),
        "metadata": metadata,
        "cardinality": item.find(f".//{QTI}response_lid").get("rcardinality"),
        "prompt": item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text,
        "options": [(label.get("ident"), label.findtext(f".//{QTI}mattext")) for label in labels],
        "feedback": feedback,
    }


def assert_qti_item_matches(item: ET.Element, pitfall_id: str, question, lang: str, content) -> None:
    got = read_qti_item(item)
    assert got["title"] == f"{pitfall_id}/{question.id}"
    single = question.type == "single"
    assert got["metadata"]["question_type"] == ("multiple_choice_question" if single else "multiple_answers_question")
    assert got["metadata"]["points_possible"] == "1.0"
    assert got["cardinality"] == ("Single" if single else "Multiple")
    assert from_html(got["prompt"]) == yaml_text(question.prompt, lang)
    idents = [ident for ident, _ in got["options"]]
    assert got["metadata"]["original_answer_ids"] == ",".join(idents)
    assert [from_html(text) for _, text in got["options"]] == [yaml_text(o.text, lang) for o in question.options]
    assert [from_html(got["feedback"][f"{i}_fb"]) for i in idents] == [
        yaml_text(o.feedback, lang) for o in question.options
    ]
    assert from_html(got["feedback"]["general_fb"]) == explained(question, content, lang)
    # each option chosen alone scores as in GIFT (a wrong one in a multiple-answer question: 0, never below)
    for ident, share in zip(idents, shares(question), strict=True):
        value, shown = score(item, {ident})
        assert value == max(share, 0.0)
        assert shown == ["general_fb", f"{ident}_fb"]
    right = {i for i, o in zip(idents, question.options, strict=True) if o.correct}
    assert score(item, right)[0] == 100.0
    if not single:  # every right option and one wrong: nothing
        for ident in sorted(set(idents) - right):
            assert score(item, right | {ident})[0] == 0.0


def assert_qti_matches(data: bytes, content, lang: str) -> None:
    files = read_qti_package(data)
    checks = [p for p in content.pitfalls if p.id in content.checks]
    assert sorted(files) == sorted(
        ["imsmanifest.xml"]
        + [f"cmguide-{lang}-{p.id}/cmguide-{lang}-{p.id}.xml" for p in checks]
        + [f"cmguide-{lang}-{p.id}/assessment_meta.xml" for p in checks]
    )
    for pitfall in checks:
        ident = f"cmguide-{lang}-{pitfall.id}"
        root = files[f"{ident}/{ident}.xml"]
        assert root.tag == f"{QTI}questestinterop"
        assessment = root.find(f"{QTI}assessment")
        title = flat(f"{local(content.site.quiz_ui.check, lang)} — {local(pitfall.short_title, lang)}")
        assert assessment.get("title") == title
        meta = files[f"{ident}/assessment_meta.xml"]
        assert meta.tag == f"{CANVAS}quiz" and meta.findtext(f"{CANVAS}title") == title
        assert meta.findtext(f"{CANVAS}quiz_type") == "practice_quiz"
        check = content.checks[pitfall.id]
        assert meta.findtext(f"{CANVAS}points_possible") == f"{len(check.questions)}.0"
        items = assessment.findall(f"{QTI}section/{QTI}item")
        assert len(items) == len(check.questions)
        for item, question in zip(items, check.questions, strict=True):
            assert_qti_item_matches(item, pitfall.id, question, lang, content)


@pytest.mark.parametrize("lang", LANGS)
def test_qti_package_round_trips_to_the_yaml_and_scores_like_gift(built_site, lang):
    data = (built_site / export_paths(CONTENT)["qti"][lang]).read_bytes()
    assert_qti_matches(data, CONTENT, lang)
    assert sum(1 for _, q in questions(CONTENT) if q.type == "multiple") >= 1  # both kinds are exercised


# Aiken: a reader following Moodle's (question/format/aiken/format.php)


def read_aiken(text: str) -> list[dict]:
    """Questions as Moodle reads them: a line that is no option and no answer starts a question."""
    out, current = [], None
    for raw in re.split(r"\r|\n", text):
        line = raw.strip()
        if len(line) < 2:
            continue
        if re.match(r"^[A-Z][).][ \t]?", line):
            assert current is not None, line
            current["options"].append(line[2:].strip())
        elif line.startswith("ANSWER:"):
            assert current is not None and len(current["options"]) >= 2, line
            current["answer"] = ord(line.split(":", 1)[1].strip()[0]) - ord("A")
            out.append(current)
            current = None
        else:
            assert current is None, f"question left without an answer before {line!r}"
            current = {"prompt": line, "options": []}
    assert current is None
    return out


def plain(value, lang: str) -> str:
    """A YAML text without its emphasis marks, on one line."""
    text = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", yaml_text(value, lang))
    return re.sub(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])", r"\1", text)


def assert_aiken_matches(text: str, content, lang: str) -> None:
    expected = [q for _, q in questions(content) if q.type == "single"]
    expected = [q for q in expected if not re.match(r"^(?:[A-Z][).]|ANSWER:)", plain(q.prompt, lang))]
    got = read_aiken(text)
    assert len(got) == len(expected)
    for parsed, question in zip(got, expected, strict=True):
        assert parsed["prompt"] == plain(question.prompt, lang)
        assert parsed["options"] == [plain(o.text, lang) for o in question.options]
        assert parsed["answer"] == [o.correct for o in question.options].index(True)
    lines = text.splitlines()
    options = [line for line in lines if re.match(r"^[A-Z][).] ", line)]
    assert options and all(line[1] == "." for line in options)  # one style throughout: "A. ", "B. ", …


@pytest.mark.parametrize("lang", LANGS)
def test_aiken_export_holds_the_single_answer_questions_only(built_site, lang):
    text = (built_site / export_paths(CONTENT)["aiken"][lang]).read_text(encoding="utf-8")
    assert_aiken_matches(text, CONTENT, lang)
    singles = sum(1 for _, q in questions(CONTENT) if q.type == "single")
    assert text.count("\nANSWER: ") == singles < len(questions(CONTENT))  # multiple-answer questions are left out
    assert "**" not in text and "<" not in text  # no formatting, no HTML: plain text


def test_aiken_leaves_out_what_it_cannot_hold():
    content = load_content(ROOT)  # a copy to change
    check = content.checks["full-automation"]
    question = next(q for q in check.questions if q.type == "single")
    odd = [
        question.model_copy(update={"id": "x-option", "prompt": {"fr": "A. Quoi ?", "en": "A. What?"}}),
        question.model_copy(update={"id": "x-answer", "prompt": {"fr": "ANSWER: B", "en": "ANSWER: B"}}),
        question.model_copy(update={"id": "x-short", "prompt": {"fr": "?", "en": "?"}}),
        question.model_copy(update={"id": "x-many", "options": question.options * 7}),  # more than 26 options
    ]
    check.questions[:] = [question, *odd]
    expected = 1 + sum(1 for p, q in questions(content) if q.type == "single" and p != "full-automation")
    for lang in LANGS:
        got = read_aiken(exports.aiken(content, lang))  # reads as it should: no stray option or answer line
        assert len(got) == expected
        assert [q["prompt"] for q in got].count(plain(question.prompt, lang)) == 1


# Special characters in every field: each format gives them back as written


SPECIAL = "& < > \" ' é À ç % 50 % {x} #t: ~= \\ **gras** *it* `code` <script>alert(1)</script> ]]> -- \n fin"


@pytest.fixture(scope="module")
def special_content(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("special") / "p", ROOT)
    assert inject(project, SPECIAL) > 1000  # at the end of every text: titles, sources, labels too
    for path in (project / "quizzes" / "checks").glob("*.yml"):  # and at the start of the quiz texts
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for question in data["questions"]:
            fields = [question["prompt"], question["explanation"]]
            fields += [part for option in question["options"] for part in (option["text"], option["feedback"])]
            for field in fields:
                for lang in field:
                    field[lang] = SPECIAL + " " + field[lang]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    content = load_content(project)
    assert [p for p in content.problems if p.rule != "TYPO-FR"] == []
    return content


@pytest.mark.parametrize("lang", LANGS)
def test_every_export_gives_special_characters_back(special_content, lang):
    content = special_content
    first = content.checks["full-automation"].questions[0]
    assert "\n" in first.prompt[lang] and "<script>" in first.prompt[lang]
    assert "<script>" in content.references[first.source].title and "<script>" in content.pitfalls[0].short_title[lang]
    moodle = exports.moodle_xml(content, lang)
    assert "<script>" not in moodle and "&amp;lt;script&amp;gt;" in moodle  # escaped for HTML, then for XML
    assert_moodle_xml_matches(moodle, content, lang)
    assert_qti_matches(exports.qti_package(content, lang), content, lang)
    aiken = exports.aiken(content, lang)
    assert_aiken_matches(aiken, content, lang)
    assert "<script>alert(1)</script>" in aiken and "**gras**" not in aiken and "gras" in aiken
    gift = parse_gift(exports.gift(content, lang))
    for pitfall_id, question in questions(content):
        assert gift[f"{pitfall_id}/{question.id}"]["prompt"] == yaml_text(question.prompt, lang)


# Every format: written the same way each time, named once, linked from the contributing page


def test_exports_are_byte_identical_from_build_to_build(built_site):
    once, twice = exports.export_files(CONTENT), exports.export_files(CONTENT)
    assert once == twice
    assert sorted(once) == sorted(p for paths in export_paths(CONTENT).values() for p in paths.values())
    for path, data in once.items():
        on_site = (built_site / path).read_bytes()
        assert on_site == (data if isinstance(data, bytes) else data.encode("utf-8")), path
    info = zipfile.ZipFile(io.BytesIO(once[export_paths(CONTENT)["qti"]["fr"]])).infolist()
    assert {i.date_time for i in info} == {(1980, 1, 1, 0, 0, 0)}


def test_every_format_is_written_and_documented_once():
    assert list(exports.WRITERS) == list(export_paths(CONTENT)) == ["gift", "moodle-xml", "qti", "aiken"]
    assert [e.format for e in CONTENT.contributing.exports] == list(exports.WRITERS)


@pytest.mark.parametrize("lang", LANGS)
def test_contributing_page_lists_recipes_rules_and_exports(built_site, lang):
    page = read_page(built_site, PREFIX[lang] + "contributing/")
    rows = [el for el in page.find("code") if el.text in RULES]
    assert {el.text for el in rows} == set(RULES)
    for recipe in CONTENT.contributing.recipes:
        assert f"recipe-{recipe.id}" in page.ids()
    links = {page.resolve(a.attrs["href"]) for a in page.find("a")}
    for paths in export_paths(CONTENT).values():
        for path in paths.values():
            assert path in links and (built_site / path).exists()
    names = [el.text for el in page.find("strong") if el.parent is not None and el.parent.tag == "p"]
    assert [local(e.name, lang) for e in CONTENT.contributing.exports] == [
        n for n in names if n in {local(e.name, lang) for e in CONTENT.contributing.exports}
    ]
    downloads = [a for a in page.find("a") if "download" in a.attrs]
    assert sorted(page.resolve(a.attrs["href"]) for a in downloads) == sorted(
        p for paths in export_paths(CONTENT).values() for p in paths.values()
    )
    assert all(a.attrs["hreflang"] in LANGS and f"-{a.attrs['hreflang']}." in a.attrs["href"] for a in downloads)


def test_contributing_file_is_up_to_date():
    result = subprocess.run(
        [sys.executable, "-m", "cmguide", "contributing", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.describe('en')} |" in text
    for export in CONTENT.contributing.exports:
        paths = export_paths(CONTENT)[export.format].values()
        assert f"- **{local(export.name, 'en')}**: {flat(local(export.how, 'en'))} " in text
        assert all(f"`{path}`" in text for path in paths)
