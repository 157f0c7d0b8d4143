"""`./dev new …`: start a pitfall, a self-assessment statement or a knowledge question.

What it writes is valid content except for its texts, each marked `TODO` so that the TEXT-TODO rule lists
every one still to write. Ids are fresh; files start with their schema line for editors.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from pathlib import Path

from .content import Content
from .freshness import review_dates, today
from .loader import load_content
from .locales import colon
from .models import ACTIVITY_MINUTES, KEBAB
from .rules import page_references
from .schemas import header


class ScaffoldError(Exception):
    """A request that cannot be met (unknown pitfall, id taken…), said in one sentence."""


def todo(what_fr: str, what_en: str, indent: int) -> str:
    """A text to write, in each of the site's languages (the French words for French, the English for the others)."""
    pad = " " * indent
    # block scalars: a French text with " : " needs no quotes there
    return "".join(
        f"{pad}{lang}: >-\n{pad}  TODO{colon(lang)} {what_fr if lang == 'fr' else what_en}\n"
        for lang in _LANGUAGES.get()
    )


def new_pitfall(root: Path, pitfall_id: str) -> list[Path]:
    """Start a pitfall: its page, its self-assessment statements, its knowledge check and (with a workshop kit) its
    workshop activity, texts marked TODO."""
    content = _content(root)
    if not KEBAB.fullmatch(pitfall_id):
        raise ScaffoldError(f"'{pitfall_id}' is not a kebab-case id (a-z, 0-9, hyphens)")
    if any(p.id == pitfall_id for p in content.pitfalls) or (root / f"guidance/pitfalls/{pitfall_id}.yml").exists():
        raise ScaffoldError(f"pitfall '{pitfall_id}' already exists")
    files = [
        (f"guidance/pitfalls/{pitfall_id}.yml", _pitfall_file(content, pitfall_id)),
        (f"quizzes/self-assessment/{pitfall_id}.yml", _statements_file(content, pitfall_id)),
        (f"quizzes/checks/{pitfall_id}.yml", _check_file(content, pitfall_id)),
    ]
    if content.workshop is not None:  # with a workshop kit, every pitfall has its activity (WORKSHOP-COVERAGE)
        files.append((f"guidance/activities/{pitfall_id}.yml", _activity(pitfall_id)))
    written = []
    for rel, text in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _pitfall_file(content: Content, pitfall_id: str) -> str:
    refs = list(content.references)[:3]
    number = max((p.number for p in content.pitfalls), default=0) + 1
    related = content.pitfalls[0].id if content.pitfalls else pitfall_id
    facts = "".join(
        f"  - text:\n{todo(f'un fait sourcé n° {i}', f'sourced fact no. {i}', 6)}    sources: [{ref}]\n"
        for i, ref in enumerate(refs[:2], 1)
    )
    signs = "".join("  -" + todo(f"signal d’alerte n° {i}", f"warning sign no. {i}", 4)[3:] for i in range(1, 5))
    actions = "".join(
        f"  - id: todo-action-{i}\n    text:\n{todo(f'action n° {i}', f'action no. {i}', 6)}" for i in range(1, 7)
    )
    reviewed, review_by = review_dates(today())
    return (
        f"{header(f'guidance/pitfalls/{pitfall_id}.yml')}\n"
        f"id: {pitfall_id}\nnumber: {number}\n"
        f"title:\n{todo('titre du piège', 'title of the pitfall', 2)}"
        f"short_title:\n{todo('titre court', 'short title', 2)}"
        f"description:\n{todo('une phrase de 160 caractères au plus', 'one sentence, 160 characters at most', 2)}"
        f"summary:\n{todo('un paragraphe de résumé', 'a one-paragraph summary', 2)}"
        f"why:\n{facts}"
        f"warning_signs:\n{signs}"
        f"actions:\n{actions}"
        f"scenario:\n  title:\n{todo('titre de la mise en situation', 'title of the scenario', 4)}"
        f"  story:\n{todo('la mise en situation', 'the scenario', 4)}"
        f"related: [{related}]\nfurther_reading: [{refs[2] if len(refs) > 2 else refs[0]}]\n"
        f'reviewed: "{reviewed}"\nreview_by: "{review_by}"\n'
    )


