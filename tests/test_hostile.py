"""Hostile content and hostile conditions: nothing runs, nothing breaks, nothing is lost."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import CONTENT, expected_results, fill_by_keyboard, inject

from cmguide.render import local
from conftest import FIXTURES, MINIMAL, ROOT, Server, make_project, mkdocs_build, wait_for_status
from htmlcheck import all_pages, read_page

# The injection corpus: each payload goes into every prose field of the content, at once.
PAYLOADS = [
    '<script>alert("xss-1")</script>',
    '<img src=x onerror=alert("xss-2")>',
    '[lien](javascript:alert("xss-3"))',
    "<a href=\"javascript:alert('xss-4')\">lien</a>",
    '<svg onload=alert("xss-5")><circle r=9></svg>',
    '"><b onmouseover=alert("xss-6")>guillemets</b>',
    "'><iframe src=javascript:alert(7)></iframe>",
    '**[gras](javascript:alert(8))** <details open ontoggle=alert("xss-9")>',
    "{{ 7*7 }} {% if true %}jinja{% endif %} ${alert(10)}",
    "<style>body{display:none}</style><!-- commentaire",
    "&lt;script&gt; &amp;amp; &#x3C;",
    "\u202eexe.gnp\u202c \u2066isolé\u2069",
    "Mot" + "x" * 300,
]


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile") / "p", ROOT)
    fields = inject(project, " ".join(PAYLOADS))
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    server = Server(site)
    yield site, server, fields
    server.close()


FIND_INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) bad.push(el.tagName + '[' + attr + ']');
    const href = el.getAttribute('href') || el.getAttribute('src') || '';
    if (/^\\s*javascript:/i.test(href)) bad.push(el.tagName + ' ' + href);
  }
  for (const el of document.querySelectorAll('script')) if (/xss|alert/.test(el.textContent)) bad.push('script');
  const injected = 'iframe, .md-content svg[onload], .md-content style';
  for (const el of document.querySelectorAll(injected)) bad.push(el.tagName);
  if (getComputedStyle(document.body).display === 'none') bad.push('body hidden');
  return bad;
}"""


def test_injection_corpus_shows_as_text_and_never_runs(browser, injected_site):
    site, server, fields = injected_site
    assert fields > 1000
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = all_pages(site)
    try:
        for built in pages:
            page.goto(server.url + built.url)
            page.mouse.move(400, 400)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert page.evaluate(FIND_INJECTED) == [], built.url
            assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
                built.url
            )
        page.goto(server.url + "pitfalls/full-automation/")
        text = page.locator("h1").inner_text()
        assert '<script>alert("xss-1")</script>' in text and "{{ 7*7 }}" in text and "49" not in text
        assert "\u202e" not in text  # direction overrides are dropped
        page.goto(server.url + "en/quiz/full-automation/")
        page.locator("form.cmg-check fieldset").first.locator("input").first.check()
        page.locator("[data-check]").first.click()
        assert '<img src=x onerror=alert("xss-2")>' in page.locator(".cmg-fb").first.inner_text()
        page.goto(server.url + "en/self-assessment/")
        fill_by_keyboard(page)
        page.locator("#results").wait_for(state="visible")
        assert page.evaluate(FIND_INJECTED) == []
        assert dialogs == []
    finally:
        context.close()
    print(f"\ninjection: {len(PAYLOADS)} payloads in {fields} fields, {len(pages)} pages opened, 0 ran")


# The malformed-content corpus: the broken fixtures, plus cases too big or too binary to commit.


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str):
    return lambda path: path.symlink_to(target)


def _sparse(size: int):
    def make(path: Path) -> None:
        with path.open("wb") as out:
            out.truncate(size)  # takes no room on disk; a reader that trusted it would read 3 GB

    return make


def _unknown_in_both(ids: bytes):
    """50,000 unknown references in each of the two pitfalls: 100,000 in all (a file holds at most 1 MB)."""

    def make(path: Path) -> None:
        for name in ("alpha.yml", "beta.yml"):
            original = (MINIMAL / "guidance" / "pitfalls" / name).read_bytes()
            path.with_name(name).write_bytes(
                original.replace(b"further_reading: [", b"further_reading: [" + ids + b", ", 1)
            )

    return make


