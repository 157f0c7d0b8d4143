"""The results code of the self-assessment: a short text (and QR code) a participant hands to a facilitator.

It holds, per pitfall, the scaled score and the band shown to the person (the critical-habit lift included), and
the content version; nothing else: no answers, no free text, no identity. The format is defined here, once; the
browser gets what it needs from ``layout_data`` (docs/assets/cmguide-code.js follows the same steps).

    CM1-VVVV-PPPP-PPPP-PPCC        e.g. CM1-FTCD-0A00-1Z0Q-017Y (five pitfalls, bands of 0-6, 7-13, 14-20)

- ``CM1``: the format and its version.
- ``VVVV``: the content version, 20 bits of a hash of the self-assessment's answer shape (``render.quiz_version``)
  and of each pitfall's scale and bands (``code_version``); a code from another version is refused.
- ``P…``: per pitfall in the site's order, ``width`` characters for one number: 0 when the pitfall was not placed
  (too few answers), otherwise ``1 + scaled * bands + band_index``.
- ``CC``: a check over every character before it, ``sum((i + 1) * value) mod 1021`` in two characters. It catches
  every single mistyped character and every swap of two neighbours; it is not a signature: anyone who reads this
  file can make a code that passes. It is for a room of volunteers, not an exam.

Characters are Crockford's base 32 (``0-9 A-Z`` without ``I L O U``); reading is lenient the same way (lower case,
``O`` as 0, ``I``/``L`` as 1, spaces and hyphens ignored). After ``CM1``, characters go in groups of four.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import models as m
from .content import Content
from .locales import local
from .pages import PageRef, quiz_version
from .scoring import PitfallResult

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "CM1"
VERSION_CHARS = 4
CHECK_CHARS = 2
CHECK_MOD = 1021  # a prime below 32 ** 2: weights 1..1020 never cancel a change of one or two neighbours
GROUP = 4
#: the longest code read at all (characters, separators included): a bound on untrusted input
MAX_LENGTH = 120
_LENIENT = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE = re.compile(r"CM1[0-9A-HJKMNP-TV-Z]+", re.ASCII)


@dataclass(frozen=True)
class PitfallLayout:
    id: str
    full_max: int  # the highest scaled score
    bands: tuple[tuple[int, int], ...]  # (min, max) of each band, lowest first
    width: int  # characters of the pitfall's number


@dataclass(frozen=True)
class Layout:
    version: str  # VERSION_CHARS characters
    pitfalls: tuple[PitfallLayout, ...]

    @property
    def length(self) -> int:
        """Characters of a code without separators."""
        return len(PREFIX) + VERSION_CHARS + sum(p.width for p in self.pitfalls) + CHECK_CHARS


class CodeError(ValueError):
    """A code that is refused: ``reason`` is one of REASONS."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


#: Why a code is refused: not a code at all, a typo or an edit (the check fails), another content version,
#: the right check but impossible values (made by hand), or too long to read.
REASONS = ("format", "check", "version", "values", "long")

Value = tuple[int, int] | None  # (scaled score, band index), or None: not placed


def layout(content: Content) -> Layout:
    """The code layout of the content's self-assessment (pitfalls with statements, in the site's order)."""
    items = [content.statements[p.id] for p in content.pitfalls if p.id in content.statements]
    top = max(o.points for o in content.assessment.scale)
    pitfalls = []
    for item in items:
        full_max = top * len(item.statements)
        bands = tuple((b.min, b.max) for b in sorted(item.bands, key=lambda b: b.min))
        pitfalls.append(PitfallLayout(item.pitfall, full_max, bands, _width(1 + (full_max + 1) * len(bands))))
    found = Layout(code_version(content, items), tuple(pitfalls))
    if found.length >= CHECK_MOD or found.length > MAX_LENGTH:  # the check's weights must stay below the modulus
        raise ValueError(f"a results code of {found.length} characters is too long")
    return found


def code_version(content: Content, items: list[m.PitfallStatements]) -> str:
    """The content version in a code: what saved answers depend on, plus each pitfall's bands and order."""
    answers = quiz_version(content, PageRef("assessment", content.assessment.id, content.default_language))
    shape = [
        answers,
        [[i.pitfall, [s.critical for s in i.statements], [[b.id, b.min, b.max] for b in i.bands]] for i in items],
    ]
    digest = int(hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:8], 16)
    return _digits(digest >> (32 - 5 * VERSION_CHARS), VERSION_CHARS)


