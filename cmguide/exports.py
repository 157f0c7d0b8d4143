"""Exports of the knowledge checks for learning platforms, one file per format and language.

- Moodle GIFT: the question, each option with its feedback, several right answers (with partial credit) and the
  explanation with its source as general feedback; **bold** / *italic* through GIFT's [markdown] format.
- Moodle XML (Moodle, Wooclap): the same, as HTML; a category per pitfall, the question's stable id as its name.
- QTI 1.2 (Canvas): a .zip package (imsmanifest.xml, one assessment per pitfall with Canvas' assessment_meta.xml),
  the same scoring written as response processing, per-option and general feedback.
- Aiken (Moodle): single-answer questions only, plain text: no feedback, no explanation, no formatting.

Every format scores alike: a single-answer question gives all its points for the right option; a multiple-answer
question gives each right option an equal share and takes everything back for any wrong one (never below 0).
Texts keep their accents (UTF-8); whitespace, newlines included, is collapsed to single spaces.
"""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator

from . import models as m
from .content import Content
from .locales import local, one_line, strip_controls
from .render import _inline, export_paths

GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
GENERATED = "Generated from quizzes/checks/*.yml; edit the YAML, not this file."


# Shared helpers


def flat(text: str) -> str:
    """A text on one line (see locales.one_line: French no-break spaces stay)."""
    return one_line(text)


