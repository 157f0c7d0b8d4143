"""The trainer's loop under `mkdocs serve`: an edit shows in the open page by itself, under the page's policy;
content that cannot be built shows its problems in the browser, and the site comes back once it is fixed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from conftest import MINIMAL, make_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    project = make_project(tmp_path / "p", MINIMAL)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    serve = subprocess.Popen(  # as `./dev serve` runs it
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield project, f"http://127.0.0.1:{port}/", tmp_path / "serve.log"
    os.killpg(serve.pid, signal.SIGTERM)
    serve.wait(timeout=20)
    log.close()


def _wait_text(page, text: str, timeout: float) -> float:
    """Seconds until the open page shows ``text`` (polled from Python: the policy forbids string evaluation)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            if text in page.locator("body").inner_text(timeout=2000):
                return time.monotonic() - start
        except Exception:  # the page is reloading
            pass
        time.sleep(0.1)
    raise AssertionError(f"the page never showed {text!r}")


def test_an_edit_shows_by_itself_and_broken_content_shows_its_problems(browser, served):
    project, url, log = served
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)  # never a hang: every step of the page has its limit
    violations: list[str] = []  # Chromium reports each policy violation on the console
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    try:
        deadline = time.monotonic() + 60
        while True:  # the first build
            try:
                page.goto(url + "en/pitfalls/alpha/")
                if "The alpha pitfall" in page.locator("h1").inner_text():
                    break
            except Exception:
                pass
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.5)
        alpha = project / "guidance/pitfalls/alpha.yml"
        good = alpha.read_text(encoding="utf-8")

        # an edit: the open page shows it within 5 s, with no policy violation
        alpha.write_text(good.replace("The alpha pitfall", "The edited pitfall"), encoding="utf-8")
        elapsed = _wait_text(page, "The edited pitfall", 15)
        assert elapsed < 5, elapsed
        assert violations == []

        # broken content: the same page lists the problems, escaped, and keeps reloading
        broken = good.replace("id: alpha\n", "id: alpha\ntitel: <b>x</b>\n", 1)
        alpha.write_text(broken, encoding="utf-8")
        _wait_text(page, "SCHEMA-UNKNOWN-KEY unknown key 'titel'", 15)
        assert "guidance/pitfalls/alpha.yml:" in page.locator("pre.cmg-problems").inner_text(timeout=5000)
        assert page.locator("pre.cmg-problems b").count() == 0
        assert violations == []

        # fixed: the page comes back by itself
        alpha.write_text(good.replace("The alpha pitfall", "The fixed pitfall"), encoding="utf-8")
        _wait_text(page, "The fixed pitfall", 15)
        assert violations == []
    finally:
        context.close()
    assert "Traceback" not in log.read_text()
