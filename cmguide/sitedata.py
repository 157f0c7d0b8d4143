"""What an adapter needs to build the site, as plain data, and the cache that keeps it from build to build.

`assemble.site_data` makes a SiteData from the content (loaded, validated and rendered: most of a build's own
work). A build whose inputs are those of an earlier successful build reads that build's SiteData back instead, and
never imports the content's models. The inputs are the bytes of every file under guidance/ and quizzes/ and of this
package (code and templates), the versions of Python and of the libraries that shape the output, today's date
(review dates), and the adapter's settings (languages built, site address).

The cache is a folder of the user's own in the system's temporary directory (never in the project: a file there
could come from a pull request), readable by that user only; a folder that is not so is not used. An entry that
cannot be read is ignored and made again. `CMGUIDE_CACHE=off` turns the cache off.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import stat
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

from .today import today

FORMAT = 2  # the shape of a cache entry: raise it when SiteData changes
CONTENT_DIRS = ("guidance", "quizzes")
LIBRARIES = ("Jinja2", "MarkupSafe", "PyYAML", "pydantic", "pydantic_core")
MAX_FILE_BYTES = 1_000_000  # as the loader's (yamlio.MAX_BYTES): a larger file is the loader's to report
MAX_FILES = 5_000  # inputs beyond this: no cache (the loader reports what it must)
MAX_ENTRY_BYTES = 256 * 1024 * 1024
KEPT_ENTRIES = 16  # about 1.6 MB each for this site
MAX_REMEMBERED = 1_000  # answers kept per kind (a long `serve` session adds one per edit of a page)


@dataclass
class PageData:
    """One generated page: where it goes, its metadata and its final Markdown."""

    kind: str
    id: str
    lang: str
    path: str  # e.g. "en/pitfalls/full-automation/" ("" for the default language's home)
    title: str  # plain text, not escaped
    description: str
    assets: list[str]
    searchable: bool
    markdown: str


@dataclass
class SiteData:
    key: str
    languages: list[str]
    default_language: str
    updated: str  # the content's own date (reproducible builds)
    warnings: list[str]  # formatted, said on every build (REVIEW-DUE…)
    pages: list[PageData]
    #: per language: [{"title", "path", "kind"} | {"title", "group", "children": [...]}] in reading order
    nav: dict[str, list[dict]]
    files: dict[str, str | bytes]  # site-relative path -> text or bytes (exports, calendars)
    not_found: dict[str, dict[str, str]]
    sitemap: str  # "" without a site address
    #: answers given during builds, kept for the next: fragments for hand-written pages, and the checked pages
    fragments: dict[str, str] = field(default_factory=dict)
    macro_pages: dict[str, list[str]] = field(default_factory=dict)

    def remember(self, store: dict, key: str, value):
        """Keep an answer given during a build (in ``fragments`` or ``macro_pages``); past MAX_REMEMBERED, the older
        ones are forgotten."""
        if len(store) >= MAX_REMEMBERED:
            store.clear()
        store[key] = value
        return value

    def path_of(self, kind: str, item_id: str, lang: str) -> str | None:
        return self._paths.get((kind, item_id, lang))

    @cached_property
    def _paths(self) -> dict[tuple[str, str, str], str]:
        """(kind, id, language) -> path, made once: the language switch asks for it on every page."""
        return {(p.kind, p.id, p.lang): p.path for p in self.pages}

    def to_json(self) -> str:
        data = asdict(self)
        data["files"] = {
            path: {"bytes": base64.b64encode(v).decode("ascii")} if isinstance(v, bytes) else {"text": v}
            for path, v in self.files.items()
        }
        return json.dumps({"format": FORMAT, **data}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, key: str) -> SiteData | None:
        """The entry, or None when it is not one of this format and key."""
        try:
            data = json.loads(text)
            if data.pop("format") != FORMAT or data["key"] != key:
                return None
            data["pages"] = [PageData(**page) for page in data["pages"]]
            data["files"] = {
                path: base64.b64decode(v["bytes"], validate=True) if "bytes" in v else v["text"]
                for path, v in data["files"].items()
            }
            return cls(**data)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


# The key


def inputs_key(root: Path, settings: dict) -> str | None:
    """A digest of everything the site data depends on; None when there are too many files to read them cheaply
    (that build goes without the cache)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    versions = {name: _version(name) for name in LIBRARIES}
    head = {"python": sys.version, "libraries": versions, "today": today(), "root": str(root), **settings}
    digest.update(json.dumps(head, sort_keys=True).encode("utf-8"))
    files = [(f"content/{p.relative_to(root).as_posix()}", p) for d in CONTENT_DIRS for p in _files(root / d)]
    files += [(f"package/{p.relative_to(package).as_posix()}", p) for p in _files(package)]
    if len(files) > MAX_FILES:
        return None
    for name, path in files:
        data = _contents(path)
        digest.update(b"\0%s\0%d\0" % (name.encode("utf-8", "surrogateescape"), len(data)))
        digest.update(data)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    """The files below ``folder``, without hidden ones, which the loader never reads (editors' lock files…)."""
    if not folder.is_dir():
        return []
    found = (
        p for p in folder.rglob("*") if "__pycache__" not in p.parts and not p.name.startswith(".") and not p.is_dir()
    )
    return sorted(itertools.islice(found, MAX_FILES + 1))


def _contents(path: Path) -> bytes:
    """A file's bytes (a link's target's: what the loader would read); for what the loader refuses to read (not a
    regular file, too large) or cannot read, its kind, size and modification time, never its bytes."""
    try:
        info = path.stat()
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:
            return b"F" + path.read_bytes()
        return b"M%o:%d:%d" % (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns)
    except OSError:
        return b"E"


def _version(name: str) -> str:
    from importlib import metadata  # already imported by MkDocs, which lists its plugins with it

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


# The store


def cache_dir() -> Path | None:
    """The user's own cache folder, made if need be; None when the cache is off or the folder is not private."""
    if os.environ.get("CMGUIDE_CACHE", "").lower() == "off" or not hasattr(os, "getuid"):
        return None
    folder = Path(tempfile.gettempdir()) / f"cmguide-cache-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077
    return folder if private else None


def read(key: str) -> SiteData | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{key}.json"
    data = _read_entry(path)
    return None if data is None else SiteData.from_json(data, key)


def _read_entry(path: Path) -> str | None:
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write(data: SiteData) -> None:
    """Keep the entry (written whole, then moved into place); only the newest entries are kept."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False) as out:
            out.write(data.to_json())
        os.replace(out.name, folder / f"{data.key}.json")
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEPT_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:  # a full disk, a folder removed meanwhile: the next build makes the data again
        return
