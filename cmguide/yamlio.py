"""Read one YAML file into plain Python data, remembering where every value came from.

PyYAML alone would keep the last of two duplicate keys, expand aliases without limit and
lose line numbers. Here the file is composed into a node tree, aliases are refused at the
parser (so an alias bomb never expands), duplicate keys are reported, and every value is
constructed from its node while its position is recorded under its path, e.g.
``("actions", 2, "text", "fr")``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

Loc = tuple[Any, ...]
MAX_BYTES = 1_000_000  # the largest real file is under 30 kB
MAX_NODES = 200_000
MAX_DEPTH = 60
MAX_DIGITS = 30  # no number in the content needs more; Python refuses to convert over 4,300 digits


@dataclass
class Marks:
    """Positions (1-based line, col) of keys and values by path."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[Loc, str] = field(default_factory=dict)  # source text of plain scalars
    refused: set[Loc] = field(default_factory=set)  # values already reported (aliases)

    def value(self, loc: Loc) -> tuple[int, int]:
        """Where the value at ``loc`` starts, or its nearest recorded ancestor."""
        loc = tuple(loc)
        while loc and loc not in self.values:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def key(self, loc: Loc) -> tuple[int, int]:
        loc = tuple(loc)
        return self.keys.get(loc) or self.value(loc)


@dataclass
class Document:
    path: str  # as shown in messages (relative, forward slashes)
    data: Any
    marks: Marks
    problems: list[Problem]


# libyaml (C) when PyYAML has it: ten times faster than the pure-Python parser on the real content.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    loader = _LOADER(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _aliases(text: str) -> list[yaml.AliasEvent]:
    """Where the file uses aliases (*name); read only when the node tree shows one."""
    return [event for event in yaml.parse(text, Loader=_LOADER) if isinstance(event, yaml.AliasEvent)]


def _spaced_colon(text: str, index: int) -> bool:
    """Whether the colon YAML stopped at follows a space inside a value (`fr: Exact : texte`)."""
    line_start = text.rfind("\n", 0, index) + 1
    line = text[line_start : text.find("\n", index) if "\n" in text[index:] else len(text)]
    at = index - line_start
    return at > 0 and line[at - 1] == " " and line[at : at + 1] == ":" and ": " in line[: at - 1]


def dotted(loc: Loc) -> str:
    """A YAML path as authors read it, items counted from 1: ``actions #3.text.fr`` (the third action)."""
    out = ""
    for part in loc:
        out += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class Unreadable(Exception):
    """A content path that is not a small regular file inside the project; the message says what it is."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def read_bounded(file: Path, root: Path | None = None) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES, checked before reading (never blocks, never hangs).

    A FIFO, a device, a folder or a socket is refused by its type; a symbolic link only when it leads to a
    regular file inside ``root``. The file is opened without blocking and its type checked on the open
    descriptor, so it cannot be swapped in between.
    """
    if file.is_symlink():
        target = Path(os.path.realpath(file))
        if not target.exists():
            raise Unreadable("the file is a symbolic link to nothing", "remove the link (an editor's lock file?)")
        if root is not None and not target.is_relative_to(Path(os.path.realpath(root))):
            raise Unreadable(
                "the file is a symbolic link that leads outside the project", "put the content itself in the file"
            )
        file = target
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(
                f"this is {_file_type(info.st_mode)}, not a text file", "content files are plain YAML files"
            )
        if info.st_size > MAX_BYTES:
            raise Unreadable(
                f"the file is {info.st_size:,} bytes; content files are limited to {MAX_BYTES:,}",
                "split the content into smaller files",
            )
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 16):  # the size can change after fstat: read at most one byte more
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                raise Unreadable(
                    f"the file is over {MAX_BYTES:,} bytes; content files are limited to {MAX_BYTES:,}",
                    "split the content into smaller files",
                )
        return b"".join(chunks)
    finally:
        os.close(fd)


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_document(file: Path, shown: str, root: Path | None = None) -> Document:
    """The file's data and marks, or None and the problem that stopped the reading (one failure path)."""
    builder = _Builder(shown)
    try:
        text = _decode(_read(file, root))
        node = _parse(text)
        data = builder.build(node, (), 0)
    except _Stop as stop:
        builder.problems.append(Problem(shown, *stop.args))
        return Document(shown, None, builder.marks, builder.problems)
    if builder.marks.refused:
        for event in _aliases(text):
            builder.report(
                event.start_mark,
                "YAML-ALIAS",
                f"alias '*{event.anchor}' is not allowed in content",
                "write the text out where it is used; anchors and aliases are refused",
            )
    if data is None and not builder.problems:
        builder.problems.append(
            Problem(shown, 1, 1, "YAML-EMPTY", "the file holds no content (its only value is null)", "add the content")
        )
    return Document(shown, data, builder.marks, builder.problems)


class _Stop(Exception):
    """The reading stops here: args are (line, col, rule, message, hint) of the one problem to report."""


def _at(mark) -> tuple[int, int]:
    return _pos(mark) if mark is not None else (1, 1)


def _read(file: Path, root: Path | None) -> bytes:
    try:
        raw = read_bounded(file, root)
    except FileNotFoundError:
        raise _Stop(1, 1, "YAML-EMPTY", "the file is missing", "create it (see FORMAT.md in its folder)") from None
    except Unreadable as exc:
        raise _Stop(1, 1, "YAML-FILE", str(exc), exc.hint) from None
    except OSError as exc:
        raise _Stop(1, 1, "YAML-FILE", f"cannot read the file: {exc.strerror or exc}", "") from None
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise _Stop(1, 1, "YAML-SYNTAX", "the file holds binary data (NUL bytes), not YAML text", "")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        raise _Stop(line, 1, "YAML-SYNTAX", message, "save the file as UTF-8") from None


