"""Shared fixtures: temporary content trees and built sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
SITE_FILES = ["mkdocs.yml", "docs", "hooks", "overrides"]
CONTENT_FOLDERS = ["guidance", "quizzes"]
#: hand-written pages per language (docs/<name>.<lang>.md), beside the pages made from the content
AUTHORED_PER_LANGUAGE = len(list((ROOT / "docs").glob("*.fr.md")))


def make_project(dest: Path, guidance: Path = ROOT, overlays: tuple[Path, ...] = ()) -> Path:
    """A project folder: the real site configuration, `guidance`'s content, then each overlay on top."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        src = ROOT / name
        if not src.exists():
            continue
        if src.is_dir():
            # hand-written pages (docs/*.md) name the real pitfalls: only with the real content
            skip = ["__pycache__"] + ([] if guidance == ROOT else ["*.md"])
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(*skip))
        else:
            shutil.copy2(src, dest / name)
    for folder in CONTENT_FOLDERS:
        if (guidance / folder).is_dir():
            shutil.copytree(guidance / folder, dest / folder, ignore=shutil.ignore_patterns("*.md"))
    for shared in ("site.yml", "contributing.yml"):  # fixtures share the real labels and contributing page
        if not (dest / "guidance" / shared).exists():
            shutil.copy2(ROOT / "guidance" / shared, dest / "guidance" / shared)
    for overlay in overlays:
        shutil.copytree(overlay, dest, dirs_exist_ok=True)
    return dest


def mkdocs_build(project: Path, site_dir: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content, built once with `mkdocs build --strict` into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


# Browser fixtures: a local static server and Debian's Chromium driven by Playwright.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Server:
    """A static HTTP server on 127.0.0.1 and a free port, serving one folder."""

    def __init__(self, root: Path):
        import functools
        import threading
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site_server(built_site):
    server = Server(built_site)
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (empty storage); fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()
    assert errors == []


def wait_for_status(page, contains: str = "", timeout: float = 5.0) -> str:
    """The text of the page's live status region once it says something (polled from Python: the site's
    Content-Security-Policy forbids the string evaluation that Playwright's wait_for_function uses)."""
    import time

    status = page.locator("[data-status]")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = status.inner_text()
        if text and contains in text:
            return text
        page.wait_for_timeout(50)
    raise AssertionError(f"the status never said {contains!r}; it says {status.inner_text()!r}")
