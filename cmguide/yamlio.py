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
    problems: list[Problem] = []
    marks = Marks()

    def report(mark, rule: str, message: str, hint: str = "") -> None:
        line, col = _pos(mark) if mark is not None else (1, 1)
        problems.append(Problem(shown, line, col, rule, message, hint))

    def fail(rule: str, message: str, hint: str = "") -> Document:
        problems.append(Problem(shown, 1, 1, rule, message, hint))
        return Document(shown, None, marks, problems)

    try:
        raw = read_bounded(file, root)
    except FileNotFoundError:
        return fail("YAML-EMPTY", "the file is missing", "create it (see FORMAT.md in its folder)")
    except Unreadable as exc:
        return fail("YAML-FILE", str(exc), exc.hint)
    except OSError as exc:
        return fail("YAML-FILE", f"cannot read the file: {exc.strerror or exc}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        return fail("YAML-SYNTAX", "the file holds binary data (NUL bytes), not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                1,
                "YAML-SYNTAX",
                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                "save the file as UTF-8",
            )
        )
        return Document(shown, None, marks, problems)

    try:
        node = _compose(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters)
        line = text[: exc.position].count("\n") + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        problems.append(
            Problem(
                shown,
                line,
                col,
                "YAML-SYNTAX",
                f"character {char} is not allowed in YAML text",
                "remove the invisible control character at this place",
            )
        )
        return Document(shown, None, marks, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        elif exc.context:
            message = f"{exc.context}: {message}"
        hint = "check the indentation, and that every quote opened is closed"
        if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
            message = "found a tab character, which YAML does not allow here"
            hint = "indent with spaces, never tabs"
        if mark is not None and "mapping values are not allowed" in message and _spaced_colon(text, mark.index):
            message = "a text holds ' : ' (French spacing before a colon), which YAML reads as a new key"
            hint = 'put the text in quotes ("…"), or write `>-` after the key and the text on the next line'
        if "expected a single document" in (exc.context or ""):
            message = "the file holds a second YAML document, starting here"
            hint = "keep one document per file (remove the '---' separator)"
        report(mark, "YAML-SYNTAX", message.replace("\t", "\\t"), hint)
        return Document(shown, None, marks, problems)
    except RecursionError:  # the pure-Python parser recurses once per level of nesting
        problems.append(
            Problem(
                shown,
                1,
                1,
                "YAML-SYNTAX",
                f"the document is nested too deeply to read (over {MAX_DEPTH} levels are refused)",
                "flatten the structure",
            )
        )
        return Document(shown, None, marks, problems)
    except yaml.YAMLError as exc:  # reader errors without a mark
        report(getattr(exc, "problem_mark", None), "YAML-SYNTAX", str(exc).splitlines()[0])
        return Document(shown, None, marks, problems)
    if node is None:
        return fail("YAML-EMPTY", "the file is empty", "add the content, or delete the file")

    constructor = yaml.SafeLoader("")
    count = 0
    seen: set[int] = set()  # an alias is the same node object met a second time: refused, never expanded

    def build(node, loc: Loc, depth: int):
        nonlocal count
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig(node)
        if id(node) in seen:
            marks.refused.add(loc)
            return None
        seen.add(id(node))
        marks.values[loc] = _pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            first: dict[Any, tuple[int, int]] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    report(
                        key_node.start_mark,
                        "SCHEMA-TYPE",
                        "a key must be plain text, found a "
                        + ("list" if isinstance(key_node, yaml.SequenceNode) else "mapping"),
                    )
                    continue
                key = "<<" if key_node.tag == "tag:yaml.org,2002:merge" else construct(key_node)
                if key == "<<":
                    report(
                        key_node.start_mark,
                        "YAML-ALIAS",
                        "merge keys ('<<') are not allowed in content",
                        "write the keys out in this mapping",
                    )
                    continue
                if isinstance(key, (int, float, bool)) or key is None:
                    key = key_node.value
                if key in result:
                    line, col = first[key]
                    report(
                        key_node.start_mark,
                        "YAML-DUPLICATE-KEY",
                        f"duplicate key '{key}' (first at line {line})",
                        "YAML would silently keep only the last one: merge the two or rename one",
                    )
                    continue
                first[key] = _pos(key_node.start_mark)
                marks.keys[loc + (key,)] = first[key]
                result[key] = build(value_node, loc + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [build(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        if not node.style:  # a plain scalar (None in PyYAML, "" in libyaml)
            marks.scalars[loc] = node.value
        return construct(node)

    def construct(node):
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_DIGITS:
            raise _Unconstructable(node, f"a number of {len(node.value):,} characters is too long to read")
        try:
            if node.tag == "tag:yaml.org,2002:str":  # most values: the text as written
                return node.value
            make = constructor.yaml_constructors.get(node.tag)
            return make(constructor, node) if make is not None else constructor.construct_object(node)
        except ValueError as exc:  # e.g. a date that does not exist
            raise _Unconstructable(node, f"cannot read this value ({exc})") from None

    try:
        data = build(node, (), 0)
    except _TooBig as exc:
        report(
            exc.node.start_mark,
            "YAML-SYNTAX",
            f"the document is too large or too deeply nested (over {MAX_NODES:,} values or {MAX_DEPTH} levels)",
            "split it into smaller files",
        )
        return Document(shown, None, marks, problems)
    except _Unconstructable as exc:
        report(exc.node.start_mark, "SCHEMA-VALUE", exc.message, "quote the value if it is a text")
        return Document(shown, None, marks, problems)
    except yaml.YAMLError as exc:  # e.g. an invalid !!tag or timestamp
        report(
            getattr(exc, "problem_mark", None),
            "SCHEMA-TYPE",
            str(getattr(exc, "problem", exc)),
            "content is plain text, numbers, lists and mappings: remove the !!tag",
        )
        return Document(shown, None, marks, problems)
    if marks.refused:
        for event in _aliases(text):
            report(
                event.start_mark,
                "YAML-ALIAS",
                f"alias '*{event.anchor}' is not allowed in content",
                "write the text out where it is used; anchors and aliases are refused",
            )
    if data is None and not problems:
        return fail("YAML-EMPTY", "the file holds no content (its only value is null)", "add the content")
    return Document(shown, data, marks, problems)


class _TooBig(Exception):
    def __init__(self, node):
        self.node = node


class _Unconstructable(Exception):
    def __init__(self, node, message: str):
        self.node, self.message = node, message