def _generated_cases(tmp: Path) -> dict[str, tuple[str, bytes | Callable[[Path], None], str]]:
    """name -> (file, its bytes or what makes it, the rule expected)"""
    alpha = (MINIMAL / "guidance" / "pitfalls" / "alpha.yml").read_bytes()
    refs = (MINIMAL / "guidance" / "references.yml").read_bytes()
    scale = (MINIMAL / "quizzes" / "self-assessment.yml").read_bytes()
    unknown = ", ".join(f"unknown-{i}" for i in range(50_000)).encode()  # twice: 100,000 in two files
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n".encode()
        for i in range(9)
    )
    deep = b"id: alpha\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n"
    nested = "".join("  " * i + f"k{i}:\n" for i in range(300)).encode() + b"  " * 300 + b"v\n"
    return {
        "alias-bomb": ("guidance/pitfalls/alpha.yml", bomb, "YAML-ALIAS"),
        "huge-file": ("guidance/pitfalls/alpha.yml", alpha + b"# " + b"x" * 3_000_000 + b"\n", "YAML-FILE"),
        "deep-flow-nesting": ("guidance/pitfalls/alpha.yml", deep, "YAML-SYNTAX"),
        "deep-block-nesting": ("guidance/pitfalls/alpha.yml", nested, "YAML-SYNTAX"),
        "binary-png": ("guidance/pitfalls/alpha.yml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "YAML-SYNTAX"),
        "utf-16": ("guidance/pitfalls/alpha.yml", alpha.decode("utf-8").encode("utf-16"), "YAML-SYNTAX"),
        "bom-and-duplicate-key": (
            "guidance/pitfalls/alpha.yml",
            b"\xef\xbb\xbf" + alpha.replace(b"short_title:", b"title:\n  fr: x\n  en: x\nshort_title:", 1),
            "YAML-DUPLICATE-KEY",
        ),
        "only-comments": ("guidance/pitfalls/beta.yml", b"# nothing here\n# still nothing\n", "YAML-EMPTY"),
        "null-document": ("guidance/pitfalls/beta.yml", b"~\n", "YAML-EMPTY"),
        "merge-key": (
            "guidance/pitfalls/alpha.yml",
            alpha.replace(b"number: 1\n", b"number: 1\n<<: {a: 1}\n", 1),
            "YAML-ALIAS",
        ),
        "python-tag": ("guidance/pitfalls/alpha.yml", b"id: !!python/object/apply:os.system ['true']\n", "SCHEMA-TYPE"),
        "control-character": ("guidance/pitfalls/alpha.yml", alpha.replace(b"Le pi", b"Le \x07pi", 1), "YAML-SYNTAX"),
        "empty-document-list": ("guidance/pitfalls/beta.yml", b"---\n---\n", "YAML-SYNTAX"),
        # Inputs without bounds: each is refused before it costs anything.
        "number-of-5000-digits": (
            "guidance/pitfalls/alpha.yml",
            alpha.replace(b"number: 1\n", b"number: 1" + b"0" * 5000 + b"\n", 1),
            "SCHEMA-VALUE",
        ),
        "fifo": ("guidance/pitfalls/gamma.yml", _fifo, "YAML-FILE"),
        "link-to-dev-zero": ("guidance/pitfalls/gamma.yml", _link("/dev/zero"), "YAML-FILE"),
        "link-outside-the-project": ("guidance/pitfalls/gamma.yml", _link("/etc/hostname"), "YAML-FILE"),
        "dangling-link": ("guidance/pitfalls/gamma.yml", _link("gone.yml"), "YAML-FILE"),
        "folder-named-yml": ("guidance/pitfalls/gamma.yml", lambda path: path.mkdir(), "YAML-FILE"),
        "sparse-3-gb-file": ("guidance/pitfalls/alpha.yml", _sparse(3 << 30), "YAML-FILE"),
        "huge-scale-points": (
            "quizzes/self-assessment.yml",
            scale.replace(b"points: 1\n", b"points: 1000000000000\n", 1),
            "SCHEMA-VALUE",
        ),
        "100000-unknown-references": ("guidance/pitfalls/alpha.yml", _unknown_in_both(unknown), "REF-UNKNOWN"),
        # Patterns match whole values: a final newline is not a valid end.
        "id-ending-in-newline": (
            "guidance/pitfalls/alpha.yml",
            alpha.replace(b"id: alpha\n", b'id: "alpha\\n"\n', 1),
            "SCHEMA-VALUE",
        ),
        "date-ending-in-newline": (
            "guidance/references.yml",
            refs.replace(b'date: "2025"', b'date: "2025\\n"', 1),
            "SCHEMA-VALUE",
        ),
        "lang-ending-in-newline": (
            "guidance/references.yml",
            refs.replace(b"lang: en", b'lang: "en\\n"', 1),
            "SCHEMA-VALUE",
        ),
        "url-with-backslash-and-user": (
            "guidance/references.yml",
            refs.replace(b"https://example.org/one", b"https://evil.example\\@example.org/one", 1),
            "SCHEMA-VALUE",
        ),
        "url-with-user-info": (
            "guidance/references.yml",
            refs.replace(b"https://example.org/one", b"https://example.org@evil.example/one", 1),
            "SCHEMA-VALUE",
        ),
        "key-with-a-newline": ("guidance/pitfalls/alpha.yml", alpha + b'"bad\\nkey": 1\n', "SCHEMA-UNKNOWN-KEY"),
    }


def _limited():  # what each validation may use: 1 GiB of address space, 20 s of CPU
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (20, 20))