def _parse(text: str):
    """The file's node tree; every way YAML can refuse the text becomes one problem with its place and hint."""
    try:
        node = _compose(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters)
        line = text[: exc.position].count("\n") + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"character {char} is not allowed in YAML text"
        raise _Stop(line, col, "YAML-SYNTAX", message, "remove the invisible control character at this place") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message, hint = _syntax_message(exc, mark, text)
        raise _Stop(*_at(mark), "YAML-SYNTAX", message.replace("\t", "\\t"), hint) from None
    except RecursionError:  # the pure-Python parser recurses once per level of nesting
        message = f"the document is nested too deeply to read (over {MAX_DEPTH} levels are refused)"
        raise _Stop(1, 1, "YAML-SYNTAX", message, "flatten the structure") from None
    except yaml.YAMLError as exc:  # reader errors without a mark
        raise _Stop(*_at(getattr(exc, "problem_mark", None)), "YAML-SYNTAX", str(exc).splitlines()[0], "") from None
    if node is None:
        raise _Stop(1, 1, "YAML-EMPTY", "the file is empty", "add the content, or delete the file")
    return node


def _syntax_message(exc: yaml.MarkedYAMLError, mark, text: str) -> tuple[str, str]:
    """PyYAML's error said for an author, with the hint that fits the case."""
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
    elif exc.context:
        message = f"{exc.context}: {message}"
    hint = "check the indentation, and that every quote opened is closed"
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        message, hint = "found a tab character, which YAML does not allow here", "indent with spaces, never tabs"
    if mark is not None and "mapping values are not allowed" in message and _spaced_colon(text, mark.index):
        message = "a text holds ' : ' (French spacing before a colon), which YAML reads as a new key"
        hint = 'put the text in quotes ("…"), or write `>-` after the key and the text on the next line'
    if "expected a single document" in (exc.context or ""):
        message = "the file holds a second YAML document, starting here"
        hint = "keep one document per file (remove the '---' separator)"
    return message, hint


class _Builder:
    """Builds plain data from the node tree, recording where each value came from; refuses aliases (a node met a
    second time), merge keys and duplicate keys, and stops past MAX_NODES values or MAX_DEPTH levels."""

    def __init__(self, shown: str):
        self.shown = shown
        self.marks = Marks()
        self.problems: list[Problem] = []
        self.count = 0
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def report(self, mark, rule: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.shown, *_at(mark), rule, message, hint))

    def build(self, node, loc: Loc, depth: int):
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            message = (
                f"the document is too large or too deeply nested (over {MAX_NODES:,} values or {MAX_DEPTH} levels)"
            )
            raise _Stop(*_at(node.start_mark), "YAML-SYNTAX", message, "split it into smaller files")
        if id(node) in self.seen:
            self.marks.refused.add(loc)
            return None
        self.seen.add(id(node))
        self.marks.values[loc] = _pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        if not node.style:  # a plain scalar (None in PyYAML, "" in libyaml)
            self.marks.scalars[loc] = node.value
        return self.construct(node)

    def mapping(self, node, loc: Loc, depth: int) -> dict:
        result: dict[Any, Any] = {}
        first: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                self.report(key_node.start_mark, "SCHEMA-TYPE", f"a key must be plain text, found a {kind}")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                message, hint = "merge keys ('<<') are not allowed in content", "write the keys out in this mapping"
                self.report(key_node.start_mark, "YAML-ALIAS", message, hint)
                continue
            key = self.construct(key_node)
            if isinstance(key, (int, float, bool)) or key is None:
                key = key_node.value
            if key in result:
                line, _col = first[key]
                hint = "YAML would silently keep only the last one: merge the two or rename one"
                message = f"duplicate key '{key}' (first at line {line})"
                self.report(key_node.start_mark, "YAML-DUPLICATE-KEY", message, hint)
                continue
            first[key] = _pos(key_node.start_mark)
            self.marks.keys[loc + (key,)] = first[key]
            result[key] = self.build(value_node, loc + (key,), depth + 1)
        return result

    def construct(self, node):
        """A scalar's value; what cannot be read (a number too long, a date that does not exist, a !!tag) stops."""
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_DIGITS:
            message = f"a number of {len(node.value):,} characters is too long to read"
            raise _Stop(*_at(node.start_mark), "SCHEMA-VALUE", message, "quote the value if it is a text")
        try:
            if node.tag == "tag:yaml.org,2002:str":  # most values: the text as written
                return node.value
            make = self.constructor.yaml_constructors.get(node.tag)
            return make(self.constructor, node) if make is not None else self.constructor.construct_object(node)
        except ValueError as exc:  # e.g. a date that does not exist
            raise _Stop(
                *_at(node.start_mark),
                "SCHEMA-VALUE",
                f"cannot read this value ({exc})",
                "quote the value if it is a text",
            ) from None
        except yaml.YAMLError as exc:  # e.g. an invalid !!tag
            message = str(getattr(exc, "problem", exc))
            hint = "content is plain text, numbers, lists and mappings: remove the !!tag"
            raise _Stop(*_at(getattr(exc, "problem_mark", None)), "SCHEMA-TYPE", message, hint) from None
