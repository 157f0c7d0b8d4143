"""Problems found in the content, and the registry of the rules that find them.

Every problem names a rule from ``RULES`` and a place in a file, and prints as
``path:line:col: RULE-ID message (hint: ...)``. Line and column are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A rule: its id, what it checks in each language (English first, for CONTRIBUTING.md) and an example
    message (messages are in English, as the validator prints them)."""

    id: str
    description: dict[str, str]
    example: str

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
                "en": "No text is still marked TODO (as `python -m cmguide new` leaves them).",
                "fr": "Aucun texte n’est encore marqué TODO (comme les laisse `python -m cmguide new`).",
            },
            "'title.fr' is still to write",
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
            "QUIZ-SOURCE",
            {
                "en": "A knowledge-check explanation cites a reference of its pitfall's page.",
                "fr": "L’explication d’une question de quiz cite une référence de la page de son piège.",
            },
            "source 'cmx-2024' is not cited on the page of pitfall 'careless-images'",
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


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    rule: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        if self.rule not in RULES:  # a programming error, not an author's
            raise ValueError(f"unregistered rule {self.rule!r}")

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.rule} {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class ContentError(Exception):
    """Raised by adapters when the content has problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = [p.format() for p in self.problems]
        count = len(lines)
        super().__init__(f"{count} content problem{'s' if count != 1 else ''}:\n" + "\n".join(lines))
