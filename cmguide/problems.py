"""Problems found in the content, and the registry of the rules that find them.

Every problem names a rule from ``RULES`` and a place in a file, and prints as
``path:line:col: RULE-ID message (hint: ...)``. Line and column are 1-based.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Rule:
    """A rule: its id, what it checks in each language (English first, for CONTRIBUTING.md) and an example
    message (messages are in English, as the validator prints them)."""

    id: str
    description: dict[str, str]
    example: str
    #: a warning is printed but fails nothing (unless `./dev validate --strict-dates` asks for it)
    warning: bool = False

    def describe(self, lang: str) -> str:
        """What the rule checks, in `lang` (English when the registry has no text in that language)."""
        return self.description.get(lang, self.description["en"])


# Data


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule(
            "YAML-SYNTAX",
            {
                "en": "The file is valid YAML, one document, indented with spaces.",
                "fr": "Le fichier est du YAML valide, en un seul document, indenté avec des espaces.",
            },
            "expected <block end>, but found '-'",
        ),
        Rule(
            "YAML-DUPLICATE-KEY",
            {
                "en": "A key appears once in its mapping (YAML would silently keep the last one).",
                "fr": "Une clé n’apparaît qu’une fois dans son bloc (YAML garderait la dernière sans rien dire).",
            },
            "duplicate key 'title' (first at line 3)",
        ),
        Rule(
            "YAML-ALIAS",
            {
                "en": "No anchors or aliases (&name, *name): every text is written out where it is used.",
                "fr": "Ni ancres ni alias (&nom, *nom) : chaque texte est écrit en toutes lettres là où il sert.",
            },
            "aliases (*name) are not allowed in content",
        ),
        Rule(
            "YAML-FILE",
            {
                "en": "A content file is a regular file inside the project, of at most 1 MB (no pipe, device or "
                "outside link).",
                "fr": "Un fichier de contenu est un vrai fichier, dans le projet, d’au plus 1 Mo (ni tube, ni "
                "périphérique, ni lien vers l’extérieur).",
            },
            "this is a named pipe (FIFO), not a text file",
        ),
        Rule(
            "YAML-EMPTY",
            {
                "en": "The file is not empty and holds a mapping at its top level.",
                "fr": "Le fichier n’est pas vide et contient un bloc de clés à son premier niveau.",
            },
            "the file is empty",
        ),
        Rule(
            "SCHEMA-UNKNOWN-KEY",
            {
                "en": "Every key is one the model knows (typos are caught).",
                "fr": "Chaque clé est connue du modèle (les fautes de frappe sont repérées).",
            },
            "unknown key 'titel' (did you mean 'title'?)",
        ),
        Rule(
            "SCHEMA-MISSING-KEY",
            {
                "en": "Every required key is present.",
                "fr": "Chaque clé obligatoire est présente.",
            },
            "missing key 'summary'",
        ),
        Rule(
            "SCHEMA-TYPE",
            {
                "en": "Every value has the expected type (text, list, number, mapping).",
                "fr": "Chaque valeur a le type attendu (texte, liste, nombre, bloc de clés).",
            },
            "'title.fr' should be text, found a boolean",
        ),
        Rule(
            "SCHEMA-EMPTY",
            {
                "en": "Required texts and lists are not empty.",
                "fr": "Les textes et listes obligatoires ne sont pas vides.",
            },
            "'summary.en' is empty",
        ),
        Rule(
            "SCHEMA-COUNT",
            {
                "en": "Lists have the number of items the page structure needs.",
                "fr": "Les listes ont le nombre d’éléments dont la structure de la page a besoin.",
            },
            "'warning_signs' needs at least 4 items, found 3",
        ),
        Rule(
            "SCHEMA-VALUE",
            {
                "en": "Values are in their allowed form (kebab-case ids, dates, https links).",
                "fr": "Les valeurs ont la forme permise (identifiants en kebab-case, dates, liens https).",
            },
            "'id' must be kebab-case (a-z, 0-9, -), found 'Full_Automation'",
        ),
        Rule(
            "ID-FILENAME",
            {
                "en": "A file that holds one item is named after its id.",
                "fr": "Un fichier qui contient un seul élément porte le nom de son identifiant.",
            },
            "id 'full-automation' does not match the file name 'automation.yml'",
        ),
        Rule(
            "ID-DUPLICATE",
            {
                "en": "Ids are unique within their kind.",
                "fr": "Chaque identifiant est unique parmi ceux de son type.",
            },
            "duplicate reference id 'reuters-2025' (first at guidance/references.yml:12:7)",
        ),
        Rule(
            "REF-UNKNOWN",
            {
                "en": "Every cross-reference (related pitfall, cited source) points at an existing id.",
                "fr": "Chaque renvoi (piège lié, source citée) désigne un identifiant qui existe.",
            },
            "unknown reference 'reuter-2025' (did you mean 'reuters-2025'?)",
        ),
        Rule(
            "REF-UNUSED",
            {
                "en": "Every reference in references.yml is cited somewhere.",
                "fr": "Chaque référence de references.yml est citée quelque part.",
            },
            "reference 'old-study' is never cited",
        ),
        Rule(
            "I18N-MISSING",
            {
                "en": "Every text exists in every language of the site.",
                "fr": "Chaque texte existe dans chaque langue du site.",
            },
            "'summary' has no 'en' text",
        ),
        Rule(
            "I18N-UNKNOWN",
            {
                "en": "Texts use only the languages the site declares.",
                "fr": "Les textes n’utilisent que les langues déclarées par le site.",
            },
            "'summary' has text in 'de', which the site does not declare",
        ),
        Rule(
            "I18N-CONFIG",
            {
                "en": "The languages of guidance/site.yml and of mkdocs.yml agree.",
                "fr": "Les langues de guidance/site.yml et de mkdocs.yml concordent.",
            },
            "mkdocs.yml builds ['fr'] but guidance/site.yml declares ['fr', 'en']",
        ),
        Rule(
            "TEXT-TODO",
            {
                "en": "No text is still marked TODO (as `./dev new` leaves them).",
                "fr": "Aucun texte n’est encore marqué TODO (comme les laisse `./dev new`).",
            },
            "'title.fr' is still to write",
        ),
        Rule(
            "TEXT-COUNT",
            {
                "en": "A text that says how many pitfalls, statements or questions there are says the real number "
                "(write {pitfalls}, {statements} or {questions}: the site fills it in).",
                "fr": "Un texte qui dit combien il y a de pièges, d’affirmations ou de questions donne le vrai "
                "nombre (écrivez {pitfalls}, {statements} ou {questions} : le site le remplit).",
            },
            "'fr' text says 5 pièges, but the content has 6",
        ),
        Rule(
            "TYPO-FR",
            {
                "en": "French text puts a space before ; : ! ? and inside « guillemets ».",
                "fr": "Le texte français met une espace avant ; : ! ? et à l’intérieur des « guillemets ».",
            },
            "French text needs a space before ':' in 'Attention:'",
        ),
        Rule(
            "QUIZ-COVERAGE",
            {
                "en": "Every pitfall has its self-assessment statements and its knowledge check.",
                "fr": "Chaque piège a ses affirmations d’auto-évaluation et son quiz.",
            },
            "pitfall 'full-automation' has no knowledge check",
        ),
        Rule(
            "QUIZ-ANSWERS",
            {
                "en": "A single-choice question has exactly one correct option, a multiple-choice at least one.",
                "fr": (
                    "Une question à réponse unique a exactement une bonne option, "
                    "une question à choix multiples au moins une."
                ),
            },
            "single-choice question 'q1' needs exactly one correct option, found 2",
        ),
        Rule(
            "QUIZ-BANDS",
            {
                "en": "Result bands (and overall profiles) cover every reachable score once, with no gap.",
                "fr": (
                    "Les tranches de résultat (et les profils d’ensemble) couvrent chaque score possible "
                    "une seule fois, sans trou."
                ),
            },
            "score 7 falls in none of the bands",
        ),
        Rule(
            "QUIZ-KEY-POSITION",
            {
                "en": "Across single-answer questions, no option position holds the right answer more than 40 % of "
                "the time.",
                "fr": "Dans l’ensemble des questions à réponse unique, aucune position ne porte la bonne réponse "
                "plus de 40 % du temps.",
            },
            "the right option is option 1 in 14 of the 18 single-answer questions (77%; at most 40%)",
        ),
        Rule(
            "QUIZ-KEY-LENGTH",
            {
                "en": "In each language, the right answer is strictly the longest option in at most 30 % of "
                "single-answer questions.",
                "fr": "Dans chaque langue, la bonne réponse est strictement la plus longue dans au plus 30 % des "
                "questions à réponse unique.",
            },
            "in 'fr', the right option is strictly the longest in 8 of the 18 single-answer questions (44%; at "
            "most 30%)",
        ),
        Rule(
            "QUIZ-SOURCE",
            {
                "en": "A knowledge-check explanation cites a reference of its pitfall's page.",
                "fr": "L’explication d’une question de quiz cite une référence de la page de son piège.",
            },
            "source 'cmx-2024' is not cited on the page of pitfall 'careless-images'",
        ),
        Rule(
            "WORKSHOP-COVERAGE",
            {
                "en": "With a workshop kit (guidance/workshop.yml), every pitfall has its activity in "
                "guidance/activities/.",
                "fr": "Avec un kit d’atelier (guidance/workshop.yml), chaque piège a son activité dans "
                "guidance/activities/.",
            },
            "pitfall 'full-automation' has no workshop activity",
        ),
        Rule(
            "WORKSHOP-TIME",
            {
                "en": "An activity lasts 20 to 30 minutes and its steps add up to its `duration`; a session's "
                "blocks add up to its `minutes`.",
                "fr": "Une activité dure de 20 à 30 minutes et ses étapes totalisent sa durée (`duration`) ; les "
                "blocs d’une séance totalisent sa longueur (`minutes`).",
            },
            "the steps add up to 27 minutes, but `duration` says 25",
        ),
        Rule(
            "WORKSHOP-PLAN",
            {
                "en": "A session opens with an opening and ends with a closing (the self-assessment before and "
                "after), runs each block once, and past two hours has a break.",
                "fr": "Une séance commence par une ouverture et finit par une clôture (l’auto-évaluation avant et "
                "après), passe chaque bloc une fois et, au-delà de deux heures, prévoit une pause.",
            },
            "session 'half-day' runs 150 minutes without a break (at most 120)",
        ),
        Rule(
            "PAGE-MACRO",
            {
                "en": "A hand-written page calls the macros with the id of a pitfall that exists (one knowledge "
                "check a page).",
                "fr": "Une page écrite à la main appelle les macros avec l’identifiant d’un piège qui existe (un "
                "seul quiz par page).",
            },
            "pitfall_card: no pitfall 'full-automaton' (did you mean 'full-automation'?)",
        ),
        Rule(
            "PAGE-NAV",
            {
                "en": "A hand-written page's `nav_group` names a group of the site's navigation.",
                "fr": "Le `nav_group` d’une page écrite à la main nomme un groupe du menu du site.",
            },
            "nav_group: no group 'workshop' in the navigation (did you mean 'workshops'?)",
        ),
        Rule(
            "GLOSSARY-SEE-ALSO",
            {
                "en": "A glossary entry's `see_also` names other entries of the glossary.",
                "fr": "Le « voir aussi » d’une entrée du glossaire renvoie à d’autres entrées du glossaire.",
            },
            "see_also: no glossary term 'deployeur' (did you mean 'deployer'?)",
        ),
        Rule(
            "GLOSSARY-DUPLICATE",
            {
                "en": "Each glossary entry has its own id, and its own headword in each language.",
                "fr": "Chaque entrée du glossaire a son propre identifiant, et son propre intitulé dans chaque langue.",
            },
            "term 'Marronnier' ('fr') is already the headword of 'marronnier' (at guidance/glossary.yml:12:9)",
        ),
        Rule(
            "GLOSSARY-FORM",
            {
                "en": "A form that links to the glossary belongs to one entry only (case aside), so a word on a "
                "page leads to one definition.",
                "fr": "Une forme qui renvoie au glossaire n’appartient qu’à une entrée (majuscules et minuscules "
                "confondues), pour qu’un mot d’une page mène à une seule définition.",
            },
            "form 'RIA' ('fr') is also a form of 'ai-act' (at guidance/glossary.yml:30:13)",
        ),
        Rule(
            "REVIEW-DUE",
            {
                "en": "A page is reviewed again by its `review_by` date (a warning: `./dev validate` exits 0, "
                "`--strict-dates` exits 1; the site still builds).",
                "fr": "Une page est relue au plus tard à sa date `review_by` (un avertissement : `./dev validate` "
                "sort avec 0, `--strict-dates` avec 1 ; le site se construit toujours).",
            },
            "review_by 2027-05-30 has passed: check the page's facts against its sources",
            warning=True,
        ),
        Rule(
            "PITFALL-NUMBER",
            {
                "en": "Pitfall numbers run 1, 2, 3… with no gap and no repeat.",
                "fr": "Les numéros des pièges se suivent 1, 2, 3… sans trou ni doublon.",
            },
            "pitfall numbers must run 1..5; found [1, 2, 4, 5, 6]",
        ),
    ]
}


class _Fields(NamedTuple):
    path: str
    line: int
    col: int
    rule: str
    message: str
    hint: str = ""


class Problem(_Fields):
    """One problem at one place (a tuple: cheap to make, sort and compare by the hundred thousand)."""

    __slots__ = ()

    def __new__(cls, path: str, line: int, col: int, rule: str, message: str, hint: str = "") -> Problem:
        if rule not in RULES:  # a programming error, not an author's
            raise ValueError(f"unregistered rule {rule!r}")
        return super().__new__(cls, path, line, col, rule, message, hint)

    def format(self) -> str:
        """One line, whatever the message quotes (a key with a newline, a control character)."""
        text = f"{one_line(self.path)}:{self.line}:{self.col}: {self.rule} {one_line(self.message)}"
        return f"{text} (hint: {one_line(self.hint)})" if self.hint else text

    def github(self) -> str:
        """A GitHub Actions annotation; data and properties escaped as the workflow-command format asks."""
        message = f"{self.rule} {self.message}" + (f" (hint: {self.hint})" if self.hint else "")
        props = f"file={_gh_property(self.path)},line={self.line},col={self.col},title={_gh_property(self.rule)}"
        level = "warning" if RULES[self.rule].warning else "error"
        return f"::{level} {props}::{_gh_data(message)}"


def one_line(text: str) -> str:
    """The text with line breaks and other control characters written as escapes (\\n, \\x07…)."""
    return _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


#: how many problems of one rule in one file are listed (the rest are counted)
MAX_LISTED = 50


class Found(list):
    """Problems as rules find them. Past MAX_LISTED + 1 of one rule in one file, a problem is only counted
    (``totals``), so that a file with 100,000 mistakes costs no more than counting them."""

    def __init__(self) -> None:
        super().__init__()
        self.totals: dict[tuple[str, str], int] = {}

    def wants(self, path: str, rule: str) -> bool:
        """Count one more problem of ``rule`` in ``path``; say whether it is still worth making."""
        key = (path, rule)
        self.totals[key] = self.totals.get(key, 0) + 1
        return self.totals[key] <= MAX_LISTED + 1

    def merge(self, other: Found) -> None:
        self.extend(other)
        for key, count in other.totals.items():
            self.totals[key] = self.totals.get(key, 0) + count


class ContentError(Exception):
    """Raised by adapters when the content has problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = [p.format() for p in self.problems]
        count = len(lines)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n" + "\n".join(lines))
