"""Lighthouse (desktop preset) on one page of each kind; not part of the fast test suite.

    ./dev validate >/dev/null   # once, to create .venv
    .venv/bin/python scripts/lighthouse.py

Installs lighthouse@12.2.3 (the last release for Node 20) under build/lighthouse, builds the site, serves it on
127.0.0.1 and writes the four category scores of each page to reports/lighthouse.json, then prints a table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

PAGES = {
    "home": "",
    "pitfall": "pitfalls/full-automation/",
    "role": "role/",
    "sources": "sources/",
    "self-assessment": "self-assessment/",
    "quiz": "quiz/full-automation/",
    "contributing": "contributing/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def main() -> int:
    tools = ROOT / "build" / "lighthouse"
    lighthouse = tools / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(tools), "--no-audit", "--no-fund", "lighthouse@12.2.3"], check=True
        )
    site = Path(tempfile.mkdtemp()) / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True)
    server = Server(site)
    results = {}
    try:
        for kind, path in PAGES.items():
            out = Path(tempfile.mkdtemp()) / "report.json"
            subprocess.run(
                [
                    str(lighthouse),
                    server.url + path,
                    "--preset=desktop",
                    "--output=json",
                    f"--output-path={out}",
                    "--quiet",
                    "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
                ],
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                check=True,
            )
            report = json.loads(out.read_text(encoding="utf-8"))
            results[kind] = {c: report["categories"][c]["score"] for c in CATEGORIES}
    finally:
        server.close()
    (ROOT / "reports").mkdir(exist_ok=True)
    data = {"date": date.today().isoformat(), "lighthouse": "12.2.3", "preset": "desktop", "pages": results}
    (ROOT / "reports" / "lighthouse.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("| --- |" + " --- |" * len(CATEGORIES))
    for kind, scores in results.items():
        print(f"| {kind} | " + " | ".join(f"{scores[c]:.2f}" for c in CATEGORIES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
