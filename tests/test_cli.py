"""The trainer's tools: validate (text and GitHub formats), JSON Schemas, scaffolding with `new`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from cmguide.loader import FILE_KINDS, load_content
from cmguide.schemas import SCHEMA_DIR, header, schemas
from conftest import FIXTURES, MINIMAL, ROOT, make_project, mkdocs_build

BROKEN = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cmguide", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_validate_real_content_is_fast_and_clean():
    start = time.perf_counter()
    content = load_content(ROOT)
    elapsed = time.perf_counter() - start
    print(f"\nvalidate (in process) on the real content: {elapsed * 1000:.0f} ms")
    assert content.problems == [] and elapsed < 1.0
    result = cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and "content OK" in result.stderr


WARNED = [case for case in BROKEN if case.name.startswith("review-due-")]  # warnings: they fail nothing


@pytest.mark.parametrize(
    "case", [c for c in BROKEN if c not in WARNED], ids=[p.name for p in BROKEN if p not in WARNED]
)
def test_validate_and_build_report_each_broken_case(case: Path, tmp_path):
    project = make_project(tmp_path / "p", MINIMAL, (case,))
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = cli("validate", "--root", str(project))
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected
    assert "Traceback" not in result.stdout + result.stderr
    build = mkdocs_build(project, tmp_path / "site")
    output = build.stdout + build.stderr
    assert build.returncode != 0
    assert "Traceback" not in output
    for line in expected:
        assert line in output


def test_a_past_review_date_warns_and_fails_only_with_strict_dates(tmp_path):
    """REVIEW-DUE: `./dev validate` prints it and exits 0, `--strict-dates` exits 1, and the site still builds."""
    project = make_project(tmp_path / "p", MINIMAL, (FIXTURES / "broken" / "review-due-past-date",))
    expected = [
        "guidance/role.yml:112:12: REVIEW-DUE review_by 2026-05-30 has passed: check the page's facts against its "
        "sources (hint: then set `reviewed:` to today and `review_by:` six months later)"
    ]
    relaxed = cli("validate", "--root", str(project))
    assert (relaxed.returncode, relaxed.stdout.splitlines()) == (0, expected)
    assert "1 warning (not failing: add --strict-dates to fail)" in relaxed.stderr
    strict = cli("validate", "--root", str(project), "--strict-dates")
    assert (strict.returncode, strict.stdout.splitlines()) == (1, expected)
    github = cli("validate", "--root", str(project), "--format", "github")
    assert github.returncode == 0 and github.stdout.startswith("::warning file=guidance/role.yml,line=112,col=12,")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.stdout + build.stderr
    assert expected[0] in build.stderr
    page = (tmp_path / "site" / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "Pages à réviser" in page and "30 mai 2026" in page and "Aucune page" not in page


def test_the_same_content_is_due_or_not_by_the_day(tmp_path):
    """The day comes from CMGUIDE_TODAY when set: before review_by nothing is due, after it the page is."""
    project = make_project(tmp_path / "p", MINIMAL)
    env = {**os.environ, "CMGUIDE_TODAY": "2027-05-30"}
    before = subprocess.run(
        [sys.executable, "-m", "cmguide", "validate", "--root", str(project), "--strict-dates"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (before.returncode, before.stdout) == (0, "")
    env["CMGUIDE_TODAY"] = "2027-05-31"
    after = subprocess.run(
        [sys.executable, "-m", "cmguide", "validate", "--root", str(project), "--strict-dates"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert after.returncode == 1
    assert sorted(line.split(":")[0] for line in after.stdout.splitlines()) == [
        "guidance/pitfalls/alpha.yml",
        "guidance/pitfalls/beta.yml",
        "guidance/role.yml",
        "guidance/site.yml",
    ]


def test_validate_github_annotations(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL, (FIXTURES / "broken" / "yaml-duplicate-key-title",))
    result = cli("validate", "--root", str(project), "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=guidance/pitfalls/alpha.yml,line=6,col=1,title=YAML-DUPLICATE-KEY::YAML-DUPLICATE-KEY "
        "duplicate key 'title' (first at line 3) (hint: YAML would silently keep only the last one: "
        "merge the two or rename one)"
    ]


def test_committed_schemas_are_up_to_date():
    languages = load_content(ROOT).languages
    for name, text in schemas(languages).items():
        path = ROOT / SCHEMA_DIR / name
        assert path.exists() and path.read_text(encoding="utf-8") == text, f"run `python -m cmguide schemas` ({name})"
    assert cli("schemas", "--check").returncode == 0


def _content_files(root: Path) -> list[tuple[Path, str]]:
    out = []
    for pattern, _model, name in FILE_KINDS:
        for path in sorted(root.glob(pattern)):
            out.append((path, name))
    return out


def test_every_content_file_starts_with_its_schema_line_and_matches_its_schema():
    files = _content_files(ROOT)
    assert len(files) >= 19
    for path, name in files:
        rel = path.relative_to(ROOT).as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == header(rel), rel
        schema_path = (path.parent / first.split("$schema=")[1]).resolve()
        assert schema_path == (ROOT / SCHEMA_DIR / f"{name}.schema.json").resolve()
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        errors = list(Draft202012Validator(schema).iter_errors(_json_ready(yaml.safe_load(path.read_text()))))
        assert errors == [], (rel, [e.message for e in errors][:3])


def test_schema_flags_an_unknown_key_and_a_missing_translation():
    schema = json.loads((ROOT / SCHEMA_DIR / "pitfall.schema.json").read_text(encoding="utf-8"))
    data = _json_ready(yaml.safe_load((ROOT / "guidance/pitfalls/full-automation.yml").read_text(encoding="utf-8")))
    data["titel"] = data.pop("title")
    del data["summary"]["en"]
    messages = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert any("titel" in m for m in messages)
    assert any("'en' is a required property" in m for m in messages)


def _json_ready(value):
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_new_scaffolds_valid_content_but_for_its_todo_texts(tmp_path):
    project = make_project(tmp_path / "p", ROOT)
    assert cli("new", "pitfall", "community-rituals", "--root", str(project)).returncode == 0
    assert cli("new", "statement", "full-automation", "--root", str(project)).returncode == 0
    assert cli("new", "question", "solo-creativity", "--type", "multiple", "--root", str(project)).returncode == 0
    problems = load_content(project).problems
    assert problems and {p.rule for p in problems} == {"TEXT-TODO"}
    # every new file carries its schema line
    for rel in (
        "guidance/pitfalls/community-rituals.yml",
        "quizzes/checks/community-rituals.yml",
        "guidance/activities/community-rituals.yml",  # with a workshop kit, the new pitfall's activity too
    ):
        assert (project / rel).read_text(encoding="utf-8").startswith(header(rel))
    # once the texts are written, the content is valid and the site builds
    for path, _ in _content_files(project):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"TODO\u00a0: (.*)$", r"Texte rédigé : \1.", text, flags=re.M)  # block scalars
        text = re.sub(r"TODO: (.*)$", r"Written text: \1.", text, flags=re.M)
        text = re.sub(r"\btodo-", "", text)  # the placeholder ids, named
        path.write_text(text, encoding="utf-8")
    content = load_content(project)
    assert [p.format() for p in content.problems] == []
    assert content.pitfalls[-1].id == "community-rituals" and content.pitfalls[-1].number == 6
    assert len(content.statements["full-automation"].statements) == 6
    assert content.checks["solo-creativity"].questions[-1].type == "multiple"
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "site" / "en" / "quiz" / "community-rituals" / "index.html").exists()
    assert content.activities["community-rituals"].duration == 25  # its steps add up to it (WORKSHOP-TIME)
    assert (tmp_path / "site" / "en" / "workshops" / "community-rituals" / "handout" / "index.html").exists()


def test_new_refuses_kindly(tmp_path):
    project = make_project(tmp_path / "p", ROOT)
    for args, message in [
        (("new", "pitfall", "full-automation"), "already exists"),
        (("new", "pitfall", "Not_Kebab"), "kebab-case"),
        (("new", "question", "no-such-pitfall"), "no knowledge check"),
    ]:
        result = cli(*args, "--root", str(project))
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_every_documented_command_works_as_written(tmp_path):
    """The commands CONTRIBUTING.md and the README give are run as written (through ./dev), on a copy."""
    documented = set()
    for doc in ("CONTRIBUTING.md", "README.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        documented |= {m.split()[1] for m in re.findall(r"`(\./dev [a-z]+)[^`]*`", text)}
    assert documented >= {"new", "schemas", "contributing", "validate", "serve", "test"}
    project = make_project(tmp_path / "p", MINIMAL)
    (project / "schemas").mkdir()

    def dev(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(ROOT / "dev"), *args, "--root", str(project)], capture_output=True, text=True, timeout=300
        )

    runs = {  # in this order: `contributing` wants content without problems, and new texts are TODO
        "schemas": dev("schemas"),
        "contributing": dev("contributing"),
        "new pitfall": dev("new", "pitfall", "zeta"),
        "new statement": dev("new", "statement", "zeta"),
        "new question": dev("new", "question", "zeta", "--type", "multiple"),
    }
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stdout, run.stderr[-1000:])
    assert "wrote guidance/pitfalls/zeta.yml" in runs["new pitfall"].stdout
    assert "`./dev validate`" in runs["new pitfall"].stderr  # the hint names the command that works
    assert "bands of 'zeta' now: low 0–" in runs["new statement"].stdout  # the widened bands, said
    assert (project / "schemas" / "pitfall.schema.json").exists() and (project / "CONTRIBUTING.md").exists()
    validate = dev("validate")
    assert validate.returncode == 1 and "TEXT-TODO" in validate.stdout and "Traceback" not in validate.stderr
    assert {"new", "schemas", "contributing", "validate"} <= documented


def test_scaffold_texts_are_written_in_each_language_of_the_site():
    from cmguide import scaffold

    token = scaffold._LANGUAGES.set(("fr", "en", "de"))
    try:
        assert scaffold.todo("un titre", "a title", 2) == (
            "  fr: >-\n    TODO\u00a0: un titre\n  en: >-\n    TODO: a title\n  de: >-\n    TODO: a title\n"
        )
    finally:
        scaffold._LANGUAGES.reset(token)