def encode(lay: Layout, values: Sequence[Value]) -> str:
    """The code of one person's results, grouped for reading aloud."""
    if len(values) != len(lay.pitfalls):
        raise ValueError(f"{len(values)} values for {len(lay.pitfalls)} pitfalls")
    body = PREFIX + lay.version
    for value, pitfall in zip(values, lay.pitfalls, strict=True):
        number = 0
        if value is not None:
            scaled, band = value
            if not (0 <= scaled <= pitfall.full_max and 0 <= band < len(pitfall.bands)):
                raise ValueError(f"{value} is out of range for pitfall {pitfall.id}")
            number = 1 + scaled * len(pitfall.bands) + band
        body += _digits(number, pitfall.width)
    body += _digits(check_value(body), CHECK_CHARS)
    rest = body[len(PREFIX) :]
    return "-".join([PREFIX] + [rest[i : i + GROUP] for i in range(0, len(rest), GROUP)])


def encode_results(content: Content, results: Sequence[PitfallResult]) -> str:
    """The code of results computed by cmguide.scoring (one per pitfall, in the site's order)."""
    lay = layout(content)
    values: list[Value] = []
    for result, pitfall in zip(results, lay.pitfalls, strict=True):
        if result.band is None:
            values.append(None)
            continue
        bands = sorted(content.statements[pitfall.id].bands, key=lambda b: b.min)
        values.append((result.scaled, [b.id for b in bands].index(result.band.id)))
    return encode(lay, values)


def normalise(text: str) -> str:
    """A code as typed, read leniently: case, separators and look-alike letters do not matter."""
    return re.sub(r"[\s\-]", "", text).upper().translate(_LENIENT)


def decode(lay: Layout, text: str) -> list[Value]:
    """The values of a code, or CodeError with the reason it is refused."""
    if len(text) > MAX_LENGTH:
        raise CodeError("long")
    body = normalise(text)
    if not _CODE.fullmatch(body) or len(body) < len(PREFIX) + VERSION_CHARS + CHECK_CHARS + 1:
        raise CodeError("format")
    if check_value(body[:-CHECK_CHARS]) != _number(body[-CHECK_CHARS:]):
        raise CodeError("check")
    if body[len(PREFIX) : len(PREFIX) + VERSION_CHARS] != lay.version:
        raise CodeError("version")
    if len(body) != lay.length:
        raise CodeError("values")
    values: list[Value] = []
    at = len(PREFIX) + VERSION_CHARS
    for pitfall in lay.pitfalls:
        number = _number(body[at : at + pitfall.width])
        at += pitfall.width
        if number == 0:
            values.append(None)
            continue
        scaled, band = divmod(number - 1, len(pitfall.bands))
        if scaled > pitfall.full_max or not _possible(pitfall, scaled, band):
            raise CodeError("values")
        values.append((scaled, band))
    return values


def _possible(pitfall: PitfallLayout, scaled: int, band: int) -> bool:
    """A band the scoring can show for this score: the score's own band, or one a risky habit lifts it to (the
    second band, or the top one), never lower than the score's."""
    by_score = next((i for i, (low, high) in enumerate(pitfall.bands) if low <= scaled <= high), None)
    if by_score is None:
        return False
    return band == by_score or (band > by_score and band in (1, len(pitfall.bands) - 1))


def check_value(body: str) -> int:
    """The check of the characters before it (``CM1`` included)."""
    return sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body)) % CHECK_MOD


def layout_data(content: Content, lang: str | None = None) -> str:
    """The layout as JSON for the browser (with each pitfall's title and bands' labels in ``lang``, if given)."""
    lay = layout(content)
    data: dict = {"prefix": PREFIX, "version": lay.version, "mod": CHECK_MOD, "group": GROUP, "max": MAX_LENGTH}
    data["pitfalls"] = []
    for pitfall in lay.pitfalls:
        entry: dict = {"id": pitfall.id, "max": pitfall.full_max, "width": pitfall.width, "bands": []}
        item = content.statements[pitfall.id]
        for band in sorted(item.bands, key=lambda b: b.min):
            info: dict = {"min": band.min, "max": band.max}
            if lang is not None:
                info |= {"id": band.id, "level": band.level, "label": local(band.label, lang)}
            entry["bands"].append(info)
        if lang is not None:
            entry["title"] = local(content.pitfall(pitfall.id).short_title, lang)
        data["pitfalls"].append(entry)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _width(count: int) -> int:
    """Base-32 characters needed for the numbers 0 .. count - 1."""
    width = 1
    while 32**width < count:
        width += 1
    return width


def _digits(number: int, width: int) -> str:
    out = ""
    for _ in range(width):
        number, digit = divmod(number, 32)
        out = ALPHABET[digit] + out
    return out


def _number(chars: str) -> int:
    value = 0
    for ch in chars:
        value = value * 32 + ALPHABET.index(ch)
    return value