def _statements_file(content: Content, pitfall_id: str) -> str:
    """Five statements (three risky habits, two good practices) and three bands that split their range."""
    scale = content.assessment.scale
    top = 5 * (max(o.points for o in scale) - min(o.points for o in scale)) + 5 * min(o.points for o in scale)
    low = 5 * min(o.points for o in scale)
    cuts = [low, low + (top - low) // 3, low + 2 * (top - low) // 3, top]
    statements = "".join(
        _statement(f"todo-{pitfall_id}-statement-{i}", "risk" if i <= 3 else "good") for i in range(1, 6)
    )
    bands = ""
    for i, level in enumerate(["low", "moderate", "high"]):
        start = cuts[i] if i == 0 else cuts[i] + 1
        bands += (
            f"  - id: {level}\n    level: {level}\n    min: {start}\n    max: {cuts[i + 1]}\n"
            f"    label:\n{todo(f'nom de la tranche {level}', f'name of the {level} band', 6)}"
            f"    advice:\n{todo('conseil pour cette tranche', 'advice for this band', 6)}"
            f"    read: [actions]\n"
        )
    return (
        f"{header(f'quizzes/self-assessment/{pitfall_id}.yml')}\n"
        f"pitfall: {pitfall_id}\nstatements:\n{statements}bands:\n{bands}"
    )


def _check_file(content: Content, pitfall_id: str) -> str:
    """Five single-answer questions whose keys rotate over the three positions."""
    source = list(content.references)[0]
    questions = "".join(_question(f"todo-question-{i}", "single", source, i % 3 + 1) for i in range(1, 6))
    return f"{header(f'quizzes/checks/{pitfall_id}.yml')}\npitfall: {pitfall_id}\nquestions:\n{questions}"


def new_statement(root: Path, pitfall_id: str) -> Path:
    """Append a statement to a pitfall's self-assessment file and widen its top band to the new maximum."""
    content = _content(root)
    group = content.statements.get(pitfall_id)
    if group is None:
        raise ScaffoldError(f"pitfall '{pitfall_id}' has no self-assessment file to add to")
    doc = content.doc_of(group)
    path = root / doc.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    new_id = _fresh(f"todo-{pitfall_id}-statement", {s.id for g in content.statement_sets for s in g.statements})
    top_index = max(range(len(group.bands)), key=lambda i: group.bands[i].max)
    line_no, _ = doc.marks.value(("bands", top_index, "max"))
    scale = [o.points for o in content.assessment.scale]
    widened = group.bands[top_index].max + max(scale)
    lines[line_no - 1] = re.sub(r"max:\s*\d+", f"max: {widened}", lines[line_no - 1])
    bands_line, _ = doc.marks.key(("bands",))
    lines.insert(bands_line - 1, _statement(new_id, "risk"))
    path.write_text("".join(lines), encoding="utf-8")
    return path


def new_question(root: Path, pitfall_id: str, kind: str = "single") -> Path:
    """Append a knowledge question to a pitfall's check (the questions list ends the file)."""
    content = _content(root)
    check = content.checks.get(pitfall_id)
    if check is None:
        raise ScaffoldError(f"pitfall '{pitfall_id}' has no knowledge check file to add to")
    path = root / content.doc_of(check).path
    new_id = _fresh("todo-question", {q.id for q in check.questions})
    source = page_references(content.pitfall(pitfall_id))[0]
    text = path.read_text(encoding="utf-8")
    key_at = _least_used_key_position(content)
    path.write_text(text.rstrip("\n") + "\n" + _question(new_id, kind, source, key_at), encoding="utf-8")
    return path


# Helper functions


#: the languages the texts being written are in: the site's, set by `_content` (French and English before)
_LANGUAGES: ContextVar[tuple[str, ...]] = ContextVar("languages", default=("fr", "en"))


def _content(root: Path) -> Content:
    content = load_content(root)
    if content.languages:
        _LANGUAGES.set(tuple(content.languages))
    problems = [p for p in content.problems if p.rule != "TEXT-TODO"]  # texts still to write are fine
    if problems:
        raise ScaffoldError(f"the content has {len(problems)} problem(s) already: run `./dev validate` first")
    return content


def _fresh(prefix: str, taken: set[str]) -> str:
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


def _statement(statement_id: str, direction: str) -> str:
    what = ("une habitude risquée, à la première personne", "a risky habit, in the first person")
    if direction == "good":
        what = ("une bonne pratique, à la première personne", "a good practice, in the first person")
    return f"  - id: {statement_id}\n    text:\n{todo(*what, 6)}    direction: {direction}\n"


def _activity(pitfall_id: str) -> str:
    """A workshop activity whose steps add up to its duration (WORKSHOP-TIME), every text to write."""
    low, high = ACTIVITY_MINUTES
    minutes = [10, 10, (low + high) // 2 - 20]  # a duration in the middle of the allowed range
    steps = "".join(
        f"  - id: todo-step-{i}\n    minutes: {step}\n"
        f"    title:\n{todo(f'titre de l’étape {i}', f'title of step {i}', 6)}"
        f"    text:\n{todo('ce qui se passe, pour l’animation', 'what happens, for the facilitator', 6)}"
        f"    note:\n{todo('la note d’animation de cette étape', 'the facilitator’s note for this step', 6)}"
        for i, step in enumerate(minutes, 1)
    )

    def texts(what_fr: str, what_en: str, count: int) -> str:
        return "".join("  -" + todo(f"{what_fr} n° {i}", f"{what_en} no. {i}", 4)[3:] for i in range(1, count + 1))

    return (
        f"{header(f'guidance/activities/{pitfall_id}.yml')}\n"
        f"pitfall: {pitfall_id}\n"
        f"title:\n{todo('titre de l’activité', 'title of the activity', 2)}"
        f"goal:\n{todo('ce que les participants en retirent', 'what participants get out of it', 2)}"
        f"duration: {sum(minutes)}  # minutes, {low} to {high}: the steps' minutes add up to it\n"
        f"groups:\n{todo('en groupes de 3 à 5, seul, en binôme…', 'in groups of 3 to 5, alone, in pairs…', 2)}"
        f"materials:\n{texts('matériel', 'material', 1)}"
        f"steps:\n{steps}"
        f"discussion:\n{texts('question pour les groupes', 'prompt for the groups', 2)}"
        f"debrief:\n{texts('question de débriefing', 'debrief question', 2)}"
        f"instructions:\n{texts('consigne pour la fiche participant', 'instruction for the handout', 3)}"
    )


def _least_used_key_position(content: Content) -> int:
    """Where to put the right option of a new question so that no position gathers the keys (QUIZ-KEY-POSITION)."""
    counts = dict.fromkeys(range(1, 4), 0)
    for check in content.check_sets:
        for question in check.questions:
            if question.type == "single":
                position = next((n for n, o in enumerate(question.options, 1) if o.correct), 1)
                counts[position] = counts.get(position, 0) + 1
    return min(range(1, 4), key=lambda n: (counts[n], n))


def _question(question_id: str, kind: str, source: str, key_at: int) -> str:
    """A question of three options, the right one (two for `multiple`) at ``key_at``."""
    options = ""
    for i in range(1, 4):
        correct = i == key_at or (kind == "multiple" and i == key_at % 3 + 1)
        options += (
            f"      - id: todo-option-{i}\n        text:\n{todo(f'option {i}', f'option {i}', 10)}"
            + ("        correct: true\n" if correct else "")
            + f"        feedback:\n{todo('pourquoi juste ou faux', 'why right or wrong', 10)}"
        )
    return (
        f"  - id: {question_id}\n    type: {kind}\n"
        f"    prompt:\n{todo('la question', 'the question', 6)}"
        f"    options:\n{options}"
        f"    explanation:\n{todo('l’explication, avec sa source', 'the explanation, with its source', 6)}"
        f"    source: {source}\n"
        "    read: why  # the section of the page to reread: summary, why, warning-signs, actions or scenario\n"
    )
