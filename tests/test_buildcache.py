"""The caches that let a build skip work an earlier build already did: compiled templates (cmguide.jinjacache) and
the site data (cmguide.sitedata). What they keep must never be served for other inputs, and must be kept where no
pull request can put a file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache, select_autoescape

from cmguide import sitedata
from cmguide.jinjacache import SettingsKeyedCache, settings_key
from cmguide.sitedata import PageData, SiteData
from conftest import MINIMAL, make_project, mkdocs_build

TEMPLATE = {"page.html": "<p>{{ text }}</p>"}


def _render(cache, autoescape) -> str:
    env = Environment(loader=DictLoader(TEMPLATE), autoescape=autoescape, bytecode_cache=cache)
    return env.get_template("page.html").render(text="<b>")


def test_jinja_alone_would_serve_code_compiled_with_escaping_to_an_environment_without_it(tmp_path):
    """Why the cache's key holds the settings: with Jinja's own cache the second environment gets the first's code."""
    cache = FileSystemBytecodeCache(str(tmp_path))
    assert _render(cache, True) == "<p>&lt;b&gt;</p>"
    assert _render(cache, False) == "<p>&lt;b&gt;</p>"  # wrong: this environment does not escape


def test_compiled_templates_are_kept_per_template_and_settings(tmp_path):
    cache = SettingsKeyedCache(str(tmp_path))
    assert _render(cache, True) == "<p>&lt;b&gt;</p>"
    assert _render(cache, False) == "<p><b></p>"
    assert len(list(tmp_path.iterdir())) == 2
    assert _render(cache, True) == "<p>&lt;b&gt;</p>"  # read back, not compiled again
    assert len(list(tmp_path.iterdir())) == 2


def test_an_environment_whose_escaping_a_function_decides_is_compiled_every_time(tmp_path):
    cache = SettingsKeyedCache(str(tmp_path))
    env = Environment(loader=DictLoader(TEMPLATE), autoescape=select_autoescape(), bytecode_cache=cache)
    assert settings_key(env) is None
    assert env.get_template("page.html").render(text="<b>") == "<p>&lt;b&gt;</p>"
    assert list(tmp_path.iterdir()) == []


def test_each_delimiter_and_extension_is_part_of_the_key():
    plain = Environment()
    assert settings_key(plain) == settings_key(Environment())
    assert settings_key(Environment(comment_start_string="{##", comment_end_string="##}")) != settings_key(plain)
    assert settings_key(Environment(extensions=["jinja2.ext.loopcontrols"])) != settings_key(plain)
    assert settings_key(Environment(trim_blocks=True)) != settings_key(plain)


# The site data's key


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project", MINIMAL)


SETTINGS = {"languages": ["fr", "en"], "site_url": ""}


def test_the_key_is_the_same_for_the_same_inputs_and_changes_with_any_of_them(project, monkeypatch):
    monkeypatch.setenv("CMGUIDE_TODAY", "2026-11-30")
    key = sitedata.inputs_key(project, SETTINGS)
    assert len(key) == 64
    assert sitedata.inputs_key(project, dict(SETTINGS)) == key
    pitfall = next((project / "guidance" / "pitfalls").glob("*.yml"))
    pitfall.write_bytes(pitfall.read_bytes() + b"\n")  # one byte
    edited = sitedata.inputs_key(project, SETTINGS)
    assert edited != key
    (project / "quizzes" / "checks" / "new.yml").write_text("x: 1\n")  # a new file, even one the loader refuses
    assert sitedata.inputs_key(project, SETTINGS) not in {key, edited}
    keys = {sitedata.inputs_key(project, SETTINGS)}
    monkeypatch.setenv("CMGUIDE_TODAY", "2027-06-01")  # review dates are checked against today
    keys.add(sitedata.inputs_key(project, SETTINGS))
    keys.add(sitedata.inputs_key(project, {**SETTINGS, "site_url": "https://example.org/"}))
    keys.add(sitedata.inputs_key(project, {**SETTINGS, "languages": ["fr"]}))
    assert len(keys) == 4


