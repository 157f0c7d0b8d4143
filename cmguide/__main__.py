"""Command line: ``python -m cmguide validate [--root DIR] [--format text|github]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .loader import load_content
from .problems import RULES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cmguide", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check all content without building the site")
    validate.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    validate.add_argument("--format", choices=["text", "github"], default="text")
    sub.add_parser("rules", help="list the rules with their ids")
    args = parser.parse_args(argv)

    if args.command == "rules":
        for rule in RULES.values():
            print(f"{rule.id:20} {rule.description}")
        return 0

    start = time.perf_counter()
    content = load_content(args.root)
    elapsed = time.perf_counter() - start
    for problem in content.problems:
        if args.format == "github":
            message = f"{problem.rule} {problem.message}" + (f" (hint: {problem.hint})" if problem.hint else "")
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error file={problem.path},line={problem.line},col={problem.col},title={problem.rule}::{message}")
        else:
            print(problem.format())
    count = len(content.problems)
    summary = (
        f"{count} problem{'s' if count != 1 else ''} found"
        if count
        else f"content OK: {len(content.pitfalls)} pitfalls, {len(content.references)} references"
    )
    print(f"{summary} ({elapsed * 1000:.0f} ms)", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
