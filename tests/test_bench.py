"""The benchmark's generator makes valid content, and its plain floor has the same pages (the timing is not tested)."""

from __future__ import annotations

import sys

import yaml

from cmguide.loader import load_content
from cmguide.render import all_pages, src_uri
from conftest import ROOT, mkdocs_build

sys.path.insert(0, str(ROOT / "bench"))
import benchmark  # noqa: E402


def test_generated_content_is_valid_and_the_plain_floor_has_every_page(tmp_path):
    questions = benchmark.generate(tmp_path / "ours", 3)
    content = load_content(tmp_path / "ours")
    assert [p.format() for p in content.problems] == []
    assert (
        questions
        == 30
        == sum(len(g.statements) for g in content.statement_sets) + sum(len(c.questions) for c in content.check_sets)
    )
    benchmark.plain_project(tmp_path / "ours", tmp_path / "plain")
    for page in all_pages(content):
        assert (tmp_path / "plain" / "docs" / src_uri(content, page)).exists()
    assert "hooks" not in (tmp_path / "plain" / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_floor_given_the_template_cache_differs_from_the_floor_by_that_hook_only(tmp_path):
    benchmark.generate(tmp_path / "ours", 2)
    benchmark.plain_project(tmp_path / "ours", tmp_path / "plain")
    benchmark.cached_plain_project(tmp_path / "plain", tmp_path / "cached")
    plain = yaml.safe_load((tmp_path / "plain" / "mkdocs.yml").read_text(encoding="utf-8"))
    cached = yaml.safe_load((tmp_path / "cached" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert cached == {**plain, "hooks": ["cache_hook.py"]}
    docs = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain" / "docs").rglob("*.md"))
    assert docs == sorted(p.relative_to(tmp_path / "cached") for p in (tmp_path / "cached" / "docs").rglob("*.md"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = mkdocs_build(tmp_path / "cached", tmp_path / "site", TMPDIR=str(temp))
    assert result.returncode == 0, result.stderr
    compiled = list(temp.glob("_jinja2-cache-*/__jinja2_*.cache"))
    assert len(compiled) > 10  # the theme's templates (Material's main.html, partials…)
