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