def test_malformed_corpus_fails_clearly_fast_and_small(tmp_path):
    cases: list[tuple[str, Path, str]] = []
    # review-due-*: a warning, which fails nothing (tested in test_cli.py)
    for fixture in sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir() and "review-due" not in p.name):
        first = (fixture / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
        cases.append((fixture.name, make_project(tmp_path / fixture.name, MINIMAL, (fixture,)), first))
    for name, (rel, data, rule) in _generated_cases(tmp_path).items():
        project = make_project(tmp_path / name, MINIMAL)
        if callable(data):
            (project / rel).unlink(missing_ok=True)
            data(project / rel)
        else:
            (project / rel).write_bytes(data)
        cases.append((name, project, rule))
    assert len(cases) >= 60
    passed, slowest, peak = 0, 0.0, 0

    def validate(project: Path) -> tuple[subprocess.CompletedProcess, float, float]:
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(
            [sys.executable, "-m", "cmguide", "validate", "--root", str(project)],
            capture_output=True,
            text=True,
            timeout=30,
            preexec_fn=_limited,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)  # the same on a busy machine
        return result, elapsed, cpu

    # What starting Python and importing the package costs, whatever the input: the budget is for the work on it.
    valid = make_project(tmp_path / "valid", MINIMAL)
    startup = min(validate(valid)[2] for _ in range(3))
    for name, project, expected in cases:
        result, elapsed, cpu = validate(project)
        cpu -= startup
        slowest = max(slowest, cpu)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB, the largest child so far
        output = result.stdout + result.stderr
        assert result.returncode == 1, (name, output[-500:])
        assert "Traceback" not in output and "MemoryError" not in output, (name, output[-800:])
        lines = result.stdout.splitlines()
        assert lines and all(re.match(r"^[\w./-]+\.yml:\d+:\d+: [A-Z0-9-]+ ", line) for line in lines), (name, lines)
        assert expected in result.stdout, (name, expected, lines)
        assert cpu < 2 and elapsed < 10, (name, cpu, elapsed)  # 2 s of work beyond start-up; never a hang
        passed += 1
    print(
        f"\nmalformed corpus: {len(cases)} cases tried, {passed} passed, slowest {slowest:.2f} s of CPU beyond a "
        f"start-up of {startup:.2f} s, "
        f"peak memory {peak / 1024:.0f} MiB (limit 1 GiB)"
    )


# Saved answers and storage.


@pytest.mark.parametrize(
    "script",
    [
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }})",
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }",
    ],
    ids=["storage-denied", "storage-full"],
)
def test_quiz_works_and_says_so_without_storage(browser, site_server, script):
    context = browser.new_context()
    context.add_init_script(script)
    page = context.new_page()
    errors: list[str] = []  # ours only: Material's own inline scripts do not guard their storage calls
    page.on("pageerror", lambda exc: "cmguide-quiz" in (exc.stack or "") and errors.append(str(exc)))
    try:
        page.goto(site_server.url + "en/self-assessment/")
        wait_for_status(page)
        assert page.locator("[data-status]").inner_text() == local(CONTENT.site.quiz_ui.no_storage, "en")
        fill_by_keyboard(page)
        page.locator("#results").wait_for(state="visible")
        rows = [tuple(c.strip() for c in r.split("\t")) for r in page.locator(".cmg-table tbody tr").all_inner_texts()]
        assert rows == expected_results("en")
        page.goto(site_server.url + "en/quiz/solo-creativity/")
        page.locator("fieldset.cmg-q").first.locator("input").first.check()
        page.locator("[data-check]").first.click()
        assert page.locator("[data-verdict]").first.is_visible()
    finally:
        context.close()
    assert errors == []


