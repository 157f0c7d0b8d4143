"""Command line: ``python -m cmguide validate [--root DIR] [--format text|github]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .loader import load_content
from .problems import RULES


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rules":
        for rule in RULES.values():
            print(f"{rule.id:20} {rule.describe('en')}")
        return 0
    if args.command == "schemas":
        return _schemas(args.root, args.check)
    if args.command == "new":
        return _new(args)
    if args.command == "contributing":
        return _contributing(args.root, args.check)
    return _validate(args.root, args.format, args.strict_dates)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="./dev", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check all content without building the site")
    validate.add_argument("--root", type=Path, default=Path("."), help="project folder (default: .)")
    validate.add_argument("--format", choices=["text", "github"], default="text")
    validate.add_argument(
        "--strict-dates",
        action="store_true",
        help="fail (exit 1) when a page is past its review date (REVIEW-DUE), for a scheduled job",
    )
    sub.add_parser("rules", help="list the rules with their ids")
    new = sub.add_parser("new", help="start a pitfall, a statement or a question (texts marked TODO)")
    new.add_argument("what", choices=["pitfall", "statement", "question"])
    new.add_argument("pitfall_id", help="the pitfall's id (for a new pitfall: its new id)")
    new.add_argument("--type", choices=["single", "multiple"], default="single", help="for a question")
    new.add_argument("--root", type=Path, default=Path("."))
    contributing = sub.add_parser("contributing", help="write CONTRIBUTING.md from guidance/contributing.yml")
    contributing.add_argument("--root", type=Path, default=Path("."))
    contributing.add_argument("--check", action="store_true", help="only say whether it is up to date")
    schemas_cmd = sub.add_parser("schemas", help="write the JSON Schemas of the content files into schemas/")
    schemas_cmd.add_argument("--root", type=Path, default=Path("."))
    schemas_cmd.add_argument("--check", action="store_true", help="only say whether they are up to date")
    return parser


def _validate(root: Path, output: str, strict_dates: bool) -> int:
    start = time.perf_counter()
    content = load_content(root)
    elapsed = time.perf_counter() - start
    for problem in sorted(content.problems + content.warnings):
        print(problem.github() if output == "github" else problem.format())
    count, warned = len(content.problems), len(content.warnings)
    summary = (
        f"{count} problem{'s' if count != 1 else ''} found"
        if count
        else f"content OK: {len(content.pitfalls)} pitfalls, {len(content.references)} references"
    )
    if warned:
        summary += f"; {warned} warning{'s' if warned != 1 else ''}" + (
            " (failing: --strict-dates)" if strict_dates else " (not failing: add --strict-dates to fail)"
        )
    print(f"{summary} ({elapsed * 1000:.0f} ms)", file=sys.stderr)
    return 1 if count or (warned and strict_dates) else 0


def _new(args) -> int:
    from .scaffold import ScaffoldError, new_pitfall, new_question, new_statement

    try:
        if args.what == "pitfall":
            paths = new_pitfall(args.root, args.pitfall_id)
        elif args.what == "statement":
            paths = [new_statement(args.root, args.pitfall_id)]
        else:
            paths = [new_question(args.root, args.pitfall_id, args.type)]
    except ScaffoldError as exc:
        print(f"cannot create it: {exc}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path.relative_to(args.root)}")
    if args.what == "statement":  # the top band was widened to the new highest score: say where each band runs
        group = load_content(args.root).statements.get(args.pitfall_id)
        if group is not None:
            bands = ", ".join(f"{b.id} {b.min}–{b.max}" for b in sorted(group.bands, key=lambda b: b.min))
            print(f"bands of '{args.pitfall_id}' now: {bands} (adjust them if the top band is now too wide)")
    print("Now replace every TODO text and `todo-` id: `./dev validate` lists the ones left.", file=sys.stderr)
    return 0


def _contributing(root: Path, check: bool) -> int:
    from .render import Renderer

    content = load_content(root)
    if content.problems or content.contributing is None:
        print("the content has problems: run `./dev validate` first", file=sys.stderr)
        return 1
    text = Renderer(content).contributing_file()
    path = root / "CONTRIBUTING.md"
    if check:
        stale = not path.exists() or path.read_text(encoding="utf-8") != text
        if stale:
            print("CONTRIBUTING.md is out of date: run `./dev contributing`")
        return 1 if stale else 0
    path.write_text(text, encoding="utf-8")
    print("wrote CONTRIBUTING.md")
    return 0


def _schemas(root: Path, check: bool) -> int:
    from .schemas import SCHEMA_DIR, schemas, write

    content = load_content(root)
    if content.site is None:
        print("guidance/site.yml must load first: run `./dev validate`", file=sys.stderr)
        return 1
    if check:
        stale = [
            name
            for name, text in schemas(content.languages).items()
            if not (root / SCHEMA_DIR / name).exists() or (root / SCHEMA_DIR / name).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            print(f"{SCHEMA_DIR}/{name} is out of date: run `./dev schemas`")
        return 1 if stale else 0
    for path in write(root, content.languages):
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