def test_a_file_the_loader_would_refuse_is_keyed_by_its_size_and_date_and_never_read(project):
    key = sitedata.inputs_key(project, SETTINGS)
    big = project / "guidance" / "pitfalls" / "big.yml"
    big.write_bytes(b"#" * (sitedata.MAX_FILE_BYTES + 1))
    with_big = sitedata.inputs_key(project, SETTINGS)
    os.utime(big, ns=(0, 0))
    assert len({key, with_big, sitedata.inputs_key(project, SETTINGS)}) == 3
    big.unlink()
    os.mkfifo(project / "guidance" / "pitfalls" / "pipe.yml")  # reading it would wait for ever
    assert sitedata.inputs_key(project, SETTINGS) not in {key, None}
    (project / "guidance" / "pitfalls" / "pipe.yml").unlink()
    (project / "guidance" / "pitfalls" / ".#alpha.yml").symlink_to("user@host.1234:1700000000")  # an editor's lock
    assert sitedata.inputs_key(project, SETTINGS) == key


def test_too_many_files_to_read_cheaply_build_without_the_cache(project, tmp_path):
    notes = project / "guidance" / "notes"
    notes.mkdir()
    for i in range(sitedata.MAX_FILES + 1):
        (notes / f"{i}.txt").touch()
    assert sitedata.inputs_key(project, SETTINGS) is None
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = _build(project, tmp_path / "site", temp)  # each language's configuration loads the content again
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "en" / "index.html").exists()
    assert not list(temp.glob("cmguide-cache-*/*.json"))


# The store


def _data(key: str) -> SiteData:
    page = PageData("home", "home", "fr", "", "Accueil", "Le guide", [], True, "# Accueil\n")
    return SiteData(
        key=key,
        languages=["fr"],
        default_language="fr",
        updated="2026-11-30",
        warnings=["guidance/x.yml:1:1: REVIEW-DUE due"],
        pages=[page],
        nav={"fr": [{"title": "Accueil", "path": "", "kind": "home"}]},
        files={"a.txt": "texte", "b.zip": b"PK\x03\x04\x00\xff"},
        not_found={"fr": {"title": "Introuvable"}},
        sitemap="",
    )


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.delenv("CMGUIDE_CACHE", raising=False)
    monkeypatch.setattr("tempfile.tempdir", None)  # gettempdir() reads TMPDIR again
    return folder


def test_an_entry_is_read_back_as_it_was_written_text_and_bytes(temp):
    data = _data("k" * 64)
    sitedata.write(data)
    folder = temp / f"cmguide-cache-{os.getuid()}"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert sitedata.read("k" * 64) == data
    assert sitedata.read("j" * 64) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: text.replace(f'"format":{sitedata.FORMAT}', '"format":0'),  # another version's shape
        lambda text: text.replace('"key":"' + "k" * 64, '"key":"' + "j" * 64),  # not this key's
        lambda text: text.replace('"bytes":"', '"bytes":"!'),  # not base64
        lambda text: text.replace('"pages":[{', '"pages":[{"x":1,'),  # a field no page has
        lambda text: "\udcff",  # not UTF-8 once written
    ],
)
def test_an_entry_that_cannot_be_read_is_ignored(temp, damage):
    sitedata.write(_data("k" * 64))
    path = temp / f"cmguide-cache-{os.getuid()}" / f"{'k' * 64}.json"
    text = damage(path.read_text(encoding="utf-8"))
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert sitedata.read("k" * 64) is None


def test_a_folder_others_can_write_to_or_a_link_is_not_used(temp, tmp_path):
    folder = temp / f"cmguide-cache-{os.getuid()}"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    assert sitedata.cache_dir() is None
    sitedata.write(_data("k" * 64))
    assert list(folder.iterdir()) == []
    folder.rmdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder.symlink_to(elsewhere)
    assert sitedata.cache_dir() is None
    folder.unlink()
    assert sitedata.cache_dir() == folder


def test_the_cache_can_be_turned_off_and_keeps_only_the_newest_entries(temp, monkeypatch):
    monkeypatch.setenv("CMGUIDE_CACHE", "off")
    sitedata.write(_data("k" * 64))
    assert not (temp / f"cmguide-cache-{os.getuid()}").exists()
    monkeypatch.delenv("CMGUIDE_CACHE")
    for i in range(sitedata.KEPT_ENTRIES + 3):
        sitedata.write(_data(f"{i:064d}"))
    kept = {p.stem for p in (temp / f"cmguide-cache-{os.getuid()}").iterdir()}
    assert len(kept) == sitedata.KEPT_ENTRIES
    assert f"{sitedata.KEPT_ENTRIES + 2:064d}" in kept


