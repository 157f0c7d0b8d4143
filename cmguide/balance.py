"""Rules on the knowledge checks taken together: a reader must not find the key by its place or its length.

Both rules look at every single-answer question of the site at once (a position or a length habit shows
across questions, not inside one), from MIN_QUESTIONS of them on.
"""

from __future__ import annotations

from .problems import Problem

MIN_QUESTIONS = 5
MAX_SHARE_PER_POSITION = 0.40  # of single-answer questions whose key is at one position
MAX_SHARE_LONGEST = 0.30  # of single-answer questions whose key is strictly the longest option, per language


def check_key_balance(content) -> list[Problem]:
    """QUIZ-KEY-POSITION and QUIZ-KEY-LENGTH."""
    pitfalls = {p.id for p in content.pitfalls}
    singles = [  # the questions readers see: one check per pitfall that exists
        (check, i, question)
        for check in content.checks.values()
        if check.pitfall in pitfalls
        for i, question in enumerate(check.questions)
        if question.type == "single" and sum(o.correct for o in question.options) == 1
    ]
    if len(singles) < MIN_QUESTIONS:
        return []
    problems = []
    by_position: dict[int, list] = {}
    for check, i, question in singles:
        position = next(n for n, o in enumerate(question.options, 1) if o.correct)
        by_position.setdefault(position, []).append((check, i, question))
    for position, items in sorted(by_position.items()):
        if len(items) / len(singles) > MAX_SHARE_PER_POSITION:
            problems.append(
                _at(
                    content,
                    items,
                    "QUIZ-KEY-POSITION",
                    f"the right option is option {position} in {len(items)} of the {len(singles)} single-answer "
                    f"questions ({100 * len(items) // len(singles)}%; at most {MAX_SHARE_PER_POSITION:.0%})",
                    "move the right option to another place in some of these questions: " + _names(items),
                )
            )
    for lang in content.languages:
        longest = [(check, i, question) for check, i, question in singles if _strictly_longest(question, lang)]
        if len(longest) / len(singles) > MAX_SHARE_LONGEST:
            problems.append(
                _at(
                    content,
                    longest,
                    "QUIZ-KEY-LENGTH",
                    f"in '{lang}', the right option is strictly the longest in {len(longest)} of the {len(singles)} "
                    f"single-answer questions ({100 * len(longest) // len(singles)}%; at most {MAX_SHARE_LONGEST:.0%})",
                    "shorten these keys or lengthen a wrong option: " + _names(longest),
                )
            )
    return problems


# Helper functions


def _strictly_longest(question, lang: str) -> bool:
    lengths = [(len(" ".join(o.text[lang].split())), o.correct) for o in question.options]
    key = next(length for length, correct in lengths if correct)
    return all(length < key for length, correct in lengths if not correct)


def _names(items) -> str:
    shown = [f"{check.pitfall}/{question.id}" for check, _i, question in items[:8]]
    return ", ".join(shown) + (f" and {len(items) - 8} more" if len(items) > 8 else "")


def _at(content, items, rule: str, message: str, hint: str) -> Problem:
    """The problem, placed at the right option of the first question concerned."""
    check, i, question = items[0]
    doc = content.doc_of(check)
    option = next(n for n, o in enumerate(question.options) if o.correct)
    line, col = doc.marks.value(("questions", i, "options", option))
    return Problem(doc.path, line, col, rule, message, hint)
