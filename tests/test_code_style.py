"""The code passes ruff's lint rules and formatting (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

PATHS = ["cmguide", "hooks", "tests", "bench"]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    paths = [p for p in PATHS if (ROOT / p).exists()]
    return subprocess.run([sys.executable, "-m", "ruff", *args, *paths], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint():
    result = _ruff("check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = _ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_function_of_the_core_or_the_hooks_is_over_40_lines():
    """One rule, one function: a newcomer reads any function of cmguide/ and hooks/ on one screen."""
    import ast

    long = []
    for path in sorted([*(ROOT / "cmguide").glob("*.py"), *(ROOT / "hooks").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > 40:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_stylesheets_close_every_block():
    """A brace lost in a merge silently moves every later rule into the block above (an @media print, say)."""
    for path in sorted((ROOT / "docs" / "assets").glob("*.css")):
        depth = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{path.name}:{number}: '}}' closes nothing"
        assert depth == 0, f"{path.name}: {depth} block(s) left open at the end"