def test_answers_remembered_during_builds_are_bounded():
    data = _data("k" * 64)
    for i in range(sitedata.MAX_REMEMBERED):
        assert data.remember(data.fragments, f"page-{i}", "texte") == "texte"
    assert len(data.fragments) == sitedata.MAX_REMEMBERED
    data.remember(data.fragments, "one more", "texte")
    assert data.fragments == {"one more": "texte"}


# Real builds


def _build(project: Path, site: Path, temp: Path, **env: str):
    """A real build whose temporary directory (and so whose caches) is ``temp``."""
    return mkdocs_build(project, site, TMPDIR=str(temp), **env)


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_second_build_reads_the_first_ones_data_and_an_edit_is_built_again(project, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    first = _build(project, tmp_path / "one", temp)
    assert first.returncode == 0, first.stderr
    entries = list((temp / f"cmguide-cache-{os.getuid()}").glob("*.json"))
    assert len(entries) == 1
    # the second build uses the entry: a title changed in it (by hand, as no pull request can) shows on the page
    entry = json.loads(entries[0].read_text(encoding="utf-8"))
    home = next(p for p in entry["pages"] if p["kind"] == "home" and p["lang"] == "fr")
    original = home["title"]
    home["title"] = "Titre venu du cache"
    entries[0].write_text(json.dumps(entry), encoding="utf-8")
    second = _build(project, tmp_path / "two", temp)
    assert second.returncode == 0, second.stderr
    assert "<title>Titre venu du cache" in (tmp_path / "two" / "index.html").read_text(encoding="utf-8")
    # with the entry as it was made, the two builds are byte-identical
    home["title"] = original
    entries[0].write_text(json.dumps(entry), encoding="utf-8")
    assert _build(project, tmp_path / "three", temp).returncode == 0
    assert _tree(tmp_path / "three") == _tree(tmp_path / "one")
    # an edited content file is loaded, validated and rendered again
    site_yml = project / "guidance" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    assert text.count(original) == 1
    site_yml.write_text(text.replace(original, "Titre modifié"), encoding="utf-8")
    fourth = _build(project, tmp_path / "four", temp)
    assert fourth.returncode == 0, fourth.stderr
    assert "Titre modifié" in (tmp_path / "four" / "index.html").read_text(encoding="utf-8")


def test_a_build_read_from_the_cache_says_the_same_warnings_and_a_broken_file_still_fails(project, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    late = {"CMGUIDE_TODAY": "2099-01-01"}  # every review is due
    first = _build(project, tmp_path / "one", temp, **late)
    second = _build(project, tmp_path / "two", temp, **late)
    assert first.returncode == second.returncode == 0
    due = [line for line in first.stderr.splitlines() if "REVIEW-DUE" in line]
    assert due and due == [line for line in second.stderr.splitlines() if "REVIEW-DUE" in line]
    pitfall = next((project / "guidance" / "pitfalls").glob("*.yml"))
    pitfall.write_text(pitfall.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    broken = _build(project, tmp_path / "three", temp, **late)
    assert broken.returncode == 1
    assert f"guidance/pitfalls/{pitfall.name}:" in broken.stderr and "unknown_field" in broken.stderr


def test_hand_written_pages_with_macros_are_built_the_same_from_the_cache(tmp_path):
    """The real site: its workshop pages call the macros; their fragments and checks are kept with the data."""
    project = make_project(tmp_path / "project")
    assert any("render_macros: true" in p.read_text(encoding="utf-8") for p in (project / "docs").glob("*.md"))
    temp = tmp_path / "tmp"
    temp.mkdir()
    assert _build(project, tmp_path / "one", temp).returncode == 0
    assert _build(project, tmp_path / "two", temp).returncode == 0
    assert _tree(tmp_path / "two") == _tree(tmp_path / "one")
    # a macro call to a pitfall that does not exist, in a page new since the cached build: still refused
    page = project / "docs" / "extra.fr.md"
    page.write_text('---\nrender_macros: true\n---\n# Extra\n\n{{ pitfall_card("nope") }}\n', encoding="utf-8")
    shutil.copy2(page, project / "docs" / "extra.en.md")
    refused = _build(project, tmp_path / "three", temp)
    assert refused.returncode == 1
    assert "docs/extra.fr.md:6:1: PAGE-MACRO pitfall_card: no pitfall 'nope'" in refused.stderr