def test_site_works_with_no_network_but_its_own_server(browser, site_server, built_site):
    context = browser.new_context()
    blocked: list[str] = []
    own = site_server.url.rstrip("/")

    def route(route):
        if route.request.url.startswith(own):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        for built in all_pages(built_site):
            page.goto(site_server.url + built.url)
        page.goto(site_server.url + "en/")
        page.keyboard.press("/")
        page.keyboard.type("copyright")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.goto(site_server.url + "self-assessment/")
        fill_by_keyboard(page)
        page.locator("#results").wait_for(state="visible")
    finally:
        context.close()
    assert blocked == []


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for site in (first, second):
        assert mkdocs_build(ROOT, site).returncode == 0
        time.sleep(1.1)  # a clock in the output would differ
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    print(f"\nreproducible: {len(files)} files compared, {len(different)} different")
    assert different == []


def test_every_page_has_a_strict_content_security_policy_and_no_inline_handler(built_site):
    for html_file in sorted(built_site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        head = html[html.index("<head>") : html.index("<head>") + 900]
        assert 'http-equiv="Content-Security-Policy"' in head.split("<script")[0], html_file
        policy = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
        assert "'unsafe-inline'" not in policy and "default-src 'self'" in policy and "*" not in policy
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), html_file


def test_the_site_runs_under_its_policy(browser, site_server, built_site):
    context = browser.new_context()
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "(window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    page = context.new_page()
    violations = []
    try:
        for built in all_pages(built_site):
            page.goto(site_server.url + built.url)
            violations += page.evaluate("window.__violations || []")
        page.goto(site_server.url + "self-assessment/")
        fill_by_keyboard(page)
        page.locator("#results").wait_for(state="visible")
        page.keyboard.press("/")
        page.keyboard.type("prompt")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        violations += page.evaluate("window.__violations || []")
    finally:
        context.close()
    assert violations == []


def test_the_site_says_what_the_quizzes_are_and_keep(built_site):
    ui = CONTENT.site.quiz_ui
    for lang, prefix in (("fr", ""), ("en", "en/")):
        quiz = read_page(built_site, prefix + "quiz/full-automation/").with_class("p", "cmg-privacy")
        assert [_plain(p.text) for p in quiz] == [_plain(local(ui.check_note, lang))]
        assessment = read_page(built_site, prefix + "self-assessment/").with_class("p", "cmg-privacy")
        # the privacy note, then the link to the page that says who "the maintainers" are
        about = local(CONTENT.site.ui.about, lang)
        assert [_plain(p.text) for p in assessment] == [_plain(local(CONTENT.assessment.privacy, lang) + " " + about)]


def _plain(text: str) -> str:
    """A text as a reader sees it: without the ** and * of its bold and italics, spaces collapsed."""
    return " ".join(re.sub(r"\*\*?", "", text).split())
