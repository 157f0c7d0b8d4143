"""Content comes from strangers' pull requests: none of it runs, at build time or in the browser.

Template injection, hand-written pages and their sandbox, inputs without bounds in build and serve,
workflow-command forgery, GIFT weights, id collisions and the cost of many problems.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from helpers import CONTENT, fill_by_keyboard, flat, inject, parse_gift

from cmguide.exports import gift
from cmguide.loader import load_content
from cmguide.problems import Problem
from cmguide.render import MACROS, local
from conftest import MINIMAL, ROOT, make_project, mkdocs_build
from htmlcheck import every_html_file

MARKER = "cmguide-ssti-ran"

# Every Jinja construct, with and without quotes, with filters and globals. Each evaluates to a marker that the
# text itself does not contain, or (the comment) hides a word that must stay visible.
JINJA = [
    "{{ 'ssti-' ~ 7*191 }}",
    "{{ 'ssti-upper'|upper }}",
    '{{ "ssti-dq"|upper }}',
    "{% set z = 'ssti-set' %}{{ z ~ '-ok' }}",
    "{% for i in range(3) %}ssti-loop{% endfor %}",
    "{# hidden-comment #}",
    "{{ cycler.__init__.__globals__.os.system('touch " + MARKER + "-1') }}",
    "{{ lipsum.__globals__['os'].popen('touch " + MARKER + "-2').read() }}",
    "{{ config.site_name }}{{ macros_info() }}{{ now() }}",
    "{%- raw %}raw{% endraw -%}",
]
EVALUATED = ["ssti-1337", "SSTI-UPPER", "SSTI-DQ", "ssti-set-ok", "ssti-loopssti-loop"]


@pytest.fixture(scope="module")
def jinja_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("jinja") / "p", ROOT)
    fields = inject(project, " ".join(JINJA))
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return project, site, fields


def test_no_text_from_content_is_ever_evaluated_as_a_template(jinja_site):
    project, site, fields = jinja_site
    assert fields > 1000  # every text: titles, navigation, descriptions, site-level labels, bodies
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".txt", ".json", ".xml")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for marker in EVALUATED:
            assert marker not in text, (path, marker)
    # the payloads show as text: in the English navigation, in a title, in the GIFT export
    loop, comment = JINJA[4], JINJA[5]
    nav = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert loop in nav and comment in nav
    title = re.search(r"<title>(.*?)</title>", (site / "en/pitfalls/full-automation/index.html").read_text()).group(1)
    assert loop in title
    exported = parse_gift((site / "exports/cmguide-quiz-en.gift.txt").read_text(encoding="utf-8"))
    assert all(loop in question["prompt"] for question in exported.values())
    # a payload with a side effect leaves no trace on disk
    for where in (project, project.parent, ROOT, Path("/tmp"), Path.cwd()):
        assert not list(where.glob(MARKER + "*")), where
    print(f"\ntemplate injection: {len(JINJA)} constructs in {fields} fields, {len(files)} files read, none evaluated")


def test_the_build_refuses_macros_on_every_page(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("render_by_default: false", "render_by_default: true"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "set `render_by_default: false` under the macros plugin" in result.stdout + result.stderr


# Hand-written pages: they embed content through macros, in Jinja's sandbox.


@pytest.mark.parametrize("lang", CONTENT.languages)
def test_the_workshop_page_embeds_a_card_a_knowledge_check_and_references(built_site, lang, page, site_server):
    prefix = "" if lang == CONTENT.default_language else f"{lang}/"
    html = (built_site / prefix / "workshop" / "index.html").read_text(encoding="utf-8")
    pitfall = CONTENT.pitfall("full-automation")
    assert local(pitfall.description, lang).split()[0] in html  # the card
    assert 'data-quiz="check/full-automation"' in html and "cmguide-quiz.js" in html  # the working check
    for ref_id in ("mguillois-2024",):
        assert f'id="ref-{ref_id}"' in html  # the references
    assert "{{" not in html.split("<article", 1)[1].split("</article>")[0]
    # the embedded check works like the quiz page
    page.goto(site_server.url + prefix + "workshop/")
    question = CONTENT.checks["full-automation"].questions[0]
    right = next(o for o in question.options if o.correct)
    fieldset = page.locator(f"#q-{question.id}")
    fieldset.locator(f"input[value='{right.id}']").check()
    fieldset.locator("[data-check]").click()
    assert fieldset.locator("[data-verdict]").inner_text() == local(CONTENT.site.quiz_ui.right, lang)


def test_every_macro_is_documented_on_the_contributing_page(built_site):
    assert [m.name for m in CONTENT.contributing.macros] == list(MACROS)
    html = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    for name in MACROS:
        assert f"{{{{ {name}(" in html


def _authored(project: Path, body: str, render: bool = True) -> None:
    for lang in ("fr", "en"):
        front = f"---\ntitle: Page {lang}\n" + ("render_macros: true\n" if render else "") + "---\n\n"
        (project / "docs" / f"authored.{lang}.md").write_text(front + body, encoding="utf-8")


def test_a_hand_written_page_cannot_reach_python_internals(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    _authored(project, "{{ cycler.__init__.__globals__.os.system('touch " + MARKER + "-3') }}\n")
    result = subprocess.run(  # not quiet: mkdocs-macros says why at the warning level, then exits with 100
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 100
    assert "SecurityError: access to attribute '__init__' of 'type' object is unsafe" in result.stderr
    assert not list(project.glob(MARKER + "*")) and not list(Path.cwd().glob(MARKER + "*"))


def test_a_hand_written_page_without_macros_shows_braces_and_an_unknown_pitfall_is_said(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    _authored(project, "Say {{ 7*191 }} here.\n", render=False)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    assert "{{ 7*191 }}" in (site / "authored" / "index.html").read_text(encoding="utf-8")
    _authored(
        project, 'Text.\n\n{{ pitfall_card("alpah") }}\n{{ knowledge_check("beta") }} {{ knowledge_check("alpha") }}\n'
    )
    result = mkdocs_build(project, tmp_path / "site2")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert (
        "docs/authored.fr.md:8:1: PAGE-MACRO pitfall_card: no pitfall 'alpah' (did you mean 'alpha'?) "
        "(hint: use the id of a file in guidance/pitfalls/: alpha, beta)" in output
    )
    assert "docs/authored.fr.md:9:31: PAGE-MACRO a second knowledge_check on the same page" in output


def test_a_hand_written_page_goes_in_the_group_it_names_and_an_unknown_group_is_said(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    for lang in ("fr", "en"):
        (project / "docs" / f"authored.{lang}.md").write_text(
            f"---\ntitle: Page {lang}\nnav_group: workshop\n---\n\nText.\n", encoding="utf-8"
        )
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert (
        "docs/authored.fr.md:3:1: PAGE-NAV nav_group: no group 'workshop' in the navigation (did you mean "
        "'workshops'?) (hint: use one of: pitfalls, quizzes, workshops, or leave nav_group out (the page then "
        "comes before Sources))" in output
    )
    for lang in ("fr", "en"):
        path = project / "docs" / f"authored.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("workshop\n", "workshops\n"), encoding="utf-8")
    site = tmp_path / "site2"
    assert mkdocs_build(project, site).returncode == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    # the last page of the workshops group, after the generated ones, before the pages that follow the group
    links = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert links.index("authored/") == links.index("answer-key/") + 1


# Inputs without bounds: in the build, under serve (which recovers), and editors' lock files.


def _bad_inputs(project: Path) -> None:
    alpha = project / "guidance/pitfalls/alpha.yml"
    alpha.write_text(alpha.read_text().replace("number: 1\n", "number: 1" + "0" * 5000 + "\n", 1))
    os.mkfifo(project / "guidance/pitfalls/gamma.yml")
    (project / "quizzes/checks/delta.yml").symlink_to("/dev/zero")


def test_the_build_fails_on_unbounded_inputs_with_every_problem_and_no_hang(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    _bad_inputs(project)
    start = time.perf_counter()
    result = mkdocs_build(project, tmp_path / "site")
    elapsed = time.perf_counter() - start
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "guidance/pitfalls/alpha.yml:2:9: SCHEMA-VALUE a number of 5,001 characters is too long to read" in output
    assert "guidance/pitfalls/gamma.yml:1:1: YAML-FILE this is a named pipe (FIFO), not a text file" in output
    assert "quizzes/checks/delta.yml:1:1: YAML-FILE the file is a symbolic link that leads outside" in output
    assert elapsed < 20


def test_an_editors_lock_file_is_not_content(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    (project / "guidance/pitfalls/.#alpha.yml").symlink_to("user@host.1234:1700000000")  # how Emacs makes one
    result = subprocess.run(
        [sys.executable, "-m", "cmguide", "validate", "--root", str(project)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert mkdocs_build(project, tmp_path / "site").returncode == 0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _says(url: str, text: str) -> bool:
    try:
        return text in _get(url)
    except OSError:
        return False


def _poll(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_serve_reports_unbounded_inputs_and_recovers_once_fixed(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    with log.open("w") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/en/pitfalls/alpha/"

        assert _poll(lambda: _says(url, "The alpha pitfall"), 60), log.read_text()[-2000:]
        alpha = project / "guidance/pitfalls/alpha.yml"
        good = alpha.read_text()
        _bad_inputs(project)
        assert _poll(lambda: "YAML-FILE this is a named pipe (FIFO)" in log.read_text(), 30), log.read_text()[-2000:]
        assert "Traceback" not in log.read_text()
        # fixed: the pipe and the link removed, the number shortened, and a new title to see
        (project / "guidance/pitfalls/gamma.yml").unlink()
        (project / "quizzes/checks/delta.yml").unlink()
        alpha.write_text(good.replace("The alpha pitfall", "The recovered pitfall"))
        assert _poll(lambda: _says(url, "The recovered pitfall"), 60), log.read_text()[-2000:]
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=20)


# Messages: one line each, and GitHub annotations that no file name can forge.


def test_a_message_stays_on_one_line_whatever_it_quotes():
    problem = Problem("guidance/a.yml", 3, 1, "SCHEMA-UNKNOWN-KEY", "unknown key 'bad\nkey\r\x07'", "hint\n::error::x")
    assert problem.format() == (
        "guidance/a.yml:3:1: SCHEMA-UNKNOWN-KEY unknown key 'bad\\nkey\\r\\x07' (hint: hint\\n::error::x)"
    )


def test_github_annotations_escape_properties_and_data():
    problem = Problem("guidance/a,b:c%.yml", 3, 1, "YAML-SYNTAX", "100% bad\n::error file=x::forged", "h\r")
    assert problem.github() == (
        "::error file=guidance/a%2Cb%3Ac%25.yml,line=3,col=1,title=YAML-SYNTAX::"
        "YAML-SYNTAX 100%25 bad%0A::error file=x::forged (hint: h%0D)"
    )
    assert "\n" not in problem.github()


def test_new_refuses_an_id_that_ends_in_a_newline(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    result = subprocess.run(
        [sys.executable, "-m", "cmguide", "new", "pitfall", "zeta\n", "--root", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "is not a kebab-case id" in result.stderr
    assert sorted(p.name for p in (project / "guidance/pitfalls").iterdir()) == ["alpha.yml", "beta.yml"]


# Exports: GIFT's special characters in every field never make an answer or a weight.

GIFT_PAYLOAD = "%50% = ~ # { } : \\ \\n [html] ::t:: $CATEGORY: %-100%"


def test_gift_export_escapes_every_special_character(tmp_path):
    project = make_project(tmp_path / "p", ROOT)
    for path in (project / "quizzes" / "checks").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for question in data["questions"]:
            for field in [question["prompt"], question["explanation"]] + [
                part for option in question["options"] for part in (option["text"], option["feedback"])
            ]:
                for lang in field:
                    field[lang] = GIFT_PAYLOAD + " " + field[lang] + " " + GIFT_PAYLOAD
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    content = load_content(project)
    assert [p for p in content.problems if p.rule != "TYPO-FR"] == []
    for lang in content.languages:
        parsed = parse_gift(gift(content, lang))
        assert len(parsed) == sum(len(c.questions) for c in content.checks.values())
        for pitfall_id, check in content.checks.items():
            for question in check.questions:
                got = parsed[f"{pitfall_id}/{question.id}"]
                assert [o["text"] for o in got["options"]] == [flat(local(o.text, lang)) for o in question.options]
                assert [o["correct"] for o in got["options"]] == [o.correct for o in question.options]
                weights = [o["weight"] for o in got["options"]]
                if question.type == "single":
                    assert weights == [None] * len(question.options)  # no weight came out of a text
                else:
                    right = sum(o.correct for o in question.options)
                    expected = [
                        f"{100 / right:.5f}".rstrip("0").rstrip(".") if o.correct else "-100" for o in question.options
                    ]
                    assert weights == expected


# Ids: what content names never duplicates an id of the page itself.


def test_content_ids_never_duplicate_page_ids(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    refs = project / "guidance/references.yml"
    names = ["sources", "title", "references", "summary", "results"]
    extra = "".join(
        f"  - id: {name}\n    title: Named {name}\n    publisher: P\n"
        f"    url: https://example.org/{name}\n    lang: en\n"
        for name in names
    )
    refs.write_text(refs.read_text() + extra)
    alpha = project / "guidance/pitfalls/alpha.yml"
    alpha.write_text(alpha.read_text().replace("further_reading: [", "further_reading: [" + ", ".join(names) + ", ", 1))
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in every_html_file(site):
        ids = [el.attrs["id"] for el in page.elements if "id" in el.attrs]
        assert len(ids) == len(set(ids)), (page.url, sorted({i for i in ids if ids.count(i) > 1}))


# Cost: every rule is linear in what it reads.


def _unknown_references(tmp_path: Path, count: int) -> Path:
    project = make_project(tmp_path / f"p{count}", MINIMAL)
    alpha = project / "guidance/pitfalls/alpha.yml"
    ids = ", ".join(f"unknown-{i}" for i in range(count))
    alpha.write_text(alpha.read_text().replace("further_reading: [", f"further_reading: [{ids}, ", 1))
    return project


def test_problems_cost_the_same_each_however_many(tmp_path):
    timings = {}
    for count in (5_000, 40_000):
        project = _unknown_references(tmp_path, count)
        start = time.process_time()
        content = load_content(project)
        timings[count] = time.process_time() - start
        listed = [p for p in content.problems if p.rule == "REF-UNKNOWN"]
        assert len(listed) == 51  # 50 listed, then one line that counts the rest
        assert listed[-1].message.startswith(f"and {count - 50:,} more REF-UNKNOWN problems in this file")
    ratio = timings[40_000] / timings[5_000]
    print(f"\n5,000 unknown references: {timings[5_000]:.2f} s; 40,000: {timings[40_000]:.2f} s (x{ratio:.1f} for x8)")
    assert ratio < 12  # linear (x8) with room for noise; the quadratic version was x40 and more


def test_saved_answers_use_keys_that_cannot_collide(built_site):
    assessment = (built_site / "self-assessment" / "index.html").read_text(encoding="utf-8")
    check = (built_site / "quiz" / "full-automation" / "index.html").read_text(encoding="utf-8")
    assert f'data-quiz="assessment/{CONTENT.assessment.id}"' in assessment
    assert 'data-quiz="check/full-automation"' in check  # "/" is never in an id: the two kinds never meet
    script = (ROOT / "docs/assets/cmguide-quiz.js").read_text(encoding="utf-8")
    assert not re.search(r"querySelector(All)?\([^)]*\$\{", script)  # no selector is built from content
    assert not re.search(r"\$\$?\([^,]+,\s*`[^`]*\$\{", script)


@pytest.mark.parametrize(
    "saved",
    [
        {"answers": {}, "checked": None, "plan": {}},
        {"answers": {}, "checked": {}, "plan": "x"},
        {"answers": {"x": "never"}, "checked": {}, "plan": {}},
        {"answers": [], "checked": {}, "plan": {}},
        {"answers": {"x": [1]}, "checked": {"x": "yes"}, "plan": {}},
    ],
    ids=["checked-null", "plan-text", "answer-not-a-list", "answers-a-list", "wrong-inner-types"],
)
def test_a_saved_state_of_the_wrong_shape_is_dropped_and_never_breaks_the_page(page, site_server, saved):
    page.goto(site_server.url + "en/self-assessment/")
    version = page.locator("form.cmg-assessment").get_attribute("data-version")
    key = "cmguide:assessment/" + CONTENT.assessment.id
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps({"v": version, **saved})])
    page.reload()
    assert page.locator("form.cmg-assessment input:checked").count() == 0  # the bad save was dropped
    fill_by_keyboard(page)
    page.locator("#results").wait_for(state="visible")
    page.reload()  # and what is saved now is good: the results come back by themselves
    page.locator("#results").wait_for(state="visible")
    saved_now = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))
    assert saved_now["v"] == version and len(saved_now["answers"]) == page.locator("form fieldset").count()