def _percent(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def fractions(question: m.Question) -> list[str]:
    """Each option's share of the question's points, in percent, as GIFT and Moodle XML write it.

    Single answer: 100 for the right option, 0 for the others. Multiple answers: the right options share 100 and
    a wrong one takes 100 away (Moodle never goes below 0). Moodle accepts only its own list of grades: 100/n
    written with 5 decimals matches it for 1 to 10 right options.
    """
    if question.type == "single":
        return ["100" if o.correct else "0" for o in question.options]
    share = _percent(100 / sum(o.correct for o in question.options))
    return [share if o.correct else "-100" for o in question.options]


def checks(content: Content) -> Iterator[tuple[m.Pitfall, m.KnowledgeCheck]]:
    """(pitfall, its knowledge check), in reading order."""
    for pitfall in content.pitfalls:
        if pitfall.id in content.checks:
            yield pitfall, content.checks[pitfall.id]


def explanation(content: Content, question: m.Question, lang: str) -> str:
    """The explanation with its source, as plain text (GIFT)."""
    source = content.references[question.source]
    return f"{local(question.explanation, lang)} ({source.title}, {source.publisher}, {source.url})"


def rich(value: dict[str, str], lang: str) -> str:
    """A text as HTML on one line: escaped, with its **bold** and *italic* as <strong> and <em>."""
    return str(_inline(flat(local(value, lang))))


def rich_explanation(content: Content, question: m.Question, lang: str) -> str:
    """The explanation with its source and a link to it, as HTML."""
    source = content.references[question.source]
    cite = html.escape(flat(strip_controls(f"{source.title}, {source.publisher}")))
    url = html.escape(strip_controls(source.url))
    link = f'<a href="{url}">{url}</a>'
    return f"{rich(question.explanation, lang)} ({cite}, {link})"


def category(pitfall: m.Pitfall, lang: str) -> str:
    return f"cmguide/{lang}/{pitfall.number:02d}-{pitfall.id}"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _xml(root: ET.Element, short_empty_elements: bool = True) -> str:
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode", short_empty_elements=short_empty_elements) + "\n"


# Moodle GIFT


def gift_escape(text: str) -> str:
    """A text GIFT reads as text: its special characters backslash-escaped, on one line.

    GIFT has no escape for '%', which Moodle reads as a weight (``~%50%``) at the start of an answer: a
    leading '%' is written as the HTML entity ``&#37;`` (its '#' escaped too), which the [markdown] format
    shows as '%'.
    """
    escaped = GIFT_SPECIAL.sub(r"\\\1", flat(text))
    return "&\\#37;" + escaped[1:] if escaped.startswith("%") else escaped


def gift(content: Content, lang: str) -> str:
    """Every knowledge check of the site in one GIFT file, a category per pitfall."""
    lines = [
        f"// {flat(local(content.site.ui.site_name, lang))} — {flat(local(content.site.quiz_ui.check, lang))} ({lang})",
        f"// {GENERATED}",
        "",
    ]
    for pitfall, check in checks(content):
        lines += [f"$CATEGORY: {category(pitfall, lang)}", ""]
        for question in check.questions:
            lines.append(f"::{pitfall.id}/{question.id}::[markdown]{gift_escape(local(question.prompt, lang))} {{")
            for option, fraction in zip(question.options, fractions(question), strict=True):
                if question.type == "single":
                    mark = "=" if option.correct else "~"
                else:
                    mark = f"~%{fraction}%"
                text, feedback = local(option.text, lang), local(option.feedback, lang)
                lines.append(f"\t{mark}{gift_escape(text)}#{gift_escape(feedback)}")
            lines.append(f"\t####{gift_escape(explanation(content, question, lang))}")
            lines += ["}", ""]
    return "\n".join(lines)


# Moodle XML (https://docs.moodle.org/en/Moodle_XML_format), read by Moodle and Wooclap


def _moodle_text(parent: ET.Element, tag: str, text: str, rich_text: bool = True) -> ET.Element:
    element = _add(parent, tag, format="html") if rich_text else _add(parent, tag)
    _add(element, "text", text)
    return element


def _moodle_category(quiz: ET.Element, pitfall: m.Pitfall, lang: str) -> None:
    question = _add(quiz, "question", type="category")
    _moodle_text(question, "category", category(pitfall, lang), rich_text=False)
    _moodle_text(question, "info", rich(pitfall.short_title, lang))


def _moodle_question(quiz: ET.Element, content: Content, pitfall: m.Pitfall, question: m.Question, lang: str) -> None:
    element = _add(quiz, "question", type="multichoice")
    _moodle_text(element, "name", f"{pitfall.id}/{question.id}", rich_text=False)
    _moodle_text(element, "questiontext", rich(question.prompt, lang))
    _moodle_text(element, "generalfeedback", rich_explanation(content, question, lang))
    for tag, value in [("defaultgrade", "1"), ("penalty", "0.3333333"), ("hidden", "0")]:
        _add(element, tag, value)
    _add(element, "idnumber", f"{pitfall.id}/{question.id}")
    _add(element, "single", "true" if question.type == "single" else "false")
    _add(element, "shuffleanswers", "false")  # the options keep their written order, as on the site
    _add(element, "answernumbering", "abc")
    _add(element, "showstandardinstruction", "0")
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _moodle_text(element, tag, "")
    for option, fraction in zip(question.options, fractions(question), strict=True):
        answer = _add(element, "answer", fraction=fraction, format="html")
        _add(answer, "text", rich(option.text, lang))
        _moodle_text(answer, "feedback", rich(option.feedback, lang))


def moodle_xml(content: Content, lang: str) -> str:
    """Every knowledge check in one Moodle XML file: a category per pitfall, then its questions."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {GENERATED} "))
    for pitfall, check in checks(content):
        _moodle_category(quiz, pitfall, lang)
        for question in check.questions:
            _moodle_question(quiz, content, pitfall, question, lang)
    return _xml(quiz, short_empty_elements=False)  # <text></text>, as Moodle writes its own files


# IMS QTI 1.2 (questestinterop), packaged the way Canvas imports it: Settings › Import course content › QTI .zip

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


def qti_ident(lang: str, *parts: str) -> str:
    """An identifier unique across the package and both languages (an XML NCName: ids are kebab-case)."""
    return "-".join(["cmguide", lang, *parts])


def _mattext(parent: ET.Element, text: str) -> None:
    _add(_add(parent, "material"), "mattext", text, texttype="text/html")


def _qti_metadata(item: ET.Element, question: m.Question, answer_ids: list[str]) -> None:
    fields = [
        ("question_type", "multiple_choice_question" if question.type == "single" else "multiple_answers_question"),
        ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(answer_ids)),
    ]
    metadata = _add(_add(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        field = _add(metadata, "qtimetadatafield")
        _add(field, "fieldlabel", label)
        _add(field, "fieldentry", entry)


def _condition(parent: ET.Element, answer_id: str | None, stop: bool) -> ET.Element:
    """A <respcondition> on one chosen option (None: on any answer)."""
    condition = _add(parent, "respcondition", **{"continue": "No" if stop else "Yes"})
    conditionvar = _add(condition, "conditionvar")
    if answer_id is None:
        _add(conditionvar, "other")
    else:
        _add(conditionvar, "varequal", answer_id, respident="response1")
    return condition


def _qti_scoring(item: ET.Element, question: m.Question, answer_ids: list[str]) -> None:
    """Feedback for the general explanation and each chosen option, then the score (0 to 100) as in GIFT."""
    processing = _add(item, "resprocessing")
    outcomes = _add(processing, "outcomes")
    _add(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    _add(_condition(processing, None, False), "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    for answer_id in answer_ids:
        condition = _condition(processing, answer_id, False)
        _add(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{answer_id}_fb")
    options = list(zip(question.options, answer_ids, fractions(question), strict=True))
    if question.type == "multiple":  # a wrong option chosen: 0, and nothing more is added
        for option, answer_id, _ in options:
            if not option.correct:
                _add(_condition(processing, answer_id, True), "setvar", "0", action="Set", varname="SCORE")
    for option, answer_id, fraction in options:
        if option.correct:
            action = "Set" if question.type == "single" else "Add"
            condition = _condition(processing, answer_id, question.type == "single")
            _add(condition, "setvar", fraction, action=action, varname="SCORE")


def _qti_item(section: ET.Element, content: Content, pitfall: m.Pitfall, question: m.Question, lang: str) -> None:
    item = _add(section, "item", ident=qti_ident(lang, pitfall.id, question.id), title=f"{pitfall.id}/{question.id}")
    answer_ids = [qti_ident(lang, pitfall.id, question.id, o.id) for o in question.options]
    _qti_metadata(item, question, answer_ids)
    presentation = _add(item, "presentation")
    _mattext(presentation, rich(question.prompt, lang))
    cardinality = "Single" if question.type == "single" else "Multiple"
    response = _add(presentation, "response_lid", ident="response1", rcardinality=cardinality)
    choices = _add(response, "render_choice", shuffle="No")
    for option, answer_id in zip(question.options, answer_ids, strict=True):
        _mattext(_add(choices, "response_label", ident=answer_id), rich(option.text, lang))
    _qti_scoring(item, question, answer_ids)
    feedbacks = [("general_fb", rich_explanation(content, question, lang))]
    feedbacks += [(f"{i}_fb", rich(o.feedback, lang)) for o, i in zip(question.options, answer_ids, strict=True)]
    for ident, text in feedbacks:
        _mattext(_add(_add(item, "itemfeedback", ident=ident), "flow_mat"), text)


def qti_title(content: Content, pitfall: m.Pitfall, lang: str) -> str:
    return flat(f"{local(content.site.quiz_ui.check, lang)} — {local(pitfall.short_title, lang)}")


def qti_assessment(content: Content, pitfall: m.Pitfall, check: m.KnowledgeCheck, lang: str) -> str:
    """One pitfall's knowledge check as a QTI 1.2 assessment."""
    root = ET.Element("questestinterop", {"xmlns": QTI_NS, "xmlns:xsi": XSI_NS})
    root.set("xsi:schemaLocation", f"{QTI_NS} {QTI_XSD}")
    ident = qti_ident(lang, pitfall.id)
    assessment = _add(root, "assessment", ident=ident, title=qti_title(content, pitfall, lang))
    field = _add(_add(assessment, "qtimetadata"), "qtimetadatafield")
    _add(field, "fieldlabel", "cc_maxattempts")
    _add(field, "fieldentry", "1")
    section = _add(assessment, "section", ident="root_section")
    for question in check.questions:
        _qti_item(section, content, pitfall, question, lang)
    return _xml(root)


def canvas_meta(content: Content, pitfall: m.Pitfall, check: m.KnowledgeCheck, lang: str) -> str:
    """Canvas' settings for the quiz it creates: an ungraded practice quiz, options in their written order."""
    quiz = ET.Element("quiz", {"identifier": qti_ident(lang, pitfall.id), "xmlns": CANVAS_NS})
    settings = [
        ("title", qti_title(content, pitfall, lang)),
        ("description", ""),
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "practice_quiz"),
        ("points_possible", f"{len(check.questions)}.0"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "-1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ]
    for tag, value in settings:
        _add(quiz, tag, value)
    return _xml(quiz)


def qti_manifest(content: Content, lang: str) -> str:
    """imsmanifest.xml: each assessment and its Canvas settings."""
    manifest = ET.Element("manifest", {"identifier": qti_ident(lang, "manifest"), "xmlns": CP_NS})
    metadata = _add(manifest, "metadata")
    _add(metadata, "schema", "IMS Content")
    _add(metadata, "schemaversion", "1.1.3")
    _add(manifest, "organizations")
    resources = _add(manifest, "resources")
    for pitfall, _check in checks(content):
        ident = qti_ident(lang, pitfall.id)
        resource = _add(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
        _add(resource, "file", href=f"{ident}/{ident}.xml")
        _add(resource, "dependency", identifierref=f"{ident}-meta")
        meta = _add(
            resources,
            "resource",
            identifier=f"{ident}-meta",
            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
            href=f"{ident}/assessment_meta.xml",
        )
        _add(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _xml(manifest)


def qti_files(content: Content, lang: str) -> dict[str, str]:
    """Path in the package -> text: the manifest, then each pitfall's assessment and its Canvas settings."""
    files = {"imsmanifest.xml": qti_manifest(content, lang)}
    for pitfall, check in checks(content):
        ident = qti_ident(lang, pitfall.id)
        files[f"{ident}/{ident}.xml"] = qti_assessment(content, pitfall, check, lang)
        files[f"{ident}/assessment_meta.xml"] = canvas_meta(content, pitfall, check, lang)
    return files


def qti_package(content: Content, lang: str) -> bytes:
    """The QTI files in one .zip, byte-identical from build to build (fixed dates, order and modes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for path, text in qti_files(content, lang).items():
            info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# Aiken (Moodle): one line per question and option, then "ANSWER: X"; no comment, no feedback, no formatting

AIKEN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: lines Moodle's Aiken reader takes for an option or an answer, which a question's text must not look like
AIKEN_RESERVED = re.compile(r"^(?:[A-Z][).]|ANSWER:)")


def plain(value: dict[str, str], lang: str) -> str:
    """A text on one line without its **bold** and *italic* marks."""
    text = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", flat(local(value, lang)))
    return re.sub(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])", r"\1", text)


def aiken_questions(content: Content) -> Iterator[m.Question]:
    """The questions Aiken can hold: one right answer, at most 26 options."""
    for _pitfall, check in checks(content):
        yield from (q for q in check.questions if q.type == "single" and len(q.options) <= len(AIKEN_LETTERS))


def aiken(content: Content, lang: str) -> str:
    """The single-answer questions in Aiken: question, lettered options, answer; a blank line between them.

    A question whose text would read as an option or an answer line ("A. …", "ANSWER: …") is left out.
    """
    blocks = []
    for question in aiken_questions(content):
        prompt = plain(question.prompt, lang)
        if len(prompt) < 2 or AIKEN_RESERVED.match(prompt):  # Moodle skips lines shorter than 2 characters
            continue
        lines = [prompt]
        lines += [
            f"{letter}. {plain(o.text, lang)}" for letter, o in zip(AIKEN_LETTERS, question.options, strict=False)
        ]
        lines.append(f"ANSWER: {next(AIKEN_LETTERS[i] for i, o in enumerate(question.options) if o.correct)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


# Every export

WRITERS: dict[str, Callable[[Content, str], str | bytes]] = {
    "gift": gift,
    "moodle-xml": moodle_xml,
    "qti": qti_package,
    "aiken": aiken,
}


def export_files(content: Content) -> dict[str, str | bytes]:
    """Site-relative path -> text (or bytes), for every format and language."""
    return {
        path: WRITERS[fmt](content, lang)
        for fmt, paths in export_paths(content).items()
        for lang, path in paths.items()
    }
