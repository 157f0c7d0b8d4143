"""The repository's own configuration passes real validators: GitHub's schemas and pre-commit's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_workflows_and_issue_forms_match_githubs_schemas():
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    forms = sorted(str(p) for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
    assert len(workflows) == 2 and len(forms) == 2
    for schema, files in (
        ("vendor.github-workflows", workflows),
        ("vendor.github-issue-forms", forms),
        ("vendor.github-issue-config", [str(ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml")]),
    ):
        result = _run(str(BIN / "check-jsonschema"), "--builtin-schema", schema, *files)
        assert result.returncode == 0, result.stdout + result.stderr


def test_pull_request_workflow_validates_tests_builds_and_uploads():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "./dev validate --format github" in runs
    assert "./dev test" in runs
    assert any("mkdocs build --strict" in r for r in runs)
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["jobs"]["deploy"]["steps"])


def test_pull_request_template_has_a_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 6 and "./dev validate" in text


def test_pre_commit_configuration_is_valid_and_runs_the_validation():
    result = _run(str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "check-yaml", "cmguide-validate"} <= set(hooks)
    assert hooks["cmguide-validate"]["entry"] == "python -m cmguide validate"
