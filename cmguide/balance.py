"""Rules on the knowledge checks taken together: a reader must not find the key by its place or its length.

Both rules look at every single-answer question of the site at once (a position or a length habit shows
across questions, not inside one), from MIN_QUESTIONS of them on.
"""

from __future__ import annotations

from .checks import At, Context, check

MIN_QUESTIONS = 5
MAX_SHARE_PER_POSITION = 0.40  # of single-answer questions whose key is at one position
MAX_SHARE_LONGEST = 0.30  # of single-answer questions whose key is strictly the longest option, per language


@check("QUIZ-KEY-POSITION")
def quiz_key_position(ctx: Context, at: At) -> None:
    """No option position holds the right answer of more than 40 % of the single-answer questions."""
    singles = _singles(ctx.content)
    if len(singles) < MIN_QUESTIONS:
        return
    by_position: dict[int, list] = {}
    for check_set, i, question in singles:
        position = next(n for n, o in enumerate(question.options, 1) if o.correct)
        by_position.setdefault(position, []).append((check_set, i, question))
    for position, found in sorted(by_position.items()):
        if len(found) / len(singles) > MAX_SHARE_PER_POSITION:
            _at(
                ctx.content,
                at,
                found,
                "QUIZ-KEY-POSITION",
                f"the right option is option {position} in {len(found)} of the {len(singles)} single-answer "
                f"questions ({100 * len(found) // len(singles)}%; at most {MAX_SHARE_PER_POSITION:.0%})",
                "move the right option to another place in some of these questions: " + _names(found),
            )


@check("QUIZ-KEY-LENGTH")
def quiz_key_length(ctx: Context, at: At) -> None:
    """In each language, the right answer is strictly the longest option in at most 30 % of them."""
    singles = _singles(ctx.content)
    if len(singles) < MIN_QUESTIONS:
        return
    for lang in ctx.content.languages:
        longest = [(c, i, q) for c, i, q in singles if _strictly_longest(q, lang)]
        if len(longest) / len(singles) > MAX_SHARE_LONGEST:
            _at(
                ctx.content,
                at,
                longest,
                "QUIZ-KEY-LENGTH",
                f"in '{lang}', the right option is strictly the longest in {len(longest)} of the {len(singles)} "
                f"single-answer questions ({100 * len(longest) // len(singles)}%; at most {MAX_SHARE_LONGEST:.0%})",
                "shorten these keys or lengthen a wrong option: " + _names(longest),
            )


def _singles(content) -> list:
    """The single-answer questions readers see: one check per pitfall that exists, with a valid key."""
    pitfalls = {p.id for p in content.pitfalls}
    return [
        (check_set, i, question)
        for check_set in content.checks.values()
        if check_set.pitfall in pitfalls
        for i, question in enumerate(check_set.questions)
        if question.type == "single" and sum(o.correct for o in question.options) == 1
    ]


# Helper functions


def _strictly_longest(question, lang: str) -> bool:
    lengths = [(len(" ".join(o.text[lang].split())), o.correct) for o in question.options]
    key = next(length for length, correct in lengths if correct)
    return all(length < key for length, correct in lengths if not correct)


def _names(found) -> str:
    shown = [f"{c.pitfall}/{question.id}" for c, _i, question in found[:8]]
    return ", ".join(shown) + (f" and {len(found) - 8} more" if len(found) > 8 else "")


def _at(content, at: At, found: list, rule: str, message: str, hint: str) -> None:
    """The problem, placed at the right option of the first question concerned."""
    check_set, i, question = found[0]
    option = next(n for n, o in enumerate(question.options) if o.correct)
    at(content.doc_of(check_set), ("questions", i, "options", option), rule, message, hint)
