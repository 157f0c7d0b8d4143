"""Benchmark: our whole pipeline against a plain mkdocs-material build of the same pages.

    .venv/bin/python bench/benchmark.py                 # sizes 5, 50, 500 pitfalls; 3 runs each
    .venv/bin/python bench/benchmark.py --sizes 5,50 --runs 5 --mkdocs-quiz

For each size it generates valid synthetic content (both languages) in a temporary folder, then times, in turn,
four whole build processes: our site (every build after the first: compiled templates and the site data kept in
the user's temporary folder, as a developer's second build or a CI cache has them), our site's first build (an
empty temporary folder each time), a build of the same Markdown pages with mkdocs-material and mkdocs-static-i18n
only (no hooks, no macros, no validation: the floor), and that floor given the same compiled-templates cache (what
our own work costs beside it). It prints medians, the ratios, the cost per question, peak memory, the time of
`validate` alone and the weight of the quiz assets.
With --mkdocs-quiz it also builds the same questions with mkdocs-quiz 1.7.1 in a venv of its own (bench/.venv-quiz).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cmguide.loader import load_content  # noqa: E402
from cmguide.render import Renderer, all_pages, src_uri  # noqa: E402

BUILD = """
import json, resource, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def text(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


def generate(root: Path, count: int) -> int:
    """Valid content with `count` pitfalls (5 statements and 5 questions each); returns the number of questions."""
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "hooks", "overrides"):
        src = ROOT / name
        if src.is_dir():  # not the hand-written pages: they call the macros with the real pitfalls' ids
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
        else:
            shutil.copy2(src, root / name)
    (root / "guidance" / "pitfalls").mkdir(parents=True)
    (root / "quizzes" / "self-assessment").mkdir(parents=True)
    (root / "quizzes" / "checks").mkdir(parents=True)
    for name in ("site.yml", "contributing.yml"):
        shutil.copy2(ROOT / "guidance" / name, root / "guidance" / name)
    shutil.copy2(ROOT / "quizzes" / "self-assessment.yml", root / "quizzes" / "self-assessment.yml")
    seed = yaml.safe_load((ROOT / "guidance" / "site.yml").read_text(encoding="utf-8"))["home"]["credit_reference"]
    refs = [seed, "study-one", "study-two"]
    references = [
        {
            "id": ref,
            "title": f"Source {ref}",
            "publisher": "Publisher",
            "date": "2025",
            "url": f"https://example.org/{ref}",
            "lang": "en",
        }
        for ref in refs
    ]
    dump = lambda path, data: path.write_text(  # noqa: E731
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8"
    )
    dump(root / "guidance" / "references.yml", {"references": references})
    role = yaml.safe_load((ROOT / "guidance" / "role.yml").read_text(encoding="utf-8"))

    def fix_sources(node):
        if isinstance(node, dict):
            return {
                k: ([refs[1]] if k == "sources" and v else [refs[0]] if k == "further_reading" else fix_sources(v))
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [fix_sources(v) for v in node]
        return node

    dump(root / "guidance" / "role.yml", fix_sources(role))
    ids = [f"pitfall-{i:04d}" for i in range(1, count + 1)]
    for n, pid in enumerate(ids, 1):
        dump(
            root / "guidance" / "pitfalls" / f"{pid}.yml",
            {
                "id": pid,
                "number": n,
                "title": text(f"Le piège synthétique n° {n}", f"Synthetic pitfall no. {n}"),
                "short_title": text(f"Piège {n}", f"Pitfall {n}"),
                "description": text(
                    f"Une page générée pour mesurer la construction, n° {n}.",
                    f"A page generated to measure the build, no. {n}.",
                ),
                "summary": text("Un résumé de quelques phrases. " * 6, "A summary of a few sentences. " * 6),
                "why": [
                    {"text": text(f"Un fait chiffré à {n} %.", f"A fact with a figure of {n}%."), "sources": [refs[1]]},
                    {"text": text("Un autre fait.", "Another fact."), "sources": [refs[2]]},
                ],
                "warning_signs": [text(f"Un signal d’alerte n° {i}.", f"Warning sign no. {i}.") for i in range(1, 5)],
                "actions": [
                    {
                        "id": f"action-{i}",
                        "text": text(f"Une action n° {i} pour cette semaine.", f"Action no. {i} for this week."),
                    }
                    for i in range(1, 7)
                ],
                "scenario": {
                    "title": text("Une semaine ordinaire", "An ordinary week"),
                    "story": text("Camille prépare ses publications. " * 8, "Camille plans her posts. " * 8),
                },
                "related": [ids[n % count] if count > 1 else pid],
                "further_reading": [refs[0]],
                "reviewed": "2026-11-30",
                "review_by": "2027-05-30",
            },
        )
        dump(
            root / "quizzes" / "self-assessment" / f"{pid}.yml",
            {
                "pitfall": pid,
                "statements": [
                    {
                        "id": f"{pid}-s{i}",
                        "text": text(f"Je pratique l’habitude n° {i}.", f"I practise habit no. {i}."),
                        "direction": "good" if i > 3 else "risk",
                    }
                    for i in range(1, 6)
                ],
                "bands": [
                    {
                        "id": level,
                        "level": level,
                        "min": lo,
                        "max": hi,
                        "label": text(f"Tranche {level}", f"Band {level}"),
                        "advice": text("Un conseil pour cette tranche.", "Advice for this band."),
                        "read": ["actions"],
                    }
                    for level, lo, hi in (("low", 0, 6), ("moderate", 7, 13), ("high", 14, 20))
                ],
            },
        )
        dump(
            root / "quizzes" / "checks" / f"{pid}.yml",
            {
                "pitfall": pid,
                "questions": [
                    {
                        "id": f"q{i}",
                        "type": "multiple" if i == 5 else "single",
                        "prompt": text(f"Question n° {i} sur le piège {n} ?", f"Question no. {i} about pitfall {n}?"),
                        "options": [
                            {
                                "id": f"o{j}",
                                "text": text(f"Option n° {j}", f"Option no. {j}"),
                                # the right option moves from question to question (rule QUIZ-KEY-POSITION)
                                **(
                                    {"correct": True}
                                    if j == (i + n) % 3 + 1 or (i == 5 and j == (i + n + 1) % 3 + 1)
                                    else {}
                                ),
                                "feedback": text("Pourquoi.", "Why."),
                            }
                            for j in range(1, 4)
                        ],
                        "explanation": text("Une explication, avec sa source.", "An explanation, with its source."),
                        "source": refs[1],
                        "read": "why",
                    }
                    for i in range(1, 6)
                ],
            },
        )
    return count * 10


def plain_project(ours: Path, dest: Path) -> None:
    """The same Markdown pages, rendered once by the core, built by mkdocs-material + i18n alone."""
    content = load_content(ours)
    renderer = Renderer(content)
    docs = dest / "docs"
    for page in all_pages(content):
        path = docs / src_uri(content, page)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(renderer.markdown(page), encoding="utf-8")
    config = yaml.safe_load((ours / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch", "extra_css"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["theme"].pop("favicon", None)
    config["theme"].pop("logo", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p)]
    # the same navigation as ours in each language (Material draws it on every page: without it MkDocs would list
    # every page, those we leave out of the navigation included, and each page would be larger than ours)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    for language in i18n["languages"]:
        language["nav"] = _plain_nav(content, renderer.nav(language["locale"]))
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _plain_nav(content, items: list) -> list:
    """Renderer.nav's items as a mkdocs.yml navigation of the plain project's files (suffix structure)."""

    def entry(title: str, target) -> dict:
        if isinstance(target, list):
            return {title: [entry(t, p) for t, p in target]}
        return {title: src_uri(content, target).replace(f".{target.lang}.md", ".md")}

    return [entry(title, target) for title, target in items]


def timed_build(python: str, project: Path, cold: bool = False) -> dict:
    """One whole build process; `cold`: with an empty temporary directory, so no compiled template is kept."""
    site = Path(tempfile.mkdtemp())
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if cold:
        env["TMPDIR"] = tempfile.mkdtemp()
    start = time.perf_counter()  # the whole process: interpreter, imports, build
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [python, "-c", BUILD, str(project / "mkdocs.yml"), str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time (user + system) of the build process: what the build costs, even on a machine others are using
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    shutil.rmtree(site)
    if cold:
        shutil.rmtree(env["TMPDIR"])
    return {"seconds": seconds, "cpu": cpu, **json.loads(result.stdout.strip().splitlines()[-1])}


def real_project(root: Path) -> int:
    """A copy of this project's own content and site (without its hand-written pages, which the plain floor could
    not build); returns the number of questions."""
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "hooks", "overrides", "guidance", "quizzes"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("*.md", "__pycache__"))
        else:
            shutil.copy2(src, root / name)
    content = load_content(root)
    return sum(len(g.statements) for g in content.statement_sets) + sum(len(c.questions) for c in content.check_sets)


def asset_sizes() -> dict:
    out = {}
    for name in ("cmguide-quiz.js", "cmguide-quiz.css"):
        data = (ROOT / "docs" / "assets" / name).read_bytes()
        out[name] = (len(data), len(gzip.compress(data, 9)))
    return out


def page_weight(site: Path, page: str) -> tuple[int, int]:
    """A page and everything it loads from the site (stylesheets, scripts, icon), raw and gzip."""
    html_path = site / page / "index.html"
    html = html_path.read_text(encoding="utf-8")
    files = [html_path]
    for ref in re.findall(r'(?:src|href)="([^"#?]+\.(?:js|css|svg))"', html):
        path = (html_path.parent / ref).resolve()
        if path.exists() and path not in files:
            files.append(path)
    data = [p.read_bytes() for p in files]
    return sum(map(len, data)), sum(len(gzip.compress(d, 9)) for d in data)


def mkdocs_quiz(count_questions: int, runs: int) -> float | None:
    """Per-question build cost of mkdocs-quiz 1.7.1 (with the plugin minus without), in its own venv."""
    venv = ROOT / "bench" / ".venv-quiz"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        install = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "mkdocs==1.6.1",
                "mkdocs-material==9.8.1",
                "mkdocs-quiz==1.7.1",
            ],
            capture_output=True,
            text=True,
        )
        if install.returncode:
            print("mkdocs-quiz could not be installed:", install.stderr[-500:])
            return None
    results = {}
    for with_plugin in (True, False):
        project = Path(tempfile.mkdtemp())
        (project / "docs").mkdir()
        per_page = 5
        for page in range(count_questions // per_page):
            blocks = []
            for i in range(per_page):
                blocks.append(
                    f"<quiz>\nQuestion {i} about page {page}?\n- [x] Right\n- [ ] Wrong\n- [ ] Also wrong\n\n"
                    "An explanation, with its source.\n</quiz>\n"
                )
            (project / "docs" / f"page-{page:04d}.md").write_text(f"# Page {page}\n\n" + "\n".join(blocks))
        config = {"site_name": "bench", "theme": {"name": "material", "font": False}, "plugins": ["search"]}
        if with_plugin:
            config["plugins"].append("mkdocs_quiz")
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
        results[with_plugin] = statistics.median(timed_build(str(python), project)["seconds"] for _ in range(runs))
    return (results[True] - results[False]) * 1000 / count_questions


CACHE_HOOK = """
import sys
sys.path.insert(0, {root!r})
from cmguide.jinjacache import compiled_templates_cache

def on_env(env, config, files):
    env.bytecode_cache = compiled_templates_cache()
    return env
"""


def cached_plain_project(plain: Path, dest: Path) -> None:
    """The plain floor with the one thing our hook does to the theme: its compiled templates kept between builds."""
    shutil.copytree(plain, dest)
    (dest / "cache_hook.py").write_text(CACHE_HOOK.format(root=str(ROOT)), encoding="utf-8")
    config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = ["cache_hook.py"]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def measure(size: int, runs: int) -> dict:
    """Builds of each variant in turn, `runs` times; their medians."""
    work = Path(tempfile.mkdtemp())
    ours, plain, cached = work / "ours", work / "plain", work / "cached"
    questions = real_project(ours) if size == 0 else generate(ours, size)
    plain_project(ours, plain)
    cached_plain_project(plain, cached)
    variants = {"ours": (ours, False), "cold": (ours, True), "plain": (plain, False), "cached": (cached, False)}
    times: dict[str, list[float]] = {kind: [] for kind in variants}
    cpu: dict[str, list[float]] = {kind: [] for kind in variants}
    rss = {kind: 0.0 for kind in variants}
    for _ in range(runs):
        for kind, (project, cold) in variants.items():
            result = timed_build(sys.executable, project, cold=cold)
            times[kind].append(result["seconds"])
            cpu[kind].append(result["cpu"])
            rss[kind] = max(rss[kind], result["rss_mb"])
    validate = []
    for _ in range(runs):
        start = time.perf_counter()
        assert load_content(ours).problems == []
        validate.append(time.perf_counter() - start)
    o, p = statistics.median(times["ours"]), statistics.median(times["plain"])
    oc, pc = statistics.median(cpu["ours"]), statistics.median(cpu["plain"])
    content = load_content(ours)
    shutil.rmtree(work)
    return {
        "pitfalls": size or f"{len(content.pitfalls)} (real)",
        "questions": questions,
        "pages": len(all_pages(content)),
        "ours_s": o,
        "plain_s": p,
        "ratio": o / p,
        "ours_cpu": oc,
        "plain_cpu": pc,
        "cpu_ratio": oc / pc,
        "cold_s": statistics.median(times["cold"]),
        "cached_s": statistics.median(times["cached"]),
        "ms_per_question": (o - p) * 1000 / questions,
        "ours_rss_mb": rss["ours"],
        "plain_rss_mb": rss["plain"],
        "validate_s": statistics.median(validate),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="real,5,50,500", help="numbers of pitfalls, comma-separated ('real': this project's content)"
    )
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind per size (median)")
    parser.add_argument("--mkdocs-quiz", action="store_true", help="also measure mkdocs-quiz 1.7.1")
    args = parser.parse_args()
    sizes = [0 if s == "real" else int(s) for s in args.sizes.split(",")]
    if min(sizes, default=2) == 1 or any(s < 0 for s in sizes):
        parser.error("each size needs at least 2 pitfalls (a pitfall is related to another)")
    rows = [measure(size, args.runs) for size in sizes]
    real = []
    for _ in range(5):
        start = time.perf_counter()
        load_content(ROOT)
        real.append(time.perf_counter() - start)

    print(
        f"# Benchmark, {time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {args.runs} runs per median\n"
    )
    print(
        "| pitfalls | questions | pages | ours (s) | plain (s) | ratio | ours CPU (s) | plain CPU (s) | CPU ratio "
        "| first build (s) | ratio | plain, cached (s) | ratio | ms / question | peak MB ours / plain | validate (s) |"
    )
    print("|" + " ---: |" * 17)
    for r in rows:
        print(
            f"| {r['pitfalls']} | {r['questions']} | {r['pages']} | {r['ours_s']:.2f} | {r['plain_s']:.2f} | "
            f"{r['ratio']:.2f} | {r['ours_cpu']:.2f} | {r['plain_cpu']:.2f} | {r['cpu_ratio']:.2f} | "
            f"{r['cold_s']:.2f} | {r['cold_s'] / r['plain_s']:.2f} | {r['cached_s']:.2f} | "
            f"{r['ours_s'] / r['cached_s']:.2f} | {r['ms_per_question']:.3f} | "
            f"{r['ours_rss_mb']:.0f} / {r['plain_rss_mb']:.0f} | {r['validate_s']:.3f} |"
        )
    print(
        "\nours: every build after the first (compiled templates kept, ours and the theme's); first build: an empty "
        "template cache (a fresh machine); plain, cached: the floor given the same template cache, to show what our "
        "own work costs."
    )
    print(f"\nvalidate on the real content: {statistics.median(real) * 1000:.0f} ms (median of 5)")
    sizes_ = asset_sizes()
    total_raw = sum(v[0] for v in sizes_.values())
    total_gz = sum(v[1] for v in sizes_.values())
    for name, (raw, gz) in sizes_.items():
        print(f"{name}: {raw:,} bytes raw, {gz:,} gzip")
    print(f"quiz JS+CSS: {total_raw:,} bytes raw, {total_gz:,} gzip (the test suite holds the budget)")
    site = Path(tempfile.mkdtemp()) / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
    )
    for page in ("self-assessment", "quiz/full-automation"):
        raw, gz = page_weight(site, page)
        print(f"{page}/ with everything it loads: {raw:,} bytes raw, {gz:,} gzip")
    if args.mkdocs_quiz:
        cost = mkdocs_quiz(min(rows[-1]["questions"], 500), args.runs)
        if cost is not None:
            print(f"mkdocs-quiz 1.7.1: {cost:.2f} ms per question (plugin on minus plugin off, same pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
