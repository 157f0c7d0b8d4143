"""The benchmark's generator makes valid content, and its plain floor has the same pages (the timing is not tested)."""

from __future__ import annotations

import sys

from cmguide.loader import load_content
from cmguide.render import all_pages, src_uri
from conftest import ROOT

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
